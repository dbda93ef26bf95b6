package ccn.alerts.server.gui.users;

import ccn.alerts.auth.UserStore;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Users: list, add (username, password twice), remove; persisted by core's UserStore. FX thread only. */
public final class UsersView extends BorderPane {
    private final ListView<String> list;
    private final Label feedback = new Label();

    public UsersView(UsersModel model) {
        getStyleClass().add("pane");
        list = new ListView<>(model.usernames());
        list.setId("usersList");

        TextField name = new TextField();
        name.setId("newUsername");
        name.setPromptText("username");
        PasswordField pw = new PasswordField();
        pw.setId("newPassword");
        pw.setPromptText("password");
        PasswordField again = new PasswordField();
        again.setId("newPasswordAgain");
        again.setPromptText("password again");
        StringBinding problem = Bindings.createStringBinding(() -> {
            String n = name.getText() == null ? "" : name.getText().strip();
            if (n.isEmpty()) {
                return "Enter a username";
            }
            if (!UserStore.isValidUsername(n)) {
                return "Usernames are 1–64 letters, digits, '.', '_' or '-'";
            }
            if (model.exists(n)) {
                return "User '" + n + "' already exists";
            }
            if (pw.getText().isEmpty()) {
                return "Enter a password";
            }
            if (!pw.getText().equals(again.getText())) {
                return "The passwords do not match";
            }
            return "";
        }, name.textProperty(), pw.textProperty(), again.textProperty(), list.getItems());
        Label validation = new Label();
        validation.setId("userValidation");
        validation.getStyleClass().add("validation");
        // A problem is shown once someone types, and goes with a successful add: the emptied form
        // after "Added student1" is not a mistake to point at.
        BooleanProperty edited = new SimpleBooleanProperty(false);
        boolean[] clearing = {false};
        javafx.beans.InvalidationListener typed = o -> edited.set(edited.get() || !clearing[0]);
        name.textProperty().addListener(typed);
        pw.textProperty().addListener(typed);
        again.textProperty().addListener(typed);
        validation.textProperty().bind(Bindings.when(edited).then(problem).otherwise(""));

        Button add = new Button("Add user");
        add.setId("addUserButton");
        add.getStyleClass().add("accent");
        add.disableProperty().bind(problem.isNotEmpty().or(model.busyProperty()));
        add.setOnAction(e -> {
            String n = name.getText().strip();
            char[] secret = pw.getText().toCharArray();
            model.addUser(n, secret).thenAccept(added -> {
                clearing[0] = true;
                name.clear();
                pw.clear();
                again.clear();
                clearing[0] = false;
                edited.set(false);
            });
        });

        Button remove = new Button("Remove selected");
        remove.setId("removeUserButton");
        remove.getStyleClass().add("danger");
        remove.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> {
            String n = list.getSelectionModel().getSelectedItem();
            model.removeUser(n);
        });

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, new Label("Username"), name);
        form.addRow(1, new Label("Password"), pw);
        form.addRow(2, new Label("Again"), again);
        Label title = new Label("Add a user");
        title.getStyleClass().add("section-title");
        feedback.setId("userFeedback");
        feedback.getStyleClass().add("hint");
        feedback.setWrapText(true);
        feedback.textProperty().bind(model.feedbackProperty());
        HBox buttons = new HBox(8, add, remove);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Label note = new Label("Passwords are stored only as salted PBKDF2 hashes in users.json.");
        note.getStyleClass().add("hint");
        note.setWrapText(true);
        VBox side = new VBox(10, title, form, validation, buttons, feedback, note);
        side.getStyleClass().add("side-form");
        side.setPrefWidth(360);

        Label caption = new Label("Users who may log in");
        caption.getStyleClass().add("pane-caption");
        HBox header = new HBox(caption);
        header.getStyleClass().add("pane-header");
        setTop(header);
        setCenter(list);
        setRight(side);
    }
}
