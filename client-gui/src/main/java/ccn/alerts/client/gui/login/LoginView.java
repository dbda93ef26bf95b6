package ccn.alerts.client.gui.login;

import ccn.alerts.client.ClientState;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import ccn.alerts.gui.Compact;
import ccn.alerts.gui.FingerprintLabel;
import javafx.css.PseudoClass;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.Locale;
import java.util.Objects;

/**
 * The login form: server, user, password and the encryption key (masked, with Show), the key's
 * fingerprint once valid, Connect (the default button) with a progress indicator, and one plain
 * message per failure. Bound to a {@link LoginModel}.
 */
public final class LoginView extends StackPane {
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final LoginModel model;
    private final Label failure = new Label();
    private final TextField host = field("hostField", "127.0.0.1");
    private final TextField port = field("portField", "8888");
    private final TextField user = field("userField", "e.g. user1");
    private final PasswordField password = new PasswordField();
    private final TextField keyShown = field("keyField", "ccn2-… (copy it from the server window)");
    private final PasswordField keyHidden = new PasswordField();
    private final ToggleButton showKey = new ToggleButton("Show");
    private final GridPane form = new GridPane();
    private final HBox server = new HBox(8);
    private final Label hostLabel = label("Server", host);
    private final Label userLabel = label("Username", user);
    private final Label passwordLabel = label("Password", password);
    private final Label keyLabel = label("Key string", keyHidden);
    private final ReadOnlyBooleanProperty compact;
    private HBox keyRow;
    private Label keyError;
    private VBox fingerprint;
    private HBox actions;

    public LoginView(LoginModel model) {
        this.model = Objects.requireNonNull(model, "model");
        getStyleClass().add("login-view");
        setId("loginView");

        Label title = new Label("CCN Alert Client");
        title.getStyleClass().add("login-title");
        title.setId("loginTitle");
        Label subtitle = new Label("Log in to the alert server to receive its alerts.");
        subtitle.getStyleClass().add("login-subtitle");
        subtitle.setId("loginSubtitle");
        subtitle.setWrapText(true);
        title.setWrapText(true);

        password.setId("passwordField");
        password.setPromptText("password");
        keyHidden.setId("keyHiddenField");
        keyHidden.setPromptText(keyShown.getPromptText());
        host.textProperty().bindBidirectional(model.hostProperty());
        port.textProperty().bindBidirectional(model.portProperty());
        port.setPrefColumnCount(6);
        user.textProperty().bindBidirectional(model.usernameProperty());
        password.textProperty().bindBidirectional(model.passwordProperty());
        keyShown.textProperty().bindBidirectional(model.keyTextProperty());
        keyHidden.textProperty().bindBidirectional(model.keyTextProperty());

        showKey.setId("showKeyToggle");
        showKey.getStyleClass().add("show-key");
        showKey.setMinWidth(Region.USE_PREF_SIZE);
        showKey.textProperty().bind(Bindings.when(showKey.selectedProperty()).then("Hide").otherwise("Show"));
        keyShown.visibleProperty().bind(showKey.selectedProperty());
        keyHidden.visibleProperty().bind(showKey.selectedProperty().not());
        StackPane keyFields = new StackPane(keyHidden, keyShown);
        HBox.setHgrow(keyFields, Priority.ALWAYS);
        HBox keyRow = new HBox(8, keyFields, showKey);

        Label keyError = new Label();
        keyError.setId("keyError");
        keyError.getStyleClass().add("field-error");
        keyError.setWrapText(true);
        keyError.textProperty().bind(model.keyErrorProperty());
        hideWhenEmpty(keyError);
        Label fingerprintCaption = new Label("Key fingerprint — check that the server window shows the same:");
        fingerprintCaption.setId("fingerprintCaption");
        fingerprintCaption.getStyleClass().add("fingerprint");
        fingerprintCaption.setWrapText(true);
        FingerprintLabel fingerprintValue = new FingerprintLabel();
        fingerprintValue.setId("fingerprintLabel");
        fingerprintValue.getStyleClass().add("fingerprint");
        fingerprintValue.fingerprintProperty().bind(model.fingerprintProperty());
        VBox fingerprint = new VBox(2, fingerprintCaption, fingerprintValue);
        fingerprint.setId("fingerprintBox");
        fingerprint.setMinWidth(0);
        fingerprint.managedProperty().bind(model.fingerprintProperty().isNotEmpty());
        fingerprint.visibleProperty().bind(fingerprint.managedProperty());
        fingerprintValue.visibleProperty().bind(fingerprint.managedProperty());

        form.getStyleClass().add("login-form");
        form.setHgap(12);
        form.setVgap(10);
        server.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(host, Priority.ALWAYS);
        host.setMinWidth(0);
        keyFields.setMinWidth(0);
        this.keyRow = keyRow;
        this.keyError = keyError;
        this.fingerprint = fingerprint;

        Button connect = new Button("Connect");
        connect.setId("connectButton");
        connect.getStyleClass().add("connect-button");
        connect.setDefaultButton(true);
        connect.disableProperty().bind(model.validProperty().not().or(model.busyProperty()).or(model.lockedProperty()));
        connect.setOnAction(e -> model.connect());
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("connectProgress");
        progress.visibleProperty().bind(model.busyProperty());
        Label progressText = new Label("Connecting…");
        progressText.getStyleClass().add("login-progress-text");
        progressText.visibleProperty().bind(model.busyProperty());
        HBox actions = new HBox(12, connect, progress, progressText);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setMinWidth(0);
        this.actions = actions;
        compact = Compact.track(this, subtitle);
        compact.addListener((o, was, now) -> arrange());
        arrange();

        failure.setId("loginMessage");
        failure.getStyleClass().add("login-message");
        failure.setWrapText(true);
        failure.textProperty().bind(model.failureProperty());
        hideWhenEmpty(failure);

        VBox card = new VBox(18, title, subtitle, form, failure);
        card.getStyleClass().add("login-card");
        card.setMaxSize(640, USE_PREF_SIZE);
        card.setMinWidth(0);
        getChildren().add(card);
        setAlignment(Pos.CENTER);

        for (TextInputControl f : new TextInputControl[] {host, port, user, password, keyShown, keyHidden}) {
            f.disableProperty().bind(model.busyProperty());
        }
        model.failureStateProperty().addListener((obs, old, now) -> updateState());
        updateState();
    }

