package ccn.alerts.client;

import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.DecryptionFailedException;
import ccn.alerts.protocol.HandshakeException;
import ccn.alerts.protocol.Message;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisconnectPolicyTest {

    private static final ClientConfig CONFIG = ClientConfig.of("alerts.example", 7000, "bob", "pw", ServerKeys.generate().sharedKey());
    private final AtomicBoolean stop = new AtomicBoolean();

    private DisconnectPolicy firstAttempt() {
        return new DisconnectPolicy(CONFIG, false, stop::get);
    }

    private DisconnectPolicy retry() {
        return new DisconnectPolicy(CONFIG, true, stop::get);
    }

    @Test
    void anUnreachableServer_isFinalOnTheFirstAttemptAndNamesHostAndPort() {
        DisconnectPolicy.Ending end = firstAttempt().connectFailed(new ConnectException("Connection refused"));

        assertTrue(end.stop());
        assertEquals(ClientState.UNREACHABLE, end.status().state());
        assertEquals("Server unreachable at alerts.example:7000 (connection refused)", end.status().reason());
    }

    @Test
    void anUnreachableServer_isAnotherRetryOnceTheClientHadBeenConnected() {
        DisconnectPolicy.Ending end = retry().connectFailed(new SocketTimeoutException());

        assertFalse(end.stop());
        assertEquals(ClientState.RECONNECTING, end.status().state());
    }

    @Test
    void anUnknownHost_saysSo() {
        assertEquals("Unknown host \"alerts.example\"",
                firstAttempt().connectFailed(new UnknownHostException("alerts.example")).status().reason());
    }

    @Test
    void aDropAfterLogin_reconnects() {
        DisconnectPolicy.Ending end = firstAttempt().failed(new EOFException(), true, false);

        assertFalse(end.stop());
        assertTrue(end.wasConnected());
        assertEquals(new ClientStatus(ClientState.RECONNECTING, "The server closed the connection", null), end.status());
    }

    @Test
    void aSilentServer_isReportedAsNoAnswer() {
        assertEquals("No answer from the server",
                firstAttempt().failed(new IOException("Socket closed"), true, true).status().reason());
    }

    @Test
    void aFrameThatDoesNotDecryptAfterTheHandshake_isACorruptedConnectionNotAWrongKey() {
        DisconnectPolicy.Ending end = firstAttempt().failed(new DecryptionFailedException(0, null), true, false);

        assertFalse(end.stop());
        assertEquals(ClientState.RECONNECTING, end.status().state());
        assertTrue(end.status().reason().startsWith("Connection corrupted: frame 0 failed to decrypt"), end.status().reason());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "REJECTED_CLASS_KEY    | WRONG_KEY    | Wrong class key — the server refused the key string",
            "REJECTED_OTHER_SERVER | WRONG_SERVER | This is not the server your key string names — it may be an impostor, or its identity was renewed",
            "IMPOSTOR              | WRONG_SERVER | This is not the server your key string names — it may be an impostor: it could not prove its identity",
            "OLD_VERSION           | UNREACHABLE  | alerts.example:7000 is a protocol 1 server: update the server",
            "NEWER_VERSION         | UNREACHABLE  | alerts.example:7000 speaks a newer protocol: update your client",
            "NOT_CCN               | UNREACHABLE  | alerts.example:7000 is not a CCN alert server",
            "REJECTED              | UNREACHABLE  | alerts.example:7000 refused the handshake (why)",
    })
    void eachHandshakeFailure_isFinalWithItsOwnMessage(HandshakeException.Reason reason, ClientState state, String start) {
        DisconnectPolicy.Ending end = firstAttempt().failed(new HandshakeException(reason, "why"), false, false);

        assertTrue(end.stop(), end.toString());
        assertEquals(state, end.status().state());
        assertTrue(end.status().reason().startsWith(start), end.status().reason());
    }

    @Test
    void aServerThatIsNotOurs_isUnreachable() {
        DisconnectPolicy.Ending end = firstAttempt().failed(new HandshakeException(HandshakeException.Reason.NOT_CCN, "bad preamble"), false, false);

        assertEquals(ClientState.UNREACHABLE, end.status().state());
        assertTrue(end.status().reason().startsWith("alerts.example:7000 is not a CCN alert server"));
    }

    @Test
    void aThrottledLogin_isFinalWithTheRetryTime() {
        Instant before = Instant.now();

        DisconnectPolicy.Ending end = firstAttempt().serverEnded(
                new Message.AuthFailed(Message.AuthFailure.THROTTLED, "slow down", 60), false);

        assertTrue(end.stop());
        assertEquals(ClientState.THROTTLED, end.status().state());
        assertFalse(end.status().retryAt().isBefore(before.plusSeconds(60)));
    }

    @Test
    void aKick_isFinalEvenAfterLogin() {
        DisconnectPolicy.Ending end = firstAttempt().serverEnded(
                new Message.ErrorReport(Message.ErrorCode.KICKED, "bye"), true);

        assertTrue(end.stop());
        assertEquals(ClientState.DISCONNECTED, end.status().state());
    }

    @Test
    void aMessageWithNoPlaceAfterLogin_dropsTheConnectionAndReconnects() {
        DisconnectPolicy.Ending end = firstAttempt().unexpected(new Message.AuthSuccess("bob", "s1", "welcome"));

        assertFalse(end.stop());
        assertEquals(ClientState.RECONNECTING, end.status().state());
    }

    @Test
    void afterLogout_nothingIsReportedAndNothingRetried() {
        stop.set(true);

        DisconnectPolicy.Ending failed = firstAttempt().serverEnded(
                new Message.AuthFailed(Message.AuthFailure.BAD_CREDENTIALS, "no", 0), false);
        DisconnectPolicy.Ending dropped = retry().failed(new EOFException(), true, false);

        assertTrue(failed.stop());
        assertNull(failed.status());
        assertTrue(dropped.stop());
        assertNull(dropped.status());
    }
}
