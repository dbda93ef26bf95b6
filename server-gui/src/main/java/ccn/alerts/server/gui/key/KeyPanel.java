package ccn.alerts.server.gui.key;

import ccn.alerts.gui.FingerprintLabel;
import ccn.alerts.server.ServerState;
import ccn.alerts.server.gui.ServerConsoleModel;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The key string to hand to students, its fingerprint to compare by eye, Copy, and Regenerate
 * (only while stopped), which asks whether to renew the class key, the server identity or both.
 * FX thread only.
 */
public final class KeyPanel extends VBox {

    public KeyPanel(ServerConsoleModel model) {
        getStyleClass().addAll("pane", "side-pane", "key-panel");
        setSpacing(6);
        Label title = new Label("Key string");
        title.getStyleClass().add("section-title");

        TextField key = new TextField();
        key.setId("keyField");
        key.setEditable(false);
        key.getStyleClass().add("key-text");
        key.textProperty().bind(model.keyTextProperty());
        key.setMinWidth(0);
        HBox.setHgrow(key, Priority.ALWAYS);

        Button copy = new Button("Copy");
        copy.setId("copyKeyButton");
        copy.setMinWidth(USE_PREF_SIZE);
        Label copied = new Label();
        copied.getStyleClass().add("hint");
        copied.setWrapText(true);
        copied.managedProperty().bind(copied.textProperty().isNotEmpty());
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(model.keyTextProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
            copied.setText("Copied — paste it into each client's key field");
        });

        Label caption = new Label("Fingerprint");
        caption.getStyleClass().add("field-label");
        FingerprintLabel fingerprint = new FingerprintLabel();
        fingerprint.setId("fingerprintLabel");
        fingerprint.getStyleClass().add("fingerprint");
        fingerprint.fingerprintProperty().bind(model.fingerprintProperty());
        Label names = new Label("It names this server and this class key together: students compare it with the one in their window.");
        names.setId("fingerprintHint");
        names.getStyleClass().add("hint");
        names.setWrapText(true);

        Button regenerate = new Button("Regenerate…");
        regenerate.setId("regenerateKeyButton");
        regenerate.disableProperty().bind(model.stateProperty().isNotEqualTo(ServerState.STOPPED).or(model.busyProperty()));
        regenerate.setOnAction(e -> new RegenerateKeyDialog(getScene().getWindow()).showAndWait()
                .ifPresent(choice -> model.regenerateKey(choice.classKey(), choice.identity())));
        Label stopFirst = new Label("Stop the server to regenerate.");
        stopFirst.setId("stopToRegenerate");
        stopFirst.getStyleClass().add("hint");
        stopFirst.visibleProperty().bind(regenerate.disabledProperty().and(model.busyProperty().not()));
        stopFirst.managedProperty().bind(stopFirst.visibleProperty());
        stopFirst.setWrapText(true);

        getChildren().addAll(title, new HBox(6, key, copy), caption, fingerprint, names, copied, regenerate, stopFirst);
    }
}
