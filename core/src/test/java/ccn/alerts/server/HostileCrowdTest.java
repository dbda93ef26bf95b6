package ccn.alerts.server;

import ccn.alerts.client.ClientState;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.HandshakeException;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hundreds of hostile connections — garbage, oversized lengths, a byte a tick, replayed frames,
 * login floods, wrong keys, cut frames, connect-and-vanish — hit the server while twenty honest
 * clients keep receiving and acknowledging every alert. Every hostile connection must be closed
 * by the server (none left hanging), and no honest client may miss an alert or drop out.
 */
class HostileCrowdTest {
    private static final int HONEST = 20;
    private static final int HOSTILE = 400;
    private static final int AT_ONCE = 100;
    private static final int MAX_ALERTS = 80; // stays within the 100 alerts the tracker retains
    private static final Duration LONG = Duration.ofSeconds(20);
    private static final String[][] USERS = {{"admin", "admin123"}, {"user1", "pass123"}, {"user2", "pass456"}};

    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTicker() {
        ticker.shutdownNow(); // before the server closes, so no tick writes to a closing connection
    }

    @Test
    void hundredsOfHostileConnections_closeThemselvesOnlyWhileTwentyHonestClientsGetAndAckEveryAlert() throws Exception {
        ts = server.start(c -> c.withLoginTimeout(Duration.ofSeconds(1)).withMaxUnauthenticatedPerAddress(10_000));
        List<TestClient> honest = new ArrayList<>();
        for (int i = 0; i < HONEST; i++) {
            String[] u = USERS[i % USERS.length];
            honest.add(ts.connected(u[0], u[1]));
        }

        Map<String, AtomicInteger> closedByKind = new ConcurrentHashMap<>();
        List<Throwable> hangs = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(HOSTILE);
        Semaphore slots = new Semaphore(AT_ONCE);
        SplittableRandom seeds = new SplittableRandom(7);
        for (int i = 0; i < HOSTILE; i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            long seed = seeds.nextLong();
            Thread.ofVirtual().name("hostile-" + i).start(() -> {
                try {
                    slots.acquire();
                    try {
                        attack(kind, new SplittableRandom(seed));
                        closedByKind.computeIfAbsent(kind.name(), k -> new AtomicInteger()).incrementAndGet();
                    } finally {
                        slots.release();
                    }
                } catch (Throwable t) {
                    hangs.add(new AssertionError(kind + ": " + t, t));
                } finally {
                    done.countDown();
                }
            });
        }

        // Alerts keep flowing while the crowd attacks; each must reach all twenty before the next.
        List<Long> alerts = new ArrayList<>();
        while ((done.getCount() > 0 || alerts.size() < 10) && alerts.size() < MAX_ALERTS) {
            long id = ts.server().broadcastManualAlert(Priority.HIGH, "under attack " + alerts.size(), "admin").alertId();
            alerts.add(id);
            for (TestClient c : honest) {
                Await.value(LONG, () -> c.alert(id), () -> c.engine.config().label() + " receives alert " + id);
            }
        }
        assertTrue(done.await(LONG.toSeconds(), TimeUnit.SECONDS), done.getCount() + " hostile connections still open");
        assertTrue(hangs.isEmpty(), hangs.size() + " hostile connections misbehaved, first: " + (hangs.isEmpty() ? "" : hangs.getFirst()));

        for (long id : alerts) {
            Await.until(LONG, () -> ts.server().recentAlerts().stream()
                    .filter(s -> s.alert().alertId() == id).findFirst().orElseThrow().acknowledged() == HONEST,
                    "all " + HONEST + " honest sessions acknowledged alert " + id);
        }
        long shown = 0;
        for (TestClient c : honest) {
            assertEquals(alerts, c.alertIds(), c.engine.config().label() + " got every alert once, in order");
            assertFalse(c.states().contains(ClientState.RECONNECTING), c.engine.config().label() + " " + c.states());
            assertEquals(ClientState.CONNECTED, c.state());
            shown += c.alertIds().size();
        }
        int survived = closedByKind.values().stream().mapToInt(AtomicInteger::get).sum();
        assertEquals(HOSTILE, survived);
        assertEquals(HONEST, ts.server().stats().clients(), "the honest sessions are the logged-in ones");
        Await.until(LONG, () -> ts.server().stats().connections() == HONEST, "only the honest sessions remain open");
        System.out.printf("hostile crowd: %d hostile connections %s all closed by the server; %d honest clients, "
                        + "%d alerts, %d shown, %d acknowledged, alerts lost 0%n", HOSTILE, closedByKind, HONEST,
                alerts.size(), shown, (long) alerts.size() * HONEST);
    }

