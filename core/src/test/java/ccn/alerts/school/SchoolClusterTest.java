package ccn.alerts.school;

import ccn.alerts.client.ClientConfig;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Message.AlertState;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.NatsCluster;
import ccn.alerts.testing.ServerProcess;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static ccn.alerts.school.SchoolFederationTest.WAIT;
import static ccn.alerts.school.SchoolFederationTest.awaitSchoolAlert;
import static ccn.alerts.school.SchoolFederationTest.fromSchool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The school on a three-node JetStream cluster (streams replicated on all three), three
 * classroom servers with two clients each, one of them a separate JVM that is killed with
 * SIGKILL right after a school alert is sent, while a cluster node is down: every client shows
 * every school alert exactly once, the rosters add up, and an update and a cancel still reach
 * every room.
 */
class SchoolClusterTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() {
        SchoolFederationTest.LOGS.clear();
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // closing what the test opened
            }
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        open.add(resource);
        return resource;
    }

    @Test
    void aNodeAndAClassroomDyingMidAlertLoseNothingAndShowNothingTwice() throws Exception {
        assumeTrue(NatsCluster.binary().isPresent(), NatsCluster.missingMessage());
        NatsCluster nats = own(NatsCluster.start(dir.resolve("nats"), 3));
        SchoolSubjects subjects = new SchoolSubjects("test.school");
        List<TestClient> clients = new ArrayList<>();

        for (String room : List.of("room-a", "room-b")) {
            TestServer ts = own(TestServer.start(dir.resolve(room)));
            SchoolFederationTest.LOGS.add(ts::logLines);
            Upstream up = own(Upstream.start(ts.server(), new Upstream.Settings(nats.urls(), null, null, subjects, room, 3)));
            Await.until(WAIT, () -> up.status().state() == Upstream.State.CONNECTED, () -> room + ": " + up.status());
            clients.add(ts.connected("user1", "pass123"));
            clients.add(ts.connected("user2", "pass456"));
        }
        Path roomC = dir.resolve("room-c");
        String[] upstreamArgs = {"--upstream", String.join(",", nats.urls()), "--room", "room-c",
                "--school-prefix", "test.school", "--school-replicas", "3"};
        ServerProcess c = own(ServerProcess.start(roomC, 0, dir.resolve("room-c.err"), upstreamArgs));
        int portC = c.port();
        for (String[] user : new String[][]{{"user1", "pass123"}, {"user2", "pass456"}}) {
            ClientConfig cfg = ClientConfig.of("127.0.0.1", portC, user[0], user[1], c.key())
                    .withBackoff(TestServer.TEST_BACKOFF, Duration.ofMillis(500));
            clients.add(own(new TestClient(cfg)).connected());
        }

        School school = own(School.connect(new School.Settings(nats.urls(), null, null, subjects, "Lincoln High", 3,
                dir.resolve("school"))));
        SchoolAlert first = school.send(Priority.HIGH, "Lockdown drill at 10:00", "head", true, List.of(), null);
        clients.forEach(cl -> awaitSchoolAlert(cl, first.id(), 1));

        nats.kill(0);
        SchoolAlert second = school.send(Priority.HIGH, "Evacuate: fire alarm in block B", "head", false, List.of(), null);
        c.kill(); // SIGKILL, whatever room-c was doing with the alert
        ServerProcess c2 = own(ServerProcess.start(roomC, portC, dir.resolve("room-c.err"), upstreamArgs));
        SchoolFederationTest.LOGS.add(() -> {
            try {
                return java.nio.file.Files.readAllLines(roomC.resolve("server_log.txt"));
            } catch (java.io.IOException e) {
                return List.of("(no room-c log)");
            }
        });

        for (TestClient cl : clients) {
            awaitSchoolAlert(cl, second.id(), 1);
        }
        Await.until(WAIT, () -> school.totals(second.id()).equals(new School.Totals(second.id(), 1, 3, 9, 6, 0)),
                () -> "totals " + school.totals(second.id()) + " rosters " + school.rosters(second.id()));

        school.update(second.id(), Priority.HIGH, "Evacuate block B by the west exit");
        school.end(second.id(), AlertState.ALL_CLEAR, "All clear: back to class");
        for (TestClient cl : clients) {
            Message.Alert done = awaitSchoolAlert(cl, second.id(), 3);
            assertEquals(AlertState.ALL_CLEAR, done.state());
        }
        for (TestClient cl : clients) {
            assertEquals(1, fromSchool(cl, first.id()).size(), "first shown once: " + cl.alerts);
            assertEquals(List.of(1, 2, 3), fromSchool(cl, second.id()).stream().map(a -> a.school().revision()).toList(),
                    "second, each revision once: " + cl.alerts);
        }
        c2.close();
    }
}
