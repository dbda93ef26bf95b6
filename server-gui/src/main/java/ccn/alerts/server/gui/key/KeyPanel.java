package ccn.alerts.server.gui.key;

import ccn.alerts.server.ServerState;
import ccn.alerts.server.gui.ServerConsoleModel;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The encryption key to hand to students, its fingerprint to compare by eye, Copy, and
 * Regenerate (only while stopped, after a warning). FX thread only.
 */
public final class KeyPanel extends VBox {

    public KeyPanel(ServerConsoleModel model) {
        getStyleClass().addAll("pane", "side-pane", "key-panel");
        setSpacing(6);
        Label title = new Label("Encryption key");
        title.getStyleClass().add("section-title");

        TextField key = new TextField();
        key.setId("keyField");
        key.setEditable(false);
        key.getStyleClass().add("key-text");
        key.textProperty().bind(model.keyTextProperty());
        HBox.setHgrow(key, Priority.ALWAYS);

        Button copy = new Button("Copy");
        copy.setId("copyKeyButton");
        Label copied = new Label();
        copied.getStyleClass().add("hint");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.keyTextProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
            copied.setText("Copied — paste it into each client's key field");
        });

        Label fingerprint = new Label();
        fingerprint.setId("fingerprintLabel");
        fingerprint.getStyleClass().add("fingerprint");
        fingerprint.textProperty().bind(model.fingerprintProperty().map(f -> "Fingerprint " + f));

        Button regenerate = new Button("Regenerate…");
        regenerate.setId("regenerateKeyButton");
        regenerate.disableProperty().bind(model.stateProperty().isNotEqualTo(ServerState.STOPPED).or(model.busyProperty()));
        regenerate.setOnAction(e -> {
            Alert confirm = new Alert(Alert.AlertType.WARNING,
                    "Every client will need the new key; the old one stops working at once.",
                    ButtonType.CANCEL, ButtonType.OK);
            confirm.setHeaderText("Generate a new encryption key?");
            confirm.initOwner(getScene().getWindow());
            confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(b -> model.regenerateKey());
        });
        Label hint = new Label("Students compare the fingerprint in their window with this one.");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);

        getChildren().addAll(title, new HBox(6, key, copy), fingerprint, copied, hint, regenerate);
    }
}
