package ccn.alerts.server;

import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientState;
import ccn.alerts.protocol.Message;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.ServerProcess;
import ccn.alerts.testing.TcpProxy;
import ccn.alerts.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real crash: the headless server in its own JVM is killed with SIGKILL in the middle of a
 * stream of broadcasts, restarted on the same data directory, and every client ends up having
 * shown every alert exactly once. One client sits behind a proxy that swallows everything the
 * server sends before the crash, so all it ever shows comes from the journal after the restart.
 */
class KillNineRecoveryTest {
    private static final int ALERTS_BEFORE = 80; // within the 100 alerts the server retains for redelivery
    private static final int KILL_AFTER = 30;
    private static final int IN_FLIGHT = 4;
    private static final int ALERTS_AFTER = 5;
    private static final Duration SLOW = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    private <T extends AutoCloseable> T own(T r) {
        resources.add(r);
        return r;
    }

    @Test
    void killNineMidBroadcast_restartLosesNoAlertAndNoClientShowsOneTwice() throws Exception {
        Path data = dir.resolve("server");
        Path stderr = dir.resolve("server-stderr.txt");
        ServerProcess first = own(ServerProcess.start(data, 0, stderr));
        int port = first.port();
        TcpProxy proxy = own(new TcpProxy(port));
        TestClient admin = own(new TestClient(config(port, "admin", "admin123", first))).connected();
        TestClient user1 = own(new TestClient(config(port, "user1", "pass123", first))).connected();
        TestClient blind = own(new TestClient(config(proxy.port(), "user2", "pass456", first))).connected();
        List<TestClient> clients = List.of(admin, user1, blind);
        proxy.muteServerToClient();

        // A few commands in flight at any moment, so the kill lands in the middle of a broadcast.
        int written = 0;
        while (first.confirmedAlerts().size() < KILL_AFTER) {
            int confirmed = first.confirmedAlerts().size();
            while (written < ALERTS_BEFORE && written - confirmed < IN_FLIGHT) {
                first.command("send HIGH crash-test alert " + (++written));
            }
            Await.until(SLOW, () -> first.confirmedAlerts().size() > confirmed || first.confirmedAlerts().size() >= KILL_AFTER,
                    "the server confirms alert " + (confirmed + 1) + "\n" + String.join("\n", first.lines()));
        }
        first.kill();
        List<Long> confirmedBefore = first.confirmedAlerts();
        clients.forEach(c -> c.awaitState(ClientState.RECONNECTING, SLOW));
        assertTrue(blind.alerts.isEmpty(), "the proxy let alerts through before the crash: " + blind.alertIds());

        ServerProcess second = own(ServerProcess.start(data, port, stderr));
        // Alerts reach the sessions logged in when they are sent; wait for everyone to be back.
        clients.forEach(c -> c.awaitState(ClientState.CONNECTED, SLOW));
        for (int i = 1; i <= ALERTS_AFTER; i++) {
            second.command("send LOW after-restart alert " + i);
        }
        Await.until(SLOW, () -> second.confirmedAlerts().size() == ALERTS_AFTER, "the restarted server sends "
                + ALERTS_AFTER + " alerts\n" + String.join("\n", second.lines()));
        List<Long> confirmedAfter = second.confirmedAlerts();

        Set<Long> mustHave = new TreeSet<>(confirmedBefore);
        mustHave.addAll(confirmedAfter);
        for (TestClient c : clients) {
            Await.until(SLOW, () -> new HashSet<>(c.alertIds()).containsAll(mustHave),
                    c.engine.config().label() + " shows every confirmed alert " + mustHave);
        }
        // The restarted server queues AUTH_SUCCESS, then redeliveries, then new alerts: once the new
        // alerts are confirmed, every redelivery has been shown (or dropped as a duplicate) already.
        // An ACK that reached the first server just before the kill may never be confirmed, so
        // alerts from before the crash only need to have been acknowledged.
        for (TestClient c : clients) {
            for (long id : confirmedAfter) {
                Await.until(SLOW, () -> c.acksConfirmed.contains(id), c.engine.config().label() + " gets ACK_OK for " + id);
            }
            for (long id : c.alertIds()) {
                Await.until(SLOW, () -> c.acksSent.contains(id), c.engine.config().label() + " acknowledges " + id);
            }
        }
        Set<Long> shownByAdmin = new TreeSet<>(admin.alertIds());
        for (TestClient c : clients) {
            List<Long> shown = c.alertIds();
            assertEquals(shown.size(), new HashSet<>(shown).size(), c.engine.config().label() + " showed an alert twice: " + shown);
            assertEquals(shownByAdmin, new TreeSet<>(shown), c.engine.config().label() + " and admin differ");
        }
        long highestBefore = confirmedBefore.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(confirmedAfter.stream().allMatch(id -> id > highestBefore), "ids continue: " + confirmedAfter);
        for (long id : confirmedBefore) {
            assertTrue(blind.alert(id).redelivery(), "alert " + id + " reached user2 only from the journal");
        }
        System.out.printf("kill -9 recovery: %d alerts confirmed before the kill (%d journalled), %d after; "
                        + "clients %d, alerts lost 0, shown twice 0; stderr %d bytes%n", confirmedBefore.size(),
                shownByAdmin.size() - confirmedAfter.size(), confirmedAfter.size(), clients.size(), Files.size(stderr));
    }

    @Test
    void killNine_restartContinuesAlertIdsRightAfterTheLastJournalledOne() throws Exception {
        Path data = dir.resolve("server");
        Path stderr = dir.resolve("server-stderr.txt");
        ServerProcess first = own(ServerProcess.start(data, 0, stderr));
        for (int i = 1; i <= 3; i++) {
            first.command("send MEDIUM before the crash " + i);
        }
        Await.until(SLOW, () -> first.confirmedAlerts().size() == 3, "three alerts sent\n" + String.join("\n", first.lines()));
        // when:
        first.kill();
        ServerProcess second = own(ServerProcess.start(data, 0, stderr));
        second.command("send MEDIUM after the crash");
        Await.until(SLOW, () -> second.confirmedAlerts().size() == 1, "one alert sent\n" + String.join("\n", second.lines()));
        // then: no jump to the end of the reserved block
        assertEquals(List.of(1L, 2L, 3L), first.confirmedAlerts());
        assertEquals(List.of(4L), second.confirmedAlerts());
        assertTrue(Files.readString(data.resolve("server_log.txt")).contains("alert ids continue after 3"),
                "the log says why");
    }

    private static ClientConfig config(int port, String user, String password, ServerProcess server) {
        return ClientConfig.of("127.0.0.1", port, user, password, server.key())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(250));
    }
}
