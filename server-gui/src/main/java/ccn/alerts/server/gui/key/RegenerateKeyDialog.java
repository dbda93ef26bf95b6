package ccn.alerts.server.gui.key;

import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks what to renew before the key string changes: the class key (the default), the server
 * identity, or both, each with when to choose it, under the warning that every student needs the
 * new key string. Its result is the choice, or nothing on Cancel. Cancel is the default button:
 * Enter must not break every student's key string. FX thread only.
 */
public final class RegenerateKeyDialog extends Dialog<KeyRenewal> {
    public static final ButtonType GENERATE = new ButtonType("Generate new key string", ButtonBar.ButtonData.OK_DONE);

    private final ToggleGroup choice = new ToggleGroup();

    public RegenerateKeyDialog(Window owner) {
        initOwner(owner);
        setTitle("Regenerate the key string");
        DialogPane pane = getDialogPane();
        pane.setId("regenerateDialog");
        pane.getStyleClass().add("regenerate-dialog");
        if (owner != null && owner.getScene() != null) {
            // The console's stylesheets and zoom (a font size on its root), so it reads like the window it belongs to.
            pane.getStylesheets().setAll(owner.getScene().getStylesheets());
            pane.setStyle(owner.getScene().getRoot().getStyle());
        }
        setHeaderText("Generate a new key string?");

        Label warning = new Label("Every student needs the new key string. The old one stops working at once:"
                + " students who reconnect with it are refused until they paste the new one.");
        warning.setId("regenerateWarning");
        warning.getStyleClass().add("regenerate-warning");
        warning.setWrapText(true);
        VBox content = new VBox(10, warning,
                option(KeyRenewal.CLASS_KEY, "renewClassKey", "New class key",
                        "Use when the key string leaked beyond the class (posted online, passed to another class)."
                                + " The server keeps its identity."),
                option(KeyRenewal.IDENTITY, "renewIdentity", "New server identity",
                        "Use when the data directory was copied or the server's private key may be known:"
                                + " another computer could pose as this server. The class key stays."),
                option(KeyRenewal.BOTH, "renewBoth", "Both",
                        "Use when you cannot tell which of the two got out."));
        content.getStyleClass().add("regenerate-options");
        pane.setContent(content);
        choice.selectToggle(choice.getToggles().getFirst());

        pane.getButtonTypes().setAll(ButtonType.CANCEL, GENERATE);
        Button generate = (Button) pane.lookupButton(GENERATE);
        generate.setId("confirmRegenerate");
        generate.setDefaultButton(false);
        Button cancel = (Button) pane.lookupButton(ButtonType.CANCEL);
        cancel.setId("cancelRegenerate");
        cancel.setDefaultButton(true);
        setResultConverter(button -> button == GENERATE ? selected() : null);
    }

    /** The choice as it stands. */
    public KeyRenewal selected() {
        return (KeyRenewal) choice.getSelectedToggle().getUserData();
    }

    private VBox option(KeyRenewal what, String id, String title, String when) {
        RadioButton button = new RadioButton(title);
        button.setId(id);
        button.setUserData(what);
        button.setToggleGroup(choice);
        button.getStyleClass().add("renewal-choice");
        Label hint = new Label(when);
        hint.getStyleClass().addAll("hint", "renewal-hint");
        hint.setWrapText(true);
        hint.setLabelFor(button);
        return new VBox(2, button, hint);
    }
}
