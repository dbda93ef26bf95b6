package ccn.alerts.server;

import ccn.alerts.auth.LoginResult;
import ccn.alerts.log.EventType;
import ccn.alerts.protocol.FrameRecord;
import ccn.alerts.protocol.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a {@link ClientSession} may ask of the server: the narrow interface sessions see instead
 * of the whole {@link AlertServer}. Every method returns at once — work that may block, a password
 * check or a journal force, completes a future on another thread; {@link #log} waits at most a
 * few milliseconds for the log writer, once per disk stall — and none calls back into the session
 * on the calling thread.
 */
interface SessionHost {
    ServerConfig config();

    Instant now();

    void log(EventType type, String message);

    /**
     * Admission, once the preambles are exchanged: null to serve the connection, or the
     * TOO_MANY_CONNECTIONS error it is told before it is closed (the refusal is logged).
     *
     * @param hasPlace whether the connection got a place among those of its address not logged in yet
     */
    Message.ErrorReport refusal(String address, String host, boolean hasPlace);

    /** Checks a login on the password pool; completes with the result, never on the loop thread. */
    CompletableFuture<LoginResult> checkLogin(String username, char[] password, String address);

    /** AUTH_SUCCESS, then what this session missed, then every new alert; on the session's loop thread. */
    void join(ClientSession session, String welcome);

    /**
     * Records an ACK; completes once it is on disk with the send-to-ACK latency, or empty when it
     * was not the first ACK of a delivery to this session.
     */
    CompletableFuture<Optional<Duration>> acknowledge(ClientSession session, long alertId, Integer revision);

    /**
     * Records that the session's user read the alert; completes once it is on disk with true for
     * the user's first read, false otherwise (a repeat: after the first is on disk).
     */
    CompletableFuture<Boolean> read(ClientSession session, long alertId);

    /** The user's first read of the alert is on disk: log it, READ_OK to each of their windows; on the loop thread. */
    void readConfirmed(ClientSession session, long alertId);

    /** Whether each recipient's send and ACK of this alert gets its own log line. */
    boolean logsEachRecipient(long alertId);

    boolean wireCapture();

    void frameCaptured(ClientSession session, FrameRecord frame);

    void authenticated(ClientSession session);

    void heartbeat(ClientSession session);

    void alertDelivered(ClientSession session, long alertId);

    void acknowledged(ClientSession session, long alertId, Duration latency);

    /** The session is over and its socket closed; called once. */
    void ended(ClientSession session, String reason);
}
