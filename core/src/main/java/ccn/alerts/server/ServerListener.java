package ccn.alerts.server;

import ccn.alerts.protocol.Message;

import java.time.Duration;

/**
 * Observes an {@link AlertServer}. Every method has an empty default, so a listener implements
 * only what it shows. Log lines are observed separately through
 * {@link ccn.alerts.log.EventLog#addListener}.
 *
 * <p>Threading: methods are called on the server's own threads (accept, login-phase session,
 * session-loop and scheduler threads) and on the thread that broadcasts an alert, possibly
 * concurrently. Implementations must be thread-safe and return at once: the session loop serves
 * every logged-in client, so a slow listener delays them all. A GUI hands the event to its UI
 * thread. An exception thrown by a listener is logged and ignored.
 */
public interface ServerListener {
    default void stateChanged(ServerState state) {
    }

    default void clientConnected(ClientInfo client) {
    }

    default void clientAuthenticated(ClientInfo client) {
    }

    default void clientDisconnected(ClientInfo client, String reason) {
    }

    /** A client's HEARTBEAT arrived (at most every few seconds per client). */
    default void clientHeartbeat(ClientInfo client) {
    }

    default void alertCreated(Message.Alert alert) {
    }

    /** The alert's frame was written to the client's socket. */
    default void alertDelivered(long alertId, ClientInfo client) {
    }

    default void alertAcknowledged(long alertId, ClientInfo client, Duration latency) {
    }

    /**
     * A frame was written to or read from a session, while wire capture is on
     * ({@link AlertServer#setWireCapture}). Called for every frame: keep it very quick.
     *
     * @param sessionId the session, e.g. {@code s-3}
     * @param peer      who is on the other end: {@code admin (/127.0.0.1:54321)} or the address before login
     */
    default void frameCaptured(String sessionId, String peer, ccn.alerts.protocol.FrameRecord frame) {
    }
}
