package ccn.alerts.client.gui.feed;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.Objects;

/**
 * One alert in the feed: the message as received and its ACK state. Only the ACK state changes.
 * Not thread-safe: use on the FX Application Thread.
 */
public final class AlertItem {
    private final Message.Alert alert;
    private final ReadOnlyObjectWrapper<AckState> ackState = new ReadOnlyObjectWrapper<>(this, "ackState", AckState.RECEIVED);
    private boolean highlightPending;

    public AlertItem(Message.Alert alert) {
        this.alert = Objects.requireNonNull(alert, "alert");
        this.highlightPending = alert.priority() == Priority.HIGH && !alert.redelivery();
    }

    public Message.Alert alert() {
        return alert;
    }

    public long alertId() {
        return alert.alertId();
    }

    public Priority priority() {
        return alert.priority();
    }

    public ReadOnlyObjectProperty<AckState> ackStateProperty() {
        return ackState.getReadOnlyProperty();
    }

    public AckState getAckState() {
        return ackState.get();
    }

    /** Moves the ACK state forward; a late "sent" after "confirmed" (a re-delivery) changes nothing. */
    void advanceAckState(AckState next) {
        if (next.compareTo(ackState.get()) > 0) {
            ackState.set(next);
        }
    }

    /** True once for a new HIGH alert: the first card to show it draws attention, later ones do not. */
    boolean takeHighlight() {
        boolean pending = highlightPending;
        highlightPending = false;
        return pending;
    }
}
