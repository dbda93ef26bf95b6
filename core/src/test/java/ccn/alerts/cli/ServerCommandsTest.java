package ccn.alerts.cli;

import ccn.alerts.alert.Audience;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AckTracker;
import ccn.alerts.server.AlertRequest;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The headless server's terminal commands for the alert life cycle, and the terminal client's alert lines. */
class ServerCommandsTest {
    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();

    private static String run(TestServer ts, String command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertTrue(ServerMain.execute(ts.server(), command, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        return bytes.toString(StandardCharsets.UTF_8).strip();
    }

    private static long sentId(String output) {
        assertTrue(output.matches("Sent alert \\d+"), output);
        return Long.parseLong(output.substring("Sent alert ".length()));
    }

    @Test
    void sendTakesAnAudienceAnExpiryAndADrillMarkBeforeThePriority() {
        AlertRequest r = ServerMain.parseSend("to group:lab-a expires 15m drill HIGH Fire drill: east stairs");
        assertEquals(new AlertRequest(Priority.HIGH, "Fire drill: east stairs", "console", Audience.groups(List.of("lab-a")),
                Duration.ofMinutes(15), true), r);
        assertEquals(AlertRequest.of(Priority.LOW, "plain as in the seed", "console"), ServerMain.parseSend("LOW plain as in the seed"));
        assertEquals(Audience.users(List.of("user1", "user2")), ServerMain.parseSend("drill to user:user2,user1 MEDIUM x").audience());
    }

    @Test
    void badSendWordsAreSentencesNotStackTraces() {
        assertEquals("priority is LOW, MEDIUM or HIGH",
                assertThrows(IllegalArgumentException.class, () -> ServerMain.parseSend("URGENT now")).getMessage());
        assertEquals("an expiry is a number and s, m, h or d (15m, 1h, 4h) or none, not 'soon'",
                assertThrows(IllegalArgumentException.class, () -> ServerMain.parseSend("expires soon HIGH x")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerMain.parseSend("to lab-a HIGH x")).getMessage()
                .startsWith("an audience is 'everyone', 'group:NAME[,NAME…]' or 'user:NAME[,NAME…]'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ServerMain.parseSend("HIGH")).getMessage().startsWith("usage: send"));
    }

    @Test
    void theLifeCycleFromTheTerminal() throws Exception {
        TestServer ts = server.start();
        TestClient user1 = ts.connected("user1", "pass123");
        long id = sentId(run(ts, "send to group:lab-a expires 1h drill HIGH Drill: leave by the east stairs"));
        Message.Alert a = user1.awaitAlert(id);
        assertTrue(a.drill() && a.expires() != null, a.toString());
        user1.awaitAckConfirmed(id);

        assertEquals("Updated alert " + id + " (revision 2)", run(ts, "update " + id + " HIGH Drill: leave by the WEST stairs"));
        assertEquals("Drill: leave by the WEST stairs", user1.awaitRevision(id, 2).message());
        assertEquals("Reminded 1 user(s)", run(ts, "remind " + id));
        String alerts = run(ts, "alerts");
        assertTrue(alerts.contains("#" + id) && alerts.contains("updated") && alerts.contains("DRILL, group lab-a")
                && alerts.contains("delivered 1 / 1 · read 0 / 1"), alerts);
        user1.engine.confirmRead(id);
        user1.awaitReadConfirmed(id);
        String roster = run(ts, "roster " + id);
        assertTrue(roster.startsWith("Alert " + id + ": delivered 1 / 1 · read 1 / 1"), roster);
        Path csv = ts.dataDir().resolve("roster.csv");
        assertEquals("Wrote 1 roster(s) to " + csv.toAbsolutePath(), run(ts, "export " + csv + " " + id));
        assertTrue(Files.readString(csv).startsWith("alert,revision,state,user,session,delivered_at,read_at\r\n" + id + ",2,ACTIVE,user1,s-"),
                Files.readString(csv));
        assertEquals("All clear for alert " + id + " (revision 3)", run(ts, "allclear " + id + " Drill over"));
        assertEquals(Message.AlertState.ALL_CLEAR, user1.awaitRevision(id, 3).state());
        assertEquals("Not done: alert " + id + " has ended already", run(ts, "cancel " + id));
        assertEquals("Not done: an alert id is a number, as 'alerts' lists them", run(ts, "remind soon"));
    }

    @Test
    void groupsAreListedAndSetFromTheTerminal() throws Exception {
        TestServer ts = server.start();
        assertEquals("2 group(s)\n  lab-a: user1\n  lab-b: user2", run(ts, "groups").replace("\r", ""));
        assertEquals("Groups of user2: lab-a, lab-c", run(ts, "group user2 lab-a,lab-c"));
        assertEquals(List.of("user1", "user2"), ts.server().users().members("lab-a"));
        assertEquals("Groups of user2: none", run(ts, "group user2"));
        assertEquals("No user nobody", run(ts, "group nobody lab-a"));
        assertTrue(run(ts, "group user1 lab a!").startsWith("Not changed: invalid group name 'a!'"), run(ts, "group user1 lab a!"));
    }

    @Test
    void theTerminalClientPrintsRevisionsAndMarks() {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        Message.Alert first = new Message.Alert(4, Priority.HIGH, "Evacuate", "2026-12-02T09:59:00Z", Message.AlertSource.MANUAL,
                "console", null, false, 1, null, "2026-12-02T11:00:00Z", Message.AlertState.ACTIVE, true, true);
        String line = TerminalClient.describe(first, now);
        assertTrue(line.startsWith("\u0007[") && line.contains("HIGH   #4 DRILL Evacuate"), line);
        assertTrue(line.contains("while you were away") && line.contains("expires ") && line.contains("type 'read 4'"), line);
        Message.Alert cancelled = first.revise(Priority.HIGH, "Sent in error", null, Message.AlertState.CANCELLED, now);
        String ended = TerminalClient.describe(cancelled, now);
        assertTrue(!ended.startsWith("\u0007") && ended.contains("#4 DRILL CANCELLED Sent in error") && !ended.contains("type 'read"), ended);
    }

    @Test
    void summariesCountUsersOfTheAudience() throws Exception {
        TestServer ts = server.start();
        long id = sentId(run(ts, "send to user:user1,user2 LOW two of three"));
        AckTracker.AlertSummary s = ts.server().alertSummaries().stream().filter(x -> x.alert().alertId() == id).findFirst().orElseThrow();
        assertEquals(2, s.audienceSize());
        assertEquals("delivered 0 / 2 · read 0 / 2", s.counts());
    }
}
