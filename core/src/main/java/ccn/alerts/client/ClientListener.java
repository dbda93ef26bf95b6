package ccn.alerts.client;

import ccn.alerts.protocol.Message;

import java.time.Duration;

/**
 * Observes an {@link AlertClient}. Methods are called on the client's own threads, one event at
 * a time per client; implementations must be quick and thread-safe (a GUI hands events to its UI
 * thread). Exceptions thrown by a listener are logged and ignored.
 */
public interface ClientListener {
    default void statusChanged(ClientStatus status) {
    }

    /**
     * A new alert, or a later revision of one (an update, an all clear, a cancel: same id, higher
     * {@code revision}). Re-deliveries of a revision already shown are not reported again.
     */
    default void alertReceived(Message.Alert alert) {
    }

    /** READ_OK: the user's confirmation of this alert is on the server's disk (from this or another window). */
    default void readConfirmed(long alertId) {
    }

    /** REMIND: the operator asks again for this alert to be read. */
    default void reminded(long alertId) {
    }

    /** The ACK for this alert was written to the server. */
    default void ackSent(long alertId) {
    }

    /** The server confirmed the ACK (ACK_OK). */
    default void ackConfirmed(long alertId) {
    }

    /** A HEARTBEAT_OK arrived; {@code roundTrip} is the time since its HEARTBEAT was sent. */
    default void heartbeat(Duration roundTrip) {
    }
}
