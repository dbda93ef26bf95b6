package ccn.alerts.server;

import ccn.alerts.client.AlertClient;
import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientState;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.protocol.FrameDecoder;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.protocol.SecureChannel;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Peers from before the alert life cycle are never sent what they would refuse (PROTOCOL.md
 * §6.7): the server sends READ_OK, REMIND and later revisions only to a session whose HELLO named
 * {@code lifecycle}, and the client sends READ only to a server whose WELCOME named it. Unknown
 * message types still close a connection, so this is what keeps an old peer connected.
 */
class LifecycleCompatibilityTest {
    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();

    @Test
    void anOldClientGetsOnlyFirstRevisionsAndNoNewMessageTypes_whileANewWindowOfTheSameUserGetsThemAll() throws Exception {
        TestServer ts = server.start();
        RawClient old = ts.own(RawClient.tcp(ts.port()).startChannel(ts.key()));
        Message.ServerHello welcome = old.hello();
        assertEquals(List.of(Message.LIFECYCLE), welcome.features(), "the server announces the life cycle");
        old.send(new Message.Login("user1", "pass123"));
        old.expect(Message.AuthSuccess.class);
        TestClient modern = ts.connected("user1", "pass123");

        long a = ts.server().broadcastManualAlert(Priority.HIGH, "first", "admin").alertId();
        modern.awaitAckConfirmed(a);
        // when: an update, an end, a reminder and a read confirmation, each of which an old client would refuse
        ts.server().updateAlert(a, Priority.HIGH, "first, corrected", null);
        ts.server().endAlert(a, Message.AlertState.ALL_CLEAR, null);
        modern.awaitRevision(a, 3);
        long b = ts.server().broadcastManualAlert(Priority.HIGH, "second", "admin").alertId();
        modern.awaitAckConfirmed(b);
        ts.server().remind(b);
        Await.until(() -> modern.reminders.contains(b), "the new window is reminded");
        modern.engine.confirmRead(b);
        modern.awaitReadConfirmed(b);
        long marker = ts.server().broadcastManualAlert(Priority.LOW, "marker", "admin").alertId();

        // then: the old client reads on as it always did, acknowledging each alert
        List<String> seen = new ArrayList<>();
        while (true) {
            Message m = old.receive();
            if (m instanceof Message.HeartbeatOk) {
                continue;
            }
            seen.add(m instanceof Message.Alert al ? "ALERT " + al.alertId() + " r" + al.revision()
                    : ccn.alerts.protocol.MessageCodec.typeName(m) + (m instanceof Message.AckOk ok ? " " + ok.alertId() : ""));
            if (m instanceof Message.Alert al) {
                old.send(new Message.Ack(al.alertId())); // no revision, as before the life cycle
            }
            if (m instanceof Message.AckOk ok && ok.alertId() == marker) {
                break;
            }
        }
        // The three alerts were queued before the first ACK went out, so their ACK_OKs come after them.
        assertEquals(List.of("ALERT " + a + " r1", "ALERT " + b + " r1", "ALERT " + marker + " r1",
                "ACK_OK " + a, "ACK_OK " + b, "ACK_OK " + marker), seen);
        assertFalse(old.socket().isClosed());
        assertEquals(2, ts.server().clients().stream().filter(c -> "user1".equals(c.username())).count(),
                "both windows are still connected");
    }

    @Test
    void theClientSendsNoReadToAServerThatDidNotAnnounceTheLifeCycle() throws Exception {
        ServerKeys keys = ServerKeys.generate();
        CopyOnWriteArrayList<Message> afterLogin = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> loggedIn = new CompletableFuture<>();
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = listener.accept()) {
                    SecureChannel ch = SecureChannel.server(s, keys, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
                    ch.send(new Message.ServerHello("old-server/1", 1, 10)); // no features; heartbeats every second
                    ch.receive(); // HELLO
                    ch.receive(); // LOGIN
                    ch.send(new Message.AuthSuccess("user1", "s-1", "Welcome"));
                    ch.send(new Message.Alert(5, Priority.HIGH, "old style", "2026-12-02T10:00:00Z",
                            Message.AlertSource.MANUAL, "admin", null, false));
                    loggedIn.complete(null);
                    while (true) {
                        afterLogin.add(ch.receive());
                    }
                } catch (IOException e) {
                    // the client hung up
                }
            });
            TestClient client = new TestClient(ClientConfig.of("127.0.0.1", listener.getLocalPort(), "user1", "pass123",
                    keys.sharedKey()).withConnectTimeout(Duration.ofSeconds(2)));
            try (client) {
                client.connect();
                client.awaitState(ClientState.CONNECTED);
                loggedIn.get(Await.DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
                Message.Alert a = client.awaitAlert(5);
                assertEquals(1, a.revision(), "absent revision reads as 1");
                Await.until(() -> afterLogin.stream().anyMatch(m -> m instanceof Message.Ack), "the alert is acknowledged");

                // when:
                boolean taken = client.engine.confirmRead(5);

                // then:
                assertFalse(taken, "an old server does not take READ: the confirmation stays on screen");
                assertFalse(client.engine.lifecycle());
                Message.Ack ack = (Message.Ack) afterLogin.stream().filter(m -> m instanceof Message.Ack).findFirst().orElseThrow();
                assertEquals(null, ack.revision(), "no revision member to an old server");
                long beat = client.heartbeats.size();
                Await.until(() -> client.heartbeats.size() > beat || afterLogin.stream().anyMatch(m -> m instanceof Message.Heartbeat),
                        "a later frame arrives");
                assertTrue(afterLogin.stream().noneMatch(m -> m instanceof Message.Read), "sent: " + afterLogin);
            }
        }
    }

    @Test
    void aClientAnnouncesTheLifeCycleInHello() {
        assertTrue(AlertClient.FEATURES.contains(Message.LIFECYCLE));
        assertTrue(AlertServer.FEATURES.contains(Message.LIFECYCLE));
    }
}
