package ccn.alerts.server;

import ccn.alerts.client.ClientState;
import ccn.alerts.protocol.Message;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.ServerEvents;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Silent clients are reaped; clients that never log in are closed at the login deadline. */
class HeartbeatAndLoginDeadlineTest {
    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;

    @Test
    void silentClient_isReapedAfterThreeHeartbeatIntervalsWhileAHeartbeatingClientStays() throws Exception {
        ts = server.start(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));
        TestClient alive = ts.connected("admin", "admin123");
        String aliveSession = ts.server().clients().getFirst().sessionId();
        RawClient silent = ts.rawLogin("user1", "pass123");
        long loggedIn = System.nanoTime();

        List<Message> beforeClose = silent.readUntilClosed();
        Duration took = Duration.ofNanos(System.nanoTime() - loggedIn);

        Message.ErrorReport error = assertInstanceOf(Message.ErrorReport.class, beforeClose.getLast(), beforeClose.toString());
        assertEquals(Message.ErrorCode.TIMED_OUT, error.code());
        assertTrue(took.compareTo(Duration.ofMillis(2_500)) >= 0 && took.compareTo(Duration.ofSeconds(5)) <= 0,
                "reaped after " + took.toMillis() + " ms");
        Await.until(() -> ts.events().disconnected.size() == 1, "one disconnect event");
        ServerEvents.Disconnected reaped = ts.events().disconnected.getFirst();
        assertEquals("user1", reaped.client().username());
        assertTrue(reaped.reason().contains("timed out"), reaped.reason());
        ts.awaitLogLine("DISCONNECT", "^Removed disconnected client: user1 .*timed out");

        // The heart-beating client lived through the same 3+ s on its original session.
        assertEquals(ClientState.CONNECTED, alive.state());
        assertFalse(alive.states().contains(ClientState.RECONNECTING), alive.states().toString());
        assertEquals(List.of(aliveSession), ts.server().clients().stream().map(ClientInfo::sessionId).toList());
        assertTrue(alive.heartbeats.size() >= 2, "heartbeat round trips: " + alive.heartbeats);
        assertTrue(alive.engine.lastRoundTrip().isPresent());
        assertTrue(ts.events().heartbeats.stream().filter(h -> h.sessionId().equals(aliveSession)).count() >= 2);
    }

    @Test
    void clientThatNeverLogsIn_getsLoginTimeoutAndIsClosed() throws Exception {
        ts = server.start(c -> c.withLoginTimeout(Duration.ofSeconds(1)));
        long opened = System.nanoTime();
        RawClient lurker = ts.rawHandshake();
        Message.ServerHello welcome = lurker.hello();

        List<Message> beforeClose = lurker.readUntilClosed();
        Duration took = Duration.ofNanos(System.nanoTime() - opened);

        assertEquals(1, welcome.loginTimeoutSeconds());
        assertEquals(1, beforeClose.size(), beforeClose.toString());
        Message.ErrorReport error = assertInstanceOf(Message.ErrorReport.class, beforeClose.getFirst());
        assertEquals(Message.ErrorCode.LOGIN_TIMEOUT, error.code());
        assertTrue(took.compareTo(Duration.ofMillis(900)) >= 0 && took.compareTo(Duration.ofMillis(2_500)) <= 0,
                "closed after " + took.toMillis() + " ms");
        ts.awaitLogLine("DISCONNECT", "^Removed disconnected client: /127\\.0\\.0\\.1:\\d+: no login within 1 s$");
    }

    @Test
    void clientThatSendsHeartbeatsButNeverLogsIn_isStillClosedAtTheLoginDeadline() throws Exception {
        ts = server.start(c -> c.withLoginTimeout(Duration.ofSeconds(1)));
        long opened = System.nanoTime();
        RawClient lurker = ts.rawHandshake();
        lurker.hello();
        AtomicLong seq = new AtomicLong();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try {
            // A HEARTBEAT every 300 ms for 3 s: each read alone is well inside the 1 s deadline.
            ticker.scheduleAtFixedRate(() -> {
                if (seq.get() < 10) {
                    try {
                        lurker.send(new Message.Heartbeat(seq.getAndIncrement()));
                    } catch (Exception ignored) {
                        // closed by the server: what we expect
                    }
                }
            }, 0, 300, TimeUnit.MILLISECONDS);

            List<Message> beforeClose = lurker.readUntilClosed();
            Duration took = Duration.ofNanos(System.nanoTime() - opened);

            Message.ErrorReport error = assertInstanceOf(Message.ErrorReport.class, beforeClose.getLast(), beforeClose.toString());
            assertEquals(Message.ErrorCode.LOGIN_TIMEOUT, error.code());
            assertTrue(took.compareTo(Duration.ofMillis(2_000)) <= 0,
                    "the deadline counts from the connection opening, not from the last frame; closed after "
                            + took.toMillis() + " ms");
        } finally {
            ticker.shutdownNow();
        }
    }
}
