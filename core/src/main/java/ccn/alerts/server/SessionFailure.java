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
 * What a failure of one connection means: the ERROR line logged (or none), the ERROR the client
 * is told before the close (or none: a wrong key, a broken frame, a vanished peer get no answer
 * that could help an attacker or reach nobody), and the reason the DISCONNECT line gives.
 * Stateless; the one place that maps an exception to words.
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
            case DecryptionFailedException d -> new SessionFailure(
                    (d.isFirstFrame() ? "Wrong encryption key from " : "Rejected frame from ") + label + ": " + d.getMessage(),
                    null, d.isFirstFrame() ? "wrong encryption key" : "frame failed to decrypt");
            case MalformedMessageException m -> new SessionFailure(
                    "Bad message from " + label + ": " + LogSanitizer.clean(m.getMessage()), ErrorCode.BAD_MESSAGE, m.getMessage());
            case HandshakeException h -> new SessionFailure(
                    "Handshake failed with " + address + ": " + h.getMessage(), null, "handshake failed");
            case CorruptedFrameException c -> new SessionFailure(
                    "Corrupt frame from " + label + ": " + c.getMessage(), null, "corrupt frame");
            case ProtocolException p -> new SessionFailure(
                    "Protocol error from " + label + ": " + p.getMessage(), null, "protocol error");
            case IOException io -> new SessionFailure(null, null, "connection lost: " + LogSanitizer.clean(io.getMessage()));
            default -> new SessionFailure("Internal error while serving " + label + ": " + e, ErrorCode.INTERNAL,
                    "internal server error");
        };
    }
}
