package ccn.alerts.server;

import ccn.alerts.log.LogSanitizer;
import ccn.alerts.protocol.CorruptedFrameException;
import ccn.alerts.protocol.DecryptionFailedException;
import ccn.alerts.protocol.HandshakeException;
import ccn.alerts.protocol.MalformedMessageException;
import ccn.alerts.protocol.Message.ErrorCode;
import ccn.alerts.protocol.ProtocolException;

import java.io.EOFException;
import java.io.IOException;

/**
 * How a session ends when something goes wrong: the ERROR line logged (or none), the ERROR the
 * client is told before the close (or none: a wrong key, a broken frame, a vanished peer get no
 * answer that could help an attacker or reach nobody), and the reason the DISCONNECT line gives.
 * Stateless; the one place that puts a failure, a timeout or a stall into words.
 *
 * @param logLine null when the close is ordinary (the client hung up)
 * @param tell    null when the connection is closed without a last frame
 */
record SessionFailure(String logLine, ErrorCode tell, String reason) {

    /**
     * @param label   the client as logs name it ({@code admin (/127.0.0.1:5000)} or its address)
     * @param address its address alone, for failures before anything else is known
     */
    static SessionFailure of(Exception e, String label, String address) {
        return switch (e) {
            case EOFException ignored -> new SessionFailure(null, null, "client closed the connection");
            case DecryptionFailedException d -> new SessionFailure("Rejected frame from " + label + ": " + d.getMessage(),
                    null, "frame failed to decrypt");
            case MalformedMessageException m -> badMessage(label, m.getMessage());
            case HandshakeException h -> handshake(h, address);
            case CorruptedFrameException c -> new SessionFailure(
                    "Corrupt frame from " + label + ": " + c.getMessage(), null, "corrupt frame");
            case ProtocolException p -> new SessionFailure(
                    "Protocol error from " + label + ": " + p.getMessage(), null, "protocol error");
            case IOException io -> new SessionFailure(null, null, "connection lost: " + LogSanitizer.clean(io.getMessage()));
            default -> new SessionFailure("Internal error while serving " + label + ": " + e, ErrorCode.INTERNAL,
                    "internal server error");
        };
    }

    /** One log line per way a handshake fails (docs/PROTOCOL.md §4.5); the client was told by REJECT, if at all. */
    private static SessionFailure handshake(HandshakeException h, String address) {
        String why = LogSanitizer.clean(h.getMessage());
        return switch (h.reason()) {
            case WRONG_CLASS_KEY -> new SessionFailure("Wrong class key from " + address + ": " + why, null, "wrong class key");
            case OTHER_SERVER -> new SessionFailure("Client at " + address + " has a key string for another server: " + why,
                    null, "key string for another server");
            case OLD_VERSION -> new SessionFailure("Client at " + address + " speaks protocol 1: it must be updated to"
                    + " protocol 2 (and given the new key string)", null, "protocol 1 client (update your client)");
            case NOT_CCN -> new SessionFailure("Not a CCN alert client at " + address + ": " + why, null, "not a CCN client");
            default -> new SessionFailure("Handshake failed with " + address + ": " + why, null, "handshake failed");
        };
    }

    /** A message that is invalid, or not allowed in this direction or state. */
    static SessionFailure badMessage(String label, String why) {
        return new SessionFailure("Bad message from " + label + ": " + LogSanitizer.clean(why), ErrorCode.BAD_MESSAGE, why);
    }

    /** No frame for three heartbeat intervals after login. */
    static SessionFailure silent(ServerConfig config) {
        String text = "timed out: no heartbeat for " + config.heartbeatInterval().multipliedBy(3).toSeconds() + " s";
        return new SessionFailure(null, ErrorCode.TIMED_OUT, text);
    }

    /** No successful login within the login deadline, counted from the connection opening. */
    static SessionFailure noLogin(ServerConfig config) {
        return new SessionFailure(null, ErrorCode.LOGIN_TIMEOUT, "no login within " + config.loginTimeout().toSeconds() + " s");
    }

    /** The oldest frame waiting for the socket has waited too long: the client stopped reading. */
    static SessionFailure stalled(long blockedNanos, String label) {
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(blockedNanos);
        return new SessionFailure("Closing " + label + ": a write has been blocked for " + seconds
                + " s (the client stopped reading)", null, "client stopped reading (write blocked for " + seconds + " s)");
    }
}
