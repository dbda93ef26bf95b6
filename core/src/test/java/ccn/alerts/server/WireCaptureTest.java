package ccn.alerts.server;

import ccn.alerts.client.ClientConfig;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.Direction;
import ccn.alerts.protocol.FrameRecord;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire inspector's capture: off by default, then every frame of every session, with failures. */
class WireCaptureTest {
    record Captured(String sessionId, String peer, FrameRecord frame) {
    }

    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withDefaults();

    private TestServer server;
    private final List<Captured> captured = new CopyOnWriteArrayList<>();

    private void startServer() throws Exception {
        server = servers.start();
        server.server().addListener(new ServerListener() {
            @Override
            public void frameCaptured(String sessionId, String peer, FrameRecord frame) {
                captured.add(new Captured(sessionId, peer, frame));
            }
        });
    }

    @Test
    void captureIsOffByDefault() throws Exception {
        startServer();

        server.connected("admin", "admin123");
        server.server().broadcastManualAlert(Priority.LOW, "quiet", "test");

        assertFalse(server.server().wireCapture());
        assertTrue(captured.isEmpty());
    }

    @Test
    void capture_showsTheWholeConversationOfASession() throws Exception {
        startServer();
        server.server().setWireCapture(true);

        TestClient client = server.connected("user1", "pass123");
        long id = server.server().broadcastManualAlert(Priority.HIGH, "inspect me", "test").alertId();
        client.awaitAckConfirmed(id);

        Await.until(Await.DEFAULT, () -> types().containsAll(
                List.of("WELCOME", "HELLO", "LOGIN", "AUTH_SUCCESS", "ALERT", "ACK", "ACK_OK")), "all types captured: " + types());
        Captured alert = captured.stream().filter(c -> "ALERT".equals(c.frame().type())).findFirst().orElseThrow();
        assertTrue(alert.frame().direction() == Direction.SERVER_TO_CLIENT);
        assertTrue(alert.frame().json().contains("inspect me"));
        assertTrue(alert.peer().startsWith("user1 ("), alert.peer());
        assertFalse(captured.stream().anyMatch(c -> c.frame().json() != null && c.frame().json().contains("pass123")),
                "no password in the inspector");
    }

    @Test
    void capture_showsAWrongClassKeysHandshakeAsFailedAndItsReject() throws Exception {
        startServer();
        server.server().setWireCapture(true);
        ClientConfig wrong = ClientConfig.of("127.0.0.1", server.port(), "admin", "admin123",
                server.key().withClassKey(ServerKeys.generate().classKey()));

        server.client(wrong).connect();

        Await.until(Await.DEFAULT, () -> captured.stream().anyMatch(c -> "HANDSHAKE_REJECT".equals(c.frame().type())),
                "the REJECT captured");
        FrameRecord failed = captured.stream().filter(c -> c.frame().failed()).findFirst().orElseThrow().frame();
        assertEquals("HANDSHAKE_INIT", failed.type());
        assertEquals(Direction.CLIENT_TO_SERVER, failed.direction());
        assertTrue(failed.handshake());
        assertTrue(failed.error().contains("wrong class key"), failed.error());
        assertTrue(failed.json() == null && !failed.cipherHex().isEmpty());
    }

    @Test
    void capture_showsTheHandshakeBeforeTheFirstSealedFrame() throws Exception {
        startServer();
        server.server().setWireCapture(true);

        server.connected("admin", "admin123");

        Await.until(Await.DEFAULT, () -> types().contains("AUTH_SUCCESS"), "the login captured");
        List<FrameRecord> frames = captured.stream().map(Captured::frame).toList();
        assertEquals(List.of("HANDSHAKE_INIT", "HANDSHAKE_RESPONSE"), frames.subList(0, 2).stream().map(FrameRecord::type).toList());
        assertTrue(frames.get(0).handshake() && frames.get(1).handshake());
        assertTrue(frames.get(0).json().matches(".*\"clientEphemeral\":\"[0-9a-f]{64}\".*"), frames.get(0).json());
        assertTrue(frames.get(1).json().matches(".*\"serverEphemeral\":\"[0-9a-f]{64}\",\"serverIdentity\":\"proven\","
                + "\"handshakeHash\":\"[0-9a-f]{64}\".*"), frames.get(1).json());
        assertEquals(0, frames.get(2).sequence());
        assertFalse(frames.get(2).handshake());
    }

    private List<String> types() {
        return captured.stream().map(c -> c.frame().type()).filter(t -> t != null).distinct().toList();
    }
}