    /**
     * Wide: labels in a column left of their fields. Compact (a narrow window): each label above
     * its field, so the fields get the whole width.
     */
    private void arrange() {
        form.getChildren().clear();
        form.getColumnConstraints().clear();
        server.getChildren().setAll(host, new Label(":"), port);
        if (compact.get()) {
            ColumnConstraints only = new ColumnConstraints();
            only.setHgrow(Priority.ALWAYS);
            only.setFillWidth(true);
            form.getColumnConstraints().add(only);
            form.setVgap(4);
            int row = 0;
            for (javafx.scene.Node[] pair : new javafx.scene.Node[][] {
                    {hostLabel, server}, {userLabel, user}, {passwordLabel, password}, {keyLabel, keyRow}}) {
                form.add(pair[0], 0, row++);
                form.add(pair[1], 0, row++);
                GridPane.setMargin(pair[1], new javafx.geometry.Insets(0, 0, 8, 0));
                GridPane.setHalignment(pair[0], HPos.LEFT);
            }
            form.add(keyError, 0, row++);
            form.add(fingerprint, 0, row++);
            form.add(actions, 0, row);
            GridPane.setMargin(actions, new javafx.geometry.Insets(8, 0, 0, 0));
        } else {
            ColumnConstraints labels = new ColumnConstraints();
            labels.setHalignment(HPos.RIGHT);
            labels.setMinWidth(Region.USE_PREF_SIZE);
            ColumnConstraints fields = new ColumnConstraints();
            fields.setHgrow(Priority.ALWAYS);
            fields.setMinWidth(0);
            form.getColumnConstraints().addAll(labels, fields);
            form.setVgap(10);
            for (javafx.scene.Node n : new javafx.scene.Node[] {server, user, password, keyRow, actions}) {
                GridPane.setMargin(n, null);
            }
            for (Label l : new Label[] {hostLabel, userLabel, passwordLabel, keyLabel}) {
                GridPane.setHalignment(l, null);
            }
            form.addRow(0, hostLabel, server);
            form.addRow(1, userLabel, user);
            form.addRow(2, passwordLabel, password);
            form.addRow(3, keyLabel, keyRow);
            form.add(keyError, 1, 4);
            form.add(fingerprint, 1, 5);
            form.add(actions, 1, 6);
        }
    }

    /** Puts the caret in the first field that still needs something (the password, usually). */
    public void focusFirstEmpty() {
        Platform.runLater(() -> {
            for (TextInputControl f : new TextInputControl[] {host, port, user, password}) {
                if (f.getText() == null || f.getText().isBlank()) {
                    f.requestFocus();
                    return;
                }
            }
            (showKey.isSelected() ? keyShown : keyHidden).requestFocus();
        });
    }

    private void updateState() {
        ClientState state = model.failureStateProperty().get();
        failure.pseudoClassStateChanged(FAILED, state != null);
        failure.getStyleClass().removeIf(c -> c.startsWith("failure-"));
        if (state != null) {
            failure.getStyleClass().add("failure-" + state.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        // Put the caret where the fix goes.
        if (state == ClientState.AUTH_FAILED) {
            password.requestFocus();
            password.selectAll();
        } else if (state == ClientState.WRONG_KEY || state == ClientState.WRONG_SERVER) {
            (showKey.isSelected() ? keyShown : keyHidden).requestFocus();
        }
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        return f;
    }

    private static Label label(String text, javafx.scene.Node target) {
        Label l = new Label(text);
        l.getStyleClass().add("form-label");
        l.setMinWidth(Region.USE_PREF_SIZE);
        l.setLabelFor(target);
        return l;
    }

    private static void hideWhenEmpty(Label l) {
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.managedProperty());
    }
}
