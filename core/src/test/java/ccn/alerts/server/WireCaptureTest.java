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
    void capture_showsAWrongKeyClientsFrameAsFailed() throws Exception {
        startServer();
        server.server().setWireCapture(true);
        ClientConfig wrong = ClientConfig.of("127.0.0.1", server.port(), "admin", "admin123", ServerKeys.generate().sharedKey());

        server.client(wrong).connect();

        Await.until(Await.DEFAULT, () -> captured.stream().anyMatch(c -> c.frame().failed()
                && c.frame().direction() == Direction.CLIENT_TO_SERVER), "a failed frame captured");
        FrameRecord failed = captured.stream().filter(c -> c.frame().failed()).findFirst().orElseThrow().frame();
        assertTrue(failed.error().contains("different encryption key"), failed.error());
        assertTrue(failed.json() == null && !failed.cipherHex().isEmpty());
    }

    private List<String> types() {
        return captured.stream().map(c -> c.frame().type()).filter(t -> t != null).distinct().toList();
    }
}
