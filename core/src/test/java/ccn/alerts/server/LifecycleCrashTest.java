package ccn.alerts.server;

import ccn.alerts.client.ClientConfig;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Message.Alert;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.ServerProcess;
import ccn.alerts.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert life cycle survives {@code kill -9}: a read confirmation answered with READ_OK, an
 * update and a cancel a client was sent, and an expiry are all still true after a restart on the
 * same data directory; nothing is shown twice and a cancelled alert never comes back as active.
 * The server is a real {@code ServerMain} process driven by its terminal commands.
 */
class LifecycleCrashTest {
    private static final Duration SLOW = Duration.ofSeconds(30);
    private static final Pattern UPDATED = Pattern.compile("^Updated alert (\\d+) \\(revision (\\d+)\\)$");

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

    private TestClient login(ServerProcess p, String user, String password) {
        TestClient c = own(new TestClient(ClientConfig.of("127.0.0.1", p.port(), user, password, p.key())
                .withConnectTimeout(Duration.ofSeconds(5))));
        c.connected();
        return c;
    }

    private static long send(ServerProcess p, String command) throws Exception {
        int before = p.confirmedAlerts().size();
        p.command(command);
        Await.until(SLOW, () -> p.confirmedAlerts().size() > before, "the server sends: " + command + "\n" + p.describe());
        return p.confirmedAlerts().getLast();
    }

    private static void awaitLine(ServerProcess p, String prefix) {
        Await.until(SLOW, () -> p.lines().stream().anyMatch(l -> l.startsWith(prefix)), "the server prints " + prefix + "\n" + p.describe());
    }

    /** Revision 2's ACK is on disk: a second ACK_OK for the id (the first was revision 1's). */
    private static void awaitSecondAckOk(TestClient c, long id) {
        Await.until(SLOW, () -> c.acksConfirmed.stream().filter(x -> x == id).count() >= 2,
                "ACK_OK for revision 2 of alert " + id + " (has " + c.acksConfirmed + ")");
    }

    @Test
    void readsUpdatesCancelsAndExpiriesSurviveAKillNine() throws Exception {
        Path data = dir.resolve("server");
        Path stderr = dir.resolve("server-stderr.txt");
        ServerProcess first = own(ServerProcess.start(data, 0, stderr));
        TestClient user1 = login(first, "user1", "pass123");

        long read = send(first, "send HIGH Gas leak in lab 3: leave now");
        user1.awaitAckConfirmed(read);
        user1.engine.confirmRead(read);
        user1.awaitReadConfirmed(read);

        long updated = send(first, "send HIGH Assemble at the west gate");
        user1.awaitAckConfirmed(updated);
        first.command("update " + updated + " HIGH Assemble at the EAST gate");
        user1.awaitRevision(updated, 2);
        awaitSecondAckOk(user1, updated);
        Await.until(SLOW, () -> first.lines().stream().map(UPDATED::matcher).anyMatch(Matcher::matches), first.describe());

        long cancelled = send(first, "send MEDIUM Buses leave at 2 pm");
        user1.awaitAckConfirmed(cancelled);
        first.command("cancel " + cancelled + " Buses run as usual");
        Alert cancel = user1.awaitRevision(cancelled, 2);
        assertEquals(Message.AlertState.CANCELLED, cancel.state());
        awaitSecondAckOk(user1, cancelled);

        long expiring = send(first, "send expires 2s HIGH Hail for two seconds");
        Alert expiringAlert = user1.awaitAlert(expiring);
        user1.awaitAckConfirmed(expiring);
        Instant expiresAt = expiringAlert.expiresAt();
        user1.close();

        // when: kill -9 right after the last answer, restart on the same data directory
        first.kill();
        ServerProcess second = own(ServerProcess.start(data, 0, stderr));
        // The expiry passes while nobody is logged in (waiting for the clock, not for a thread).
        Await.until(SLOW, () -> !Instant.now().isBefore(expiresAt), "the expiry passes");
        TestClient back = login(second, "user1", "pass123");
        TestClient user2 = login(second, "user2", "pass456"); // offline through all of it
        long marker = send(second, "send LOW marker after the restart");
        back.awaitAlert(marker);
        user2.awaitAlert(marker);

        // then: user1 acknowledged every revision before the kill (ACK_OK), so nothing comes again
        assertEquals(List.of(marker), back.alertIds(), "user1 acknowledged everything before the kill; got again: " + back.alerts);
        // user2 catches up on the update's latest text only; not the cancelled one, not the expired one
        Alert caught = user2.alert(updated);
        assertTrue(caught != null && caught.revision() == 2 && caught.message().equals("Assemble at the EAST gate") && caught.catchUp(),
                "user2's catch-up: " + user2.alerts);
        assertNull(user2.alert(cancelled), "cancelled: " + user2.alerts);
        assertNull(user2.alert(expiring), "expired: " + user2.alerts);
        assertTrue(user2.alert(read) != null, "still active, never acknowledged by user2: " + user2.alerts);
        assertEquals(1, user2.revisions(updated).size(), "shown once: " + user2.alerts);
        // the read survived: the roster says so
        second.command("roster " + read);
        awaitLine(second, "Alert " + read + ": delivered ");
        String counts = second.lines().stream().filter(l -> l.startsWith("Alert " + read + ": ")).findFirst().orElseThrow();
        assertTrue(counts.contains("read 1 / 3"), counts + "\n" + second.describe());
    }
}
