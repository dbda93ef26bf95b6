package ccn.alerts.server.gui.alerts;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.gui.ExpiryChoice;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Corrects an alert: its text, priority and expiry, sent as a new revision that replaces the card
 * on every screen that has it. The expiry keeps its current value unless another is picked. The
 * result is the new revision's values, or nothing on Cancel. FX thread only.
 */
final class UpdateAlertDialog extends Dialog<UpdateAlertDialog.Update> {
    static final ButtonType SEND = new ButtonType("Send update", ButtonBar.ButtonData.OK_DONE);
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());

    /** What the operator asked for. */
    record Update(Priority priority, String text, Instant expires) {
    }

    UpdateAlertDialog(Window owner, Message.Alert alert) {
        AlertDialogs.styleLike(this, owner, "update-dialog");
        setTitle("Update alert " + alert.alertId());
        setHeaderText("Update alert " + alert.alertId() + " (revision " + alert.revision() + ")");
        DialogPane pane = getDialogPane();
        pane.setId("updateDialog");

        TextArea text = new TextArea(alert.message());
        text.setId("updateText");
        text.setWrapText(true);
        text.setPrefRowCount(3);
        ChoiceBox<Priority> priority = new ChoiceBox<>();
        priority.setId("updatePriority");
        priority.getItems().addAll(Priority.LOW, Priority.MEDIUM, Priority.HIGH);
        priority.setValue(alert.priority());
        ChoiceBox<String> expiry = new ChoiceBox<>();
        expiry.setId("updateExpiry");
        Instant current = alert.expiresAt();
        expiry.getItems().add(current == null ? "Keep: no expiry" : "Keep: " + HM.format(current));
        for (ExpiryChoice c : ExpiryChoice.values()) {
            expiry.getItems().add(c.label());
        }
        expiry.getSelectionModel().select(0);
        Label hint = new Label("Everyone who has this alert sees the new text in place of the old.");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, new Label("Text"), text);
        form.addRow(1, new Label("Priority"), priority);
        form.addRow(2, new Label("Expires"), expiry);
        pane.setContent(new VBox(10, form, hint));

        pane.getButtonTypes().setAll(ButtonType.CANCEL, SEND);
        Button send = (Button) pane.lookupButton(SEND);
        send.setId("updateConfirm");
        send.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            String t = text.getText() == null ? "" : text.getText().strip();
            return t.isEmpty() || t.length() > Message.MAX_ALERT_TEXT;
        }, text.textProperty()));
        ((Button) pane.lookupButton(ButtonType.CANCEL)).setId("updateCancel");
        setResultConverter(button -> {
            if (button != SEND) {
                return null;
            }
            int i = expiry.getSelectionModel().getSelectedIndex();
            Instant expires = i <= 0 ? current
                    : ExpiryChoice.values()[i - 1].expiresAt(Instant.now(), ZoneId.systemDefault());
            return new Update(priority.getValue(), text.getText().strip(), expires);
        });
    }
}
