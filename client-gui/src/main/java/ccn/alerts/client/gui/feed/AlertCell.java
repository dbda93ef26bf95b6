package ccn.alerts.client.gui.feed;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;

import java.time.ZoneId;
import java.util.function.Consumer;

/** A list cell that reuses one {@link AlertCardView} for whatever alert it shows. */
final class AlertCell extends ListCell<AlertItem> {
    private final AlertCardView card;

    AlertCell(ListView<AlertItem> list, ObservableBooleanValue compact, Consumer<AlertItem> onRead) {
        card = new AlertCardView(ZoneId.systemDefault(), onRead);
        getStyleClass().add("alert-cell");
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        // Wrap the message to the list's width instead of widening the cell.
        setPrefWidth(0);
        card.maxWidthProperty().bind(list.widthProperty().subtract(36));
        card.setCompact(compact.get());
        compact.addListener((o, was, now) -> card.setCompact(now));
    }

    @Override
    protected void updateItem(AlertItem item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
            card.setItem(null);
            setGraphic(null);
        } else {
            if (card.getItem() != item) {
                card.setItem(item);
            }
            setGraphic(card);
        }
    }
}
