package ccn.alerts.server;

import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientState;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.TcpProxy;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An alert a user never acknowledged is sent again at their next login, and shown only once. */
class RedeliveryTest {
    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;

    @Test
    void unacknowledgedAlert_isRedeliveredToTheUsersNextSessionMarkedAsRedelivery() throws Exception {
        ts = server.start();
        RawClient raw = ts.rawLogin("user1", "pass123");
        Message.Alert sent = ts.server().broadcastManualAlert(Priority.HIGH, "Evacuate building B", "admin");
        Message.Alert first = raw.expect(Message.Alert.class);
        assertEquals(sent.alertId(), first.alertId());
        assertFalse(first.redelivery());
        raw.close(); // no ACK
        ts.awaitLogLine("DISCONNECT", "^Removed disconnected client: user1 ");

        TestClient user1 = ts.connected("user1", "pass123");

        Message.Alert again = user1.awaitAlert(sent.alertId());
        assertTrue(again.redelivery());
        assertEquals("Evacuate building B", again.message());
        ts.awaitLogLine("BROADCAST", "^Re-sending 1 unacknowledged alert\\(s\\) to user1 \\(/127\\.0\\.0\\.1:\\d+\\)$");
        user1.awaitAckConfirmed(sent.alertId());
        ts.awaitLogLine("ACK", "^Received ACK from user1 for alert " + sent.alertId() + "$");
        // Acknowledged now: a third session of user1 is owed nothing.
        TestClient later = ts.connected("user1", "pass123");
        Message.Alert next = ts.server().broadcastManualAlert(Priority.LOW, "All clear", "admin");
        assertEquals(next.alertId(), later.awaitAlert(next.alertId()).alertId());
        assertEquals(1, later.alerts.size(), later.alertIds().toString());
    }

    @Test
    void sameClientReconnecting_acknowledgesTheRedeliveryButReportsTheAlertOnlyOnce() throws Exception {
        ts = server.start();
        TcpProxy proxy = ts.own(new TcpProxy(ts.port()));
        TestClient client = ts.client(ClientConfig.of("127.0.0.1", proxy.port(), "user2", "pass456", ts.key())
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500))).connected();

        // The client's ACK is lost on the way (the proxy swallows it), then the connection breaks.
        proxy.muteClientToServer();
        Message.Alert sent = ts.server().broadcastManualAlert(Priority.MEDIUM, "Storm warning", "admin");
        client.awaitAlert(sent.alertId());
        Await.until(() -> client.acksSent.contains(sent.alertId()), "the client sent its ACK");
        proxy.killAll();

        Await.until(() -> client.acksSent.stream().filter(id -> id == sent.alertId()).count() == 2,
                "the redelivered alert is acknowledged again after the reconnect");
        client.awaitAckConfirmed(sent.alertId());
        assertEquals(ClientState.CONNECTED, client.state());
        assertTrue(client.states().contains(ClientState.RECONNECTING), client.states().toString());
        assertEquals(1, client.alerts.size(), "alertReceived fired once: " + client.alerts);
        ts.awaitLogLine("BROADCAST", "^Re-sending 1 unacknowledged alert\\(s\\) to user2 ");
        assertEquals(1, ts.logLines("ACK", "^Received ACK from user2 for alert " + sent.alertId() + "$").size());
    }
}
