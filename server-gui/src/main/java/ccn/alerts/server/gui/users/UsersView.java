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
        list.setCellFactory(l -> new UserCell(model));

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
        VBox side = new VBox(10, title, form, validation, buttons, feedback, note, groupsSection(model));
        side.getStyleClass().add("side-form");
        side.setPrefWidth(360);

        Label caption = new Label("Users who may log in, and their groups");
        caption.getStyleClass().add("pane-caption");
        HBox header = new HBox(caption);
        header.getStyleClass().add("pane-header");
        setTop(header);
        setCenter(list);
        // Scrolls on a short tab (the 1280×800 demo leaves it about 300 px): Groups is at the bottom.
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(side);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("users-side");
        setRight(scroll);
    }

    /** The selected user's groups as "lab-a, lab-b", saved with a button (Enter in the field too). */
    private VBox groupsSection(UsersModel model) {
        Label title = new Label("Groups");
        title.getStyleClass().add("section-title");
        Label whose = new Label("Select a user to change their groups.");
        whose.setWrapText(true);
        TextField groups = new TextField();
        groups.setId("groupsField");
        groups.setPromptText("e.g. lab-a, lab-b");
        Button save = new Button("Save groups");
        save.setId("saveGroupsButton");
        var selected = list.getSelectionModel().selectedItemProperty();
        groups.disableProperty().bind(selected.isNull());
        save.disableProperty().bind(selected.isNull().or(model.busyProperty()));
        selected.addListener((o, was, user) -> {
            whose.setText(user == null ? "Select a user to change their groups." : "Groups of " + user
                    + " (commas between names; empty for none):");
            groups.setText(user == null ? "" : model.groupsText(user));
        });
        Runnable apply = () -> {
            String user = selected.get();
            if (user != null) {
                // The names stay the same: the cells are redrawn for the groups they show.
                model.setGroups(user, groups.getText()).thenAccept(stored -> list.refresh());
            }
        };
        save.setOnAction(e -> apply.run());
        groups.setOnAction(e -> apply.run());
        Label hint = new Label("Groups are what the send form's \"To: Groups\" offers. An alert already sent keeps"
                + " the audience it had.");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        HBox row = new HBox(8, groups, save);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(groups, javafx.scene.layout.Priority.ALWAYS);
        return new VBox(8, title, whose, row, hint);
    }

    /** A username and, muted after it, the groups they are in. */
    private static final class UserCell extends javafx.scene.control.ListCell<String> {
        private final Label name = new Label();
        private final Label groups = new Label();
        private final HBox box = new HBox(12, name, groups);
        private final UsersModel model;

        UserCell(UsersModel model) {
            this.model = model;
            groups.getStyleClass().add("user-groups");
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(String user, boolean empty) {
            super.updateItem(user, empty);
            setText(null);
            if (empty || user == null) {
                setGraphic(null);
                return;
            }
            name.setText(user);
            String g = model.groupsText(user);
            groups.setText(g.isEmpty() ? "" : "groups: " + g);
            setGraphic(box);
        }
    }
}
