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

/** One row of the alerts table, with its ACK progress; updated in place. FX thread only. */
public final class AlertRow {
    private final Message.Alert alert;
    private final ReadOnlyStringWrapper acks = new ReadOnlyStringWrapper("0 / 0");
    private final ReadOnlyDoubleWrapper ackShare = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyObjectWrapper<List<AckTracker.Delivery>> deliveries = new ReadOnlyObjectWrapper<>(List.of());

    public AlertRow(Message.Alert alert) {
        this.alert = Objects.requireNonNull(alert, "alert");
    }

    public void update(AckTracker.AlertStatus status) {
        int total = status.deliveries().size();
        long done = status.acknowledged();
        acks.set(done + " / " + total);
        ackShare.set(total == 0 ? 0 : (double) done / total);
        if (!status.deliveries().equals(deliveries.get())) {
            deliveries.set(status.deliveries());
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

    public ReadOnlyObjectProperty<List<AckTracker.Delivery>> deliveriesProperty() {
        return deliveries.getReadOnlyProperty();
    }
}
