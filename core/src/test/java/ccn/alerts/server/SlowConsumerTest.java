package ccn.alerts.server;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.ServerEvents;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A client that stops reading must cost only itself: its queue overflows and it is dropped. */
class SlowConsumerTest {
    private static final int NORMAL_CLIENTS = 20;
    private static final int ALERTS = 200;
    private static final String FILLER = "x".repeat(900);

    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;

    @Test
    void slowConsumer_isDroppedForQueueOverflowWhileTwentyNormalClientsGetEveryAlert() throws Exception {
        ts = server.start(c -> c.withSessionQueueCapacity(8));
        // Logs in by hand and then never reads again; a tiny receive window.
        RawClient slow = ts.own(RawClient.tcp(ts.port(), 1024));
        slow.startChannel(ts.key());
        Message.AuthSuccess slowLogin = slow.login("user1", "pass123");
        // Loopback send buffers grow to megabytes: fill the slow client's pipe first, until its
        // writer stops making progress, so the paced alerts below back up in its queue.
        int filled = fillPipe(slowLogin.sessionId());
        // The normal clients are admin and user2: user1 would be owed the slow session's unacknowledged alerts.
        List<TestClient> normal = new ArrayList<>();
        for (int i = 0; i < NORMAL_CLIENTS; i++) {
            normal.add(i % 2 == 0 ? ts.connected("admin", "admin123") : ts.connected("user2", "pass456"));
        }

        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < ALERTS; i++) {
            long id = ts.server().broadcastManualAlert(Priority.LOW, "Alert " + i + " " + FILLER, "admin").alertId();
            sent.add(id);
            // Pace by the normal clients (their queues hold 8 too), never by the slow one.
            Await.until(() -> normal.stream().allMatch(c -> c.acksConfirmed.contains(id)),
                    "all normal clients confirmed alert " + id);
        }

        for (TestClient c : normal) {
            assertEquals(sent, c.alertIds(), c.engine.config().label());
        }
        Await.until(() -> !ts.events().disconnectsOf(slowLogin.sessionId()).isEmpty(),
                "the slow session is dropped (pipe filled with " + filled + " alerts)");
        ServerEvents.Disconnected drop = ts.events().disconnectsOf(slowLogin.sessionId()).getFirst();
        assertTrue(drop.reason().contains("outbound queue overflow"), drop.reason());
        ts.awaitLogLine("DISCONNECT", "^Removed disconnected client: user1 \\(/127\\.0\\.0\\.1:\\d+\\): outbound queue overflow");
        ts.awaitLogLine("ERROR", "^Outbound queue of user1 \\(/127\\.0\\.0\\.1:\\d+\\) overflowed");
        assertEquals(1, ts.events().disconnected.size(), "only the slow client was dropped: " + ts.events().disconnected);
        assertEquals(NORMAL_CLIENTS, ts.server().clients().size());
    }

    @Test
    void aClientThatStopsReadingButKeepsSendingHeartbeats_isClosedOnceAWriteStaysBlocked() throws Exception {
        ts = server.start(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));
        TestClient normal = ts.connected("admin", "admin123");
        RawClient deaf = ts.own(RawClient.tcp(ts.port(), 1024));
        deaf.startChannel(ts.key());
        Message.AuthSuccess login = deaf.login("user1", "pass123");
        // A live client as far as the read timeout can tell: it keeps sending heartbeats, never reads.
        java.util.concurrent.ScheduledExecutorService beats = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.atomic.AtomicLong seq = new java.util.concurrent.atomic.AtomicLong();
        beats.scheduleAtFixedRate(() -> {
            try {
                deaf.send(new Message.Heartbeat(seq.getAndIncrement()));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // closed by the server: stop beating
            }
        }, 0, 300, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            int filled = fillPipe(login.sessionId());

            // Far fewer alerts than the queue holds: only the blocked-write check can end the session.
            Await.until(Duration.ofSeconds(10), () -> !ts.events().disconnectsOf(login.sessionId()).isEmpty(),
                    "the deaf session is closed (pipe filled with " + filled + " alerts)");
            ServerEvents.Disconnected drop = ts.events().disconnectsOf(login.sessionId()).getFirst();
            assertTrue(drop.reason().startsWith("client stopped reading (write blocked for "), drop.reason());
            ts.awaitLogLine("ERROR", "^Closing user1 \\(/127\\.0\\.0\\.1:\\d+\\): a write has been blocked for \\d+ s");
            long after = ts.server().broadcastManualAlert(Priority.LOW, "still serving", "admin").alertId();
            normal.awaitAckConfirmed(after);
            assertEquals(1, ts.events().disconnected.size(), "only the deaf client was dropped: " + ts.events().disconnected);
        } finally {
            beats.shutdownNow();
        }
    }

    /**
     * Broadcasts alerts, a few at a time (fewer than the queue holds), until they are not all
     * written to the slow session within half a second: its writer is blocked on a full socket.
     */
    private int fillPipe(String sessionId) throws IOException {
        for (int n = 6; n <= 10_000; n += 6) {
            for (int i = n - 5; i <= n; i++) {
                // For user1 only: the normal clients logging in later would otherwise be caught up on them.
                ts.server().broadcastAlert(ccn.alerts.server.AlertRequest.of(Priority.LOW, "Filler " + i + " " + FILLER, "admin")
                        .to(ccn.alerts.alert.Audience.users(List.of("user1"))));
            }
            int expected = n;
            if (!Await.within(Duration.ofMillis(500), () -> delivered(sessionId) >= expected)) {
                return n;
            }
        }
        return fail("the slow session's socket never blocked");
    }

    private long delivered(String sessionId) {
        return ts.server().clients().stream().filter(c -> c.sessionId().equals(sessionId))
                .mapToLong(ClientInfo::delivered).findFirst().orElse(-1);
    }
}
