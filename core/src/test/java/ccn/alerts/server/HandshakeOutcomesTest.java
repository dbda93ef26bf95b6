package ccn.alerts.server;

import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientState;
import ccn.alerts.client.ClientStatus;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each way into the server that the handshake refuses gets its own words at both ends: the
 * client's status and one server log line. The logged-in client meanwhile keeps getting alerts.
 */
class HandshakeOutcomesTest {
    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withDefaults();
    private TestServer ts;
    private TestClient admin;

    @BeforeEach
    void start() throws IOException {
        ts = servers.start();
        admin = ts.connected("admin", "admin123");
    }

    private ClientStatus connectWith(SharedKey key) {
        return ts.client(ClientConfig.of("127.0.0.1", ts.port(), "user1", "pass123", key)).connect();
    }

    @Test
    void aWrongClassKey_isWrongKeyAtTheClientAndLoggedAsSuch() throws IOException {
        ClientStatus status = connectWith(ts.key().withClassKey(ServerKeys.generate().classKey()));

        assertEquals(ClientState.WRONG_KEY, status.state(), status.toString());
        assertTrue(status.reason().startsWith("Wrong class key"), status.reason());
        ts.awaitLogLine("ERROR", "^Wrong class key from /127\\.0\\.0\\.1:\\d+: wrong class key \\(its handshake message"
                + " does not open with this server's class key\\)$");
        assertOthersStillServed();
    }

    @Test
    void theRightClassKeyForAnotherServer_isWrongServerAtTheClientAndLoggedWithBothKeyIds() throws IOException {
        ClientStatus status = connectWith(ts.key().withServerPublicKey(ServerKeys.generate().publicKey()));

        assertEquals(ClientState.WRONG_SERVER, status.state(), status.toString());
        assertTrue(status.reason().startsWith("This is not the server your key string names — it may be an impostor"),
                status.reason());
        ts.awaitLogLine("ERROR", "^Client at /127\\.0\\.0\\.1:\\d+ has a key string for another server: its key string"
                + " names another server \\(key id [0-9a-f]{16}; this server's is [0-9a-f]{16}\\).*");
        assertOthersStillServed();
    }

    @Test
    void aProtocol1Client_isLoggedAsNeedingAnUpdateAndSeesOurVersion() throws IOException {
        RawClient raw = ts.own(RawClient.tcp(ts.port()));
        byte[] v1 = new byte[20];
        System.arraycopy(new byte[] {'C', 'C', 'N', 1}, 0, v1, 0, 4);

        raw.sendRaw(v1);

        // A protocol 1 client reads a 20-byte preamble: ours and 16 bytes more, so that it sees
        // version 2 and tells its user so, rather than "connection closed after 4 of 20 bytes".
        byte[] expected = new byte[20];
        System.arraycopy(new byte[] {'C', 'C', 'N', 2}, 0, expected, 0, 4);
        assertArrayEquals(expected, raw.readRawUntilClosed());
        ts.awaitLogLine("ERROR", "^Client at /127\\.0\\.0\\.1:\\d+ speaks protocol 1: it must be updated to protocol 2"
                + " \\(and given the new key string\\)$");
        assertOthersStillServed();
    }

    @Test
    void aPeerThatIsNotCcn_isLoggedAsSuch() throws IOException {
        RawClient raw = ts.own(RawClient.tcp(ts.port()));

        raw.sendRaw("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        assertEquals(4, raw.drainRawUntilClosed());
        ts.awaitLogLine("ERROR", "^Not a CCN alert client at /127\\.0\\.0\\.1:\\d+: not a CCN alert peer: its first bytes"
                + " are 0x47$");
        assertOthersStillServed();
    }

    private void assertOthersStillServed() throws IOException {
        Await.until(() -> ts.server().clients().size() == 1, "only the admin is left: " + ts.server().clients());
        Message.Alert alert = ts.server().broadcastManualAlert(Priority.LOW, "still serving", "admin");
        admin.awaitAlert(alert.alertId());
        admin.awaitAckConfirmed(alert.alertId());
    }
}
