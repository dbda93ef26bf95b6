package ccn.alerts.server.gui.alerts;

import ccn.alerts.protocol.Message;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Ends an alert, and is its own confirmation: All clear (the danger is over) or Cancelled (sent
 * in error), an optional closing text, and a warning that it cannot be undone. Cancel is the
 * default button: Enter must not end an alert. The result is the choice, or nothing on Cancel.
 * FX thread only.
 */
final class EndAlertDialog extends Dialog<EndAlertDialog.End> {
    static final ButtonType END = new ButtonType("End alert", ButtonBar.ButtonData.OK_DONE);

    /** What the operator asked for; a blank text keeps the alert's own. */
    record End(Message.AlertState how, String text) {
    }

    EndAlertDialog(Window owner, Message.Alert alert) {
        AlertDialogs.styleLike(this, owner, "end-dialog");
        setTitle("End alert " + alert.alertId());
        setHeaderText("End alert " + alert.alertId() + "?");
        DialogPane pane = getDialogPane();
        pane.setId("endDialog");

        ToggleGroup how = new ToggleGroup();
        RadioButton allClear = new RadioButton("All clear: the danger is over");
        allClear.setId("endAllClear");
        allClear.setUserData(Message.AlertState.ALL_CLEAR);
        allClear.setToggleGroup(how);
        RadioButton cancelled = new RadioButton("Cancelled: it was sent in error");
        cancelled.setId("endCancelled");
        cancelled.setUserData(Message.AlertState.CANCELLED);
        cancelled.setToggleGroup(how);
        how.selectToggle(allClear);
        TextArea text = new TextArea();
        text.setId("endText");
        text.setPromptText("Closing text (optional), e.g. \"You may return to the lab\"");
        text.setWrapText(true);
        text.setPrefRowCount(2);
        Label warning = new Label("It stops ringing on every screen that has it, and cannot be undone.");
        warning.getStyleClass().add("end-warning");
        warning.setWrapText(true);
        pane.setContent(new VBox(8, allClear, cancelled, text, warning));

        pane.getButtonTypes().setAll(ButtonType.CANCEL, END);
        Button end = (Button) pane.lookupButton(END);
        end.setId("endConfirm");
        end.setDefaultButton(false);
        Button cancel = (Button) pane.lookupButton(ButtonType.CANCEL);
        cancel.setId("endCancel");
        cancel.setDefaultButton(true);
        setResultConverter(button -> button != END ? null
                : new End((Message.AlertState) how.getSelectedToggle().getUserData(), text.getText().strip()));
    }
}
