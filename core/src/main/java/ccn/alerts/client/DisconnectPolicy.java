package ccn.alerts.client;

import ccn.alerts.protocol.CorruptedFrameException;
import ccn.alerts.protocol.DecryptionFailedException;
import ccn.alerts.protocol.HandshakeException;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.MessageCodec;
import ccn.alerts.protocol.ProtocolException;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What the end of one connection attempt means: the status the user sees, and whether the client
 * tries again. It decides only; the caller sets the status once the connection is closed.
 *
 * <p>The rules: a wrong key, wrong credentials, a throttled login, a kick or a server shutdown are
 * final. A connection that had been logged in (on this attempt or an earlier one) is re-established
 * after a drop. Before the first login, an unreachable server is final, so the user can fix the
 * address; once the client has been connected, it is one more retry. After {@code logout()} nothing
 * is reported, so the user sees "Logged out" rather than what the dying attempt met.
 *
 * <p>Thread-safety: immutable apart from reading the client's stop flag; used by the connection
 * thread only.
 */
final class DisconnectPolicy {

    /**
     * How one attempt ended.
     *
     * @param wasConnected whether it got as far as logged in
     * @param stop         true to stop for good, false to retry after the back-off
     * @param status       what to report, or null to leave the status as it is
     */
    record Ending(boolean wasConnected, boolean stop, ClientStatus status) {
    }

    private final ClientConfig config;
    private final String where;
    /** True while re-establishing a connection that was up. */
    private final boolean retrying;
    private final BooleanSupplier stopRequested;

    /**
     * @param retrying      whether this attempt re-establishes a connection that was up before
     * @param stopRequested whether {@code logout()} was called
     */
    DisconnectPolicy(ClientConfig config, boolean retrying, BooleanSupplier stopRequested) {
        this.config = Objects.requireNonNull(config, "config");
        this.where = config.host() + ":" + config.port();
        this.retrying = retrying;
        this.stopRequested = Objects.requireNonNull(stopRequested, "stopRequested");
    }

    /** The attempt was abandoned because of {@code logout()}. */
    Ending stopped(boolean connected) {
        return new Ending(connected, true, null);
    }

    /** The TCP connect itself failed. */
    Ending connectFailed(IOException e) {
        return switch (e) {
            case UnknownHostException u -> unreachable("Unknown host \"" + config.host() + "\"");
            case SocketTimeoutException t -> unreachable("Server unreachable at " + where + " (no answer)");
            default -> unreachable("Server unreachable at " + where + " (" + describe(e) + ")");
        };
    }

    /**
     * The connection failed after TCP connect.
     *
     * @param connected    whether it had got as far as logged in
     * @param serverSilent whether the heartbeat watchdog closed it
     */
    Ending failed(IOException e, boolean connected, boolean serverSilent) {
        return switch (e) {
            case DecryptionFailedException d -> lost(connected, "Connection corrupted: " + d.getMessage());
            case HandshakeException h -> handshakeFailed(h);
            case CorruptedFrameException c -> lost(connected, where + " sent a corrupt frame (" + c.getMessage() + ")");
            case SocketTimeoutException t -> connected ? lost(true, "No answer from the server")
                    : unreachable("The server at " + where + " did not answer in time");
            case EOFException eof -> lost(connected, "The server closed the connection");
            case ProtocolException p -> lost(connected, "Protocol error: " + p.getMessage());
            default -> lost(connected, serverSilent ? "No answer from the server" : "Connection lost (" + describe(e) + ")");
        };
    }

    /** Each way the handshake fails in its own words (docs/PROTOCOL.md §4.5); none is worth a retry. */
    private Ending handshakeFailed(HandshakeException h) {
        return switch (h.reason()) {
            case REJECTED_CLASS_KEY -> fail(ClientState.WRONG_KEY,
                    "Wrong class key — the server refused the key string; copy the one shown in the server window");
            case REJECTED_OTHER_SERVER, OTHER_SERVER -> fail(ClientState.WRONG_SERVER, "This is not the server your key"
                    + " string names — it may be an impostor, or its identity was renewed: ask for the current key string");
            case IMPOSTOR -> fail(ClientState.WRONG_SERVER, "This is not the server your key string names — it may be"
                    + " an impostor: it could not prove its identity. Nothing was sent to it");
            case OLD_VERSION -> fail(ClientState.UNREACHABLE, where + " is a protocol 1 server: update the server (this"
                    + " client speaks protocol 2)");
            case NEWER_VERSION -> fail(ClientState.UNREACHABLE, where + " speaks a newer protocol: update your client");
            case REJECTED -> fail(ClientState.UNREACHABLE, where + " refused the handshake (" + h.getMessage() + ")");
            case NOT_CCN, WRONG_CLASS_KEY, MALFORMED -> unreachable(where + " is not a CCN alert server ("
                    + h.getMessage() + ")");
        };
    }

    /** What the server's message (instead of the expected one) means for us. */
    Ending serverEnded(Message m, boolean connected) {
        return switch (m) {
            case Message.AuthFailed f when f.reason() == Message.AuthFailure.THROTTLED -> new Ending(false, true,
                    new ClientStatus(ClientState.THROTTLED, "Too many attempts — retry in " + f.retryAfterSeconds()
                            + " s", Instant.now().plusSeconds(f.retryAfterSeconds())));
            case Message.AuthFailed f -> fail(ClientState.AUTH_FAILED, "Wrong username or password");
            case Message.ServerShutdown s -> fail(ClientState.SERVER_SHUTDOWN, "The server shut down");
            case Message.ErrorReport e -> switch (e.code()) {
                case KICKED -> fail(ClientState.DISCONNECTED, "Disconnected by the server operator");
                case TOO_MANY_CONNECTIONS -> unreachable("The server is full: " + e.message());
                default -> lost(connected, "Server error " + e.code() + ": " + e.message());
            };
            default -> lost(connected, "Unexpected " + MessageCodec.typeName(m) + " from the server");
        };
    }

    /** A logged-in connection got a message that has no place after login. */
    Ending unexpected(Message m) {
        return lost(true, "Unexpected " + MessageCodec.typeName(m) + " from the server");
    }

    private Ending fail(ClientState state, String reason) {
        // after logout() the user sees "Logged out", not what the dying attempt met
        return new Ending(false, true, stopRequested.getAsBoolean() ? null : ClientStatus.of(state, reason));
    }

    /** Nobody to talk to: final on the first attempt, another retry once we have been connected. */
    private Ending unreachable(String reason) {
        if (stopRequested.getAsBoolean()) {
            return stopped(false);
        }
        return new Ending(false, !retrying,
                ClientStatus.of(retrying ? ClientState.RECONNECTING : ClientState.UNREACHABLE, reason));
    }

    /**
     * The connection broke: reconnect if we had been logged in on it or before (a server that is
     * restarting may accept and drop us a few times), else report the server as unreachable.
     */
    private Ending lost(boolean connected, String reason) {
        if (stopRequested.getAsBoolean()) {
            return stopped(connected);
        }
        if (connected) {
            return new Ending(true, false, ClientStatus.of(ClientState.RECONNECTING, reason));
        }
        return unreachable(reason);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.toLowerCase();
    }
}
