package ccn.alerts.client;

import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.TcpProxy;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client engine against servers that stop, crash, are absent or are not CCN servers at all. */
class AlertClientConnectionTest {
    private static final Duration BACKOFF = Duration.ofMillis(100);

    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();

    private <T extends AutoCloseable> T track(T resource) {
        return server.own(resource);
    }

    @Test
    void serverShutdown_endsInServerShutdownWithoutReconnecting() throws Exception {
        TestServer ts = server.start();
        int port = ts.port();
        TestClient admin = ts.connected("admin", "admin123");

        ts.server().stop();

        admin.awaitState(ClientState.SERVER_SHUTDOWN);
        assertEquals("The server shut down", admin.engine.status().reason());
        // Even with a server back on the same port, the client stays down (its back-off is 100 ms).
        TestServer again = server.restart(c -> c.withPort(port));
        assertFalse(Await.within(Duration.ofSeconds(1), () -> !again.events().connected.isEmpty()),
                "the client reconnected after SERVER_SHUTDOWN");
        assertEquals(ClientState.SERVER_SHUTDOWN, admin.state());
        assertFalse(admin.states().contains(ClientState.RECONNECTING), admin.states().toString());
    }

    @Test
    void unexpectedDrop_reconnectsAndLogsInAgainOnItsOwn() throws Exception {
        TestServer ts = server.start();
        TcpProxy proxy = track(new TcpProxy(ts.port()));
        TestClient admin = ts.client(ClientConfig.of("127.0.0.1", proxy.port(), "admin", "admin123", ts.key())
                .withBackoff(BACKOFF, Duration.ofMillis(500))).connected();

        proxy.killAll(); // a crash: reset, no SERVER_SHUTDOWN

        Await.until(() -> admin.states().contains(ClientState.RECONNECTING), "RECONNECTING after the drop: " + admin.states());
        Await.until(() -> ts.events().authenticated.size() == 2, "a second login");
        admin.awaitState(ClientState.CONNECTED);
        List<ClientState> states = admin.states();
        int dropped = states.indexOf(ClientState.RECONNECTING);
        assertTrue(states.subList(dropped, states.size()).contains(ClientState.AUTHENTICATING), states.toString());
        assertEquals(2, proxy.accepted());
        assertEquals(2, ts.logLines("AUTH", "^Client /127\\.0\\.0\\.1:\\d+ authenticated as admin$").size());
        ts.awaitLogLine("DISCONNECT", "^Removed disconnected client: admin ");
        Message.Alert alert = ts.server().broadcastManualAlert(Priority.HIGH, "After the crash", "admin");
        admin.awaitAlert(alert.alertId());
    }

    @Test
    void closedPort_isUnreachableWithTheHostAndPortInTheReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TestClient client = track(new TestClient(ClientConfig.of("127.0.0.1", port, "admin", "admin123",
                ServerKeys.generate().sharedKey()).withBackoff(BACKOFF, BACKOFF)));

        ClientStatus status = client.connect();

        assertEquals(ClientState.UNREACHABLE, status.state(), status.toString());
        assertTrue(status.reason().contains("127.0.0.1:" + port), status.reason());
        assertFalse(client.states().contains(ClientState.RECONNECTING), "a first attempt does not retry: " + client.states());
    }

    @Test
    void nonCcnServer_isUnreachableAsNotACcnAlertServer() throws Exception {
        ServerSocket http = track(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().start(() -> {
            try (Socket s = http.accept(); OutputStream out = s.getOutputStream()) {
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.getInputStream().readNBytes(20);
            } catch (Exception ignored) {
                // the test's assertion tells
            }
        });
        TestClient client = track(new TestClient(ClientConfig.of("127.0.0.1", http.getLocalPort(), "admin", "admin123",
                ServerKeys.generate().sharedKey())));

        ClientStatus status = client.connect();

        assertEquals(ClientState.UNREACHABLE, status.state(), status.toString());
        assertTrue(status.reason().contains("is not a CCN alert server"), status.reason());
    }
}
