package ccn.alerts.server.gui.alerts;

import javafx.scene.control.Dialog;
import javafx.stage.Window;

/** What the alert dialogs share. */
final class AlertDialogs {
    private AlertDialogs() {
    }

    /** Owned by the console, with its stylesheets and zoom (a font size on its root), so it reads like it. */
    static void styleLike(Dialog<?> dialog, Window owner, String styleClass) {
        dialog.initOwner(owner);
        dialog.getDialogPane().getStyleClass().addAll("alert-dialog", styleClass);
        if (owner != null && owner.getScene() != null) {
            dialog.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
            dialog.getDialogPane().setStyle(owner.getScene().getRoot().getStyle());
        }
    }
}
