package ccn.alerts.server;

import ccn.alerts.protocol.Message;

import java.time.Duration;

/**
 * Observes an {@link AlertServer}. Every method has an empty default, so a listener implements
 * only what it shows. Log lines are observed separately through
 * {@link ccn.alerts.log.EventLog#addListener}.
 *
 * <p>Threading: every method is called on one thread, {@code ccn-listeners}, one event at a time
 * and in the order the events happened (a client's connection before its login, an alert's
 * creation before its deliveries and ACKs). The engine only queues events: no engine thread runs
 * listener code and no engine lock is held while a listener runs, so a listener may call back into
 * the server, from its own thread or another, even {@code start()} or {@code stop()}, without
 * deadlocking it. A slow listener delays only later events, never a client; a GUI still hands
 * each event to its UI thread. An exception thrown by a listener is logged and ignored.
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

    /** A later revision of an alert was made: an update, an all clear or a cancel. */
    default void alertRevised(Message.Alert alert) {
    }

    /** A user confirmed reading an alert (their first confirmation of it; on disk). */
    default void alertRead(long alertId, String username) {
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
