package ccn.alerts.server.gui.alerts;

import ccn.alerts.protocol.Message;
import ccn.alerts.server.AckTracker;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.List;
import java.util.Objects;

/**
 * One row of the alerts table, with its ACK counts; updated in place by {@link AlertsModel}, which
 * fills {@link #deliveriesProperty()} only while the row is selected. FX thread only.
 */
public final class AlertRow {
    private final Message.Alert alert;
    private final ReadOnlyStringWrapper acks = new ReadOnlyStringWrapper("0 / 0");
    private final ReadOnlyDoubleWrapper ackShare = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyObjectWrapper<List<AckTracker.Delivery>> deliveries = new ReadOnlyObjectWrapper<>(List.of());

    public AlertRow(Message.Alert alert) {
        this.alert = Objects.requireNonNull(alert, "alert");
    }

    void update(AckTracker.AlertSummary summary) {
        int total = summary.delivered();
        int done = summary.acknowledged();
        acks.set(done + " / " + total);
        ackShare.set(total == 0 ? 0 : (double) done / total);
    }

    /** Only the selected row holds its deliveries; the others keep an empty list. */
    void showDeliveries(List<AckTracker.Delivery> now) {
        if (!now.equals(deliveries.get())) {
            deliveries.set(now);
        }
    }

    public Message.Alert alert() {
        return alert;
    }

    public long alertId() {
        return alert.alertId();
    }

    /** "acknowledged / sent", e.g. {@code 2 / 3}. */
    public ReadOnlyStringProperty acksProperty() {
        return acks.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty ackShareProperty() {
        return ackShare.getReadOnlyProperty();
    }

    /** Every recipient and when they acknowledged, while this row is the selected one; else empty. */
    public ReadOnlyObjectProperty<List<AckTracker.Delivery>> deliveriesProperty() {
        return deliveries.getReadOnlyProperty();
    }
}