    private enum Kind { GARBAGE, OVERSIZED, SLOW_LORIS, REPLAY, LOGIN_FLOOD, WRONG_KEY, CUT_FRAME, VANISH }

    /** One hostile connection; returns once the server has closed it (the read ends). */
    private void attack(Kind kind, SplittableRandom r) throws IOException {
        try (RawClient raw = RawClient.tcp(ts.port())) {
            switch (kind) {
                case GARBAGE -> {
                    byte[] junk = new byte[r.nextInt(1, 512)];
                    r.nextBytes(junk);
                    junk[0] = 'X'; // never the magic by chance
                    raw.sendRaw(junk);
                    raw.drainRawUntilClosed();
                }
                case OVERSIZED -> {
                    raw.startChannel(ts.key());
                    raw.sendRaw(new byte[] {(byte) r.nextInt(1, 256), (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
                    raw.readUntilClosed();
                }
                case SLOW_LORIS -> {
                    // A valid preamble, one byte per tick: the login deadline ends it, not the read timeout.
                    byte[] preamble = {'C', 'C', 'N', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
                    OutputStream out = raw.socket().getOutputStream();
                    AtomicInteger next = new AtomicInteger();
                    ScheduledFuture<?> drip = ticker.scheduleAtFixedRate(() -> {
                        int i = next.getAndIncrement();
                        try {
                            out.write(preamble[i % preamble.length]);
                            out.flush();
                        } catch (IOException e) {
                            throw new IllegalStateException("closed"); // ends the schedule
                        }
                    }, 0, 300, TimeUnit.MILLISECONDS);
                    try {
                        raw.drainRawUntilClosed();
                    } finally {
                        drip.cancel(false);
                    }
                }
                case REPLAY -> {
                    raw.startChannel(ts.key());
                    byte[] hello = raw.send(new Message.ClientHello("replayer"));
                    raw.sendRaw(hello);
                    raw.readUntilClosed();
                }
                case LOGIN_FLOOD -> {
                    raw.startChannel(ts.key());
                    raw.hello();
                    for (int i = 0; i < 10; i++) {
                        raw.send(new Message.Login("mallory" + r.nextInt(3), "guess" + i));
                    }
                    raw.readUntilClosed(); // AUTH_FAILED answers, then ERROR LOGIN_TIMEOUT
                }
                case WRONG_KEY -> {
                    // the right server, another class key: refused in the handshake, before any frame
                    HandshakeException e = assertThrows(HandshakeException.class,
                            () -> raw.startChannel(ts.key().withClassKey(ServerKeys.generate().classKey())));
                    assertEquals(HandshakeException.Reason.REJECTED_CLASS_KEY, e.reason());
                    raw.drainRawUntilClosed();
                }
                case CUT_FRAME -> {
                    raw.startChannel(ts.key());
                    raw.sendRaw(new byte[] {0, 0, 0, 100, 1, 2, 3});
                    raw.socket().shutdownOutput();
                    raw.drainRawUntilClosed();
                }
                case VANISH -> {
                    if (r.nextBoolean()) {
                        raw.sendRaw(new byte[] {'C', 'C', 'N'});
                    }
                    raw.socket().setSoLinger(true, 0); // reset, no goodbye
                }
            }
        }
    }
}
