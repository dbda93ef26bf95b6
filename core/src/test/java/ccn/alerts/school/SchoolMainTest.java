package ccn.alerts.school;

import ccn.alerts.testing.Await;
import ccn.alerts.testing.NatsCluster;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The school's terminal commands against a real nats-server and a linked classroom. */
class SchoolMainTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private String run(School school, String line) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ccn.alerts.cli.SchoolMain.execute(school, line, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sendToRoomsUpdateCancelAndRosterFromTheTerminal() throws Exception {
        assumeTrue(NatsCluster.binary().isPresent(), NatsCluster.missingMessage());
        NatsCluster nats = NatsCluster.start(dir.resolve("nats"), 1);
        open.add(nats);
        SchoolSubjects subjects = new SchoolSubjects("term.school");
        TestServer ts = TestServer.start(dir.resolve("room-a"));
        open.add(ts);
        Upstream up = Upstream.start(ts.server(), new Upstream.Settings(nats.urls(), null, null, subjects, "room-a", 1));
        open.add(up);
        TestClient user1 = ts.connected("user1", "pass123");
        School school = School.connect(new School.Settings(nats.urls(), null, null, subjects, "Lincoln High", 1,
                dir.resolve("school")));
        open.add(school);

        assertEquals("Sent school alert 1 to [room-a]\n", run(school, "send to room-a drill HIGH Fire drill now"));
        SchoolFederationTest.awaitSchoolAlert(user1, 1, 1);
        assertTrue(SchoolFederationTest.fromSchool(user1, 1).getFirst().drill());
        assertEquals("School alert 1 is at revision 2\n", run(school, "update 1 MEDIUM Fire drill moved to 10:30"));
        assertEquals("School alert 1 CANCELLED\n", run(school, "cancel 1 No drill today"));
        SchoolFederationTest.awaitSchoolAlert(user1, 1, 3);
        Await.until(SchoolFederationTest.WAIT, () -> run(school, "roster 1").contains("total: delivered 1 / 3 · read 0 / 3 across 1 room"),
                () -> run(school, "roster 1"));
        assertTrue(run(school, "alerts").contains("1 r3 CANCELLED"), run(school, "alerts"));
        assertEquals("Not done: school alert 1 has ended; send a new one instead\n", run(school, "update 1 LOW again"));
        assertEquals("Not done: an alert id is a number\n", run(school, "cancel one"));
        assertTrue(run(school, "send to room!1 HIGH x").startsWith("Not done: room name"), run(school, "send to room!1 HIGH x"));
    }
}
