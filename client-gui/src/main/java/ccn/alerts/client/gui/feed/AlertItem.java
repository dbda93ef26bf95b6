package ccn.alerts.client.gui.feed;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.time.Instant;
import java.util.Objects;

/**
 * One alert in the feed: its latest revision, its ACK state, whether the person has confirmed
 * reading it, and whether it has expired. A later revision (update, all clear, cancel) replaces
 * the alert in place, so the card that shows it changes rather than a second one appearing.
 * Not thread-safe: use on the FX Application Thread.
 */
public final class AlertItem {
    private final long alertId;
    private final ReadOnlyObjectWrapper<Message.Alert> alert;
    private final ReadOnlyObjectWrapper<AckState> ackState = new ReadOnlyObjectWrapper<>(this, "ackState", AckState.RECEIVED);
    private final ReadOnlyObjectWrapper<ReadState> readState = new ReadOnlyObjectWrapper<>(this, "readState", ReadState.UNREAD);
    private final ReadOnlyBooleanWrapper expired = new ReadOnlyBooleanWrapper(this, "expired");
    private final ReadOnlyBooleanWrapper caughtUp = new ReadOnlyBooleanWrapper(this, "caughtUp");
    private boolean highlightPending;

    public AlertItem(Message.Alert alert) {
        Objects.requireNonNull(alert, "alert");
        this.alertId = alert.alertId();
        this.alert = new ReadOnlyObjectWrapper<>(this, "alert", alert);
        this.caughtUp.set(alert.catchUp());
        this.highlightPending = alert.priority() == Priority.HIGH && !alert.redelivery() && !alert.state().ended();
    }

    /** The latest revision shown. */
    public Message.Alert alert() {
        return alert.get();
    }

    public ReadOnlyObjectProperty<Message.Alert> alertProperty() {
        return alert.getReadOnlyProperty();
    }

    public long alertId() {
        return alertId;
    }

    public Priority priority() {
        return alert.get().priority();
    }

    public ReadOnlyObjectProperty<AckState> ackStateProperty() {
        return ackState.getReadOnlyProperty();
    }

    public AckState getAckState() {
        return ackState.get();
    }

    public ReadOnlyObjectProperty<ReadState> readStateProperty() {
        return readState.getReadOnlyProperty();
    }

    public ReadState getReadState() {
        return readState.get();
    }

    /** True once the alert's {@code expires} has passed (as the feed's clock last saw it). */
    public ReadOnlyBooleanProperty expiredProperty() {
        return expired.getReadOnlyProperty();
    }

    public boolean isExpired() {
        return expired.get();
    }

    /** Issued or changed while the user was not logged in: the card says "While you were away". */
    public ReadOnlyBooleanProperty caughtUpProperty() {
        return caughtUp.getReadOnlyProperty();
    }

    /** Neither ended (all clear, cancelled) nor expired. */
    public boolean isActive() {
        return !alert.get().state().ended() && !expired.get();
    }

    /** Active and not yet confirmed by the person: what rings. */
    public boolean wantsAttention() {
        return isActive() && !readState.get().isRead();
    }

    /**
     * Takes a later revision; false (nothing changes) for one that is not newer than what is shown.
     * A revision that keeps the alert active pulses the card again, so the change is seen.
     */
    boolean revise(Message.Alert next) {
        if (next.alertId() != alertId || next.revision() <= alert.get().revision()) {
            return false;
        }
        alert.set(next);
        if (next.catchUp()) {
            caughtUp.set(true);
        }
        highlightPending = next.priority() == Priority.HIGH && !next.state().ended();
        return true;
    }

    /** Moves the ACK state forward; a late "sent" after "confirmed" (a re-delivery) changes nothing. */
    void advanceAckState(AckState next) {
        if (next.compareTo(ackState.get()) > 0) {
            ackState.set(next);
        }
    }

    /** Moves the read state forward; false when it was already there or further. */
    boolean advanceReadState(ReadState next) {
        if (next.compareTo(readState.get()) > 0) {
            readState.set(next);
            return true;
        }
        return false;
    }

    void setExpired(boolean now) {
        expired.set(now);
    }

    /** True once for a new (or changed) HIGH alert: the first card to show it draws attention, later ones do not. */
    boolean takeHighlight() {
        boolean pending = highlightPending;
        highlightPending = false;
        return pending;
    }
}
