package ccn.alerts.server;

import ccn.alerts.alert.Audience;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Message.Alert;
import ccn.alerts.protocol.Message.AlertState;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert life cycle through the engine, with real clients on loopback: audiences, catch-up,
 * update and end in place, expiry, read confirmations and reminders, and rosters with two
 * sessions of one user. Users: admin, user1 (group lab-a), user2 (group lab-b).
 *
 * <p>"Nothing else arrived" is shown with a marker: the server sends a session its catch-up and
 * every earlier message before a later alert on the same connection, so once the marker is in,
 * anything that was going to come has come.
 */
class AlertLifecycleTest {
    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();

    private static AlertRequest high(String text) {
        return AlertRequest.of(Priority.HIGH, text, "admin");
    }

    /** A marker alert for {@code audience}; returns once {@code clients} have it. */
    private static long marker(TestServer ts, Audience audience, TestClient... clients) throws Exception {
        long id = ts.server().broadcastAlert(AlertRequest.of(Priority.LOW, "marker", "admin").to(audience)).alertId();
        for (TestClient c : clients) {
            c.awaitAlert(id);
        }
        return id;
    }

    private static AckTracker.AlertSummary summary(TestServer ts, long id) {
        return ts.server().alertSummaries().stream().filter(s -> s.alert().alertId() == id).findFirst().orElseThrow();
    }

    @Test
    void aGroupSendReachesExactlyItsAudience_andCountsUseIt() throws Exception {
        TestServer ts = server.start();
        TestClient admin = ts.connected("admin", "admin123");
        TestClient user1 = ts.connected("user1", "pass123");
        TestClient user2 = ts.connected("user2", "pass456");

        // when:
        long id = ts.server().broadcastAlert(high("Lab A: fire drill at 3 pm").to(Audience.groups(List.of("lab-a")))).alertId();

        // then:
        user1.awaitAckConfirmed(id);
        marker(ts, Audience.everyone(), admin, user1, user2);
        assertNull(admin.alert(id), "admin is not in lab-a");
        assertNull(user2.alert(id), "user2 is in lab-b");
        Await.until(() -> summary(ts, id).usersDelivered() == 1, "the delivery is counted");
        AckTracker.AlertSummary s = summary(ts, id);
        assertEquals("delivered 1 / 1 · read 0 / 1", s.counts());
        assertEquals(Audience.groups(List.of("lab-a")), s.audience());
        Roster roster = ts.server().roster(id).orElseThrow();
        assertEquals(List.of("user1"), roster.rows().stream().map(Roster.Row::username).toList());
    }

    @Test
    void anAudienceWithNobodyInIt_isRefusedWithASentence() throws Exception {
        TestServer ts = server.start();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ts.server().broadcastAlert(high("x").to(Audience.groups(List.of("nobody-here")))));
        assertEquals("group nobody-here has no members", e.getMessage());
    }

    @Test
    void catchUp_reachesAUserWhoWasOffline_butNotOneWhoAcknowledged() throws Exception {
        TestServer ts = server.start();
        TestClient user1 = ts.connected("user1", "pass123");
        long id = ts.server().broadcastAlert(high("Shelter in place")).alertId();
        user1.awaitAckConfirmed(id);
        user1.close();

        // when: user2 logs in for the first time after the alert; user1 comes back in a new window
        TestClient user2 = ts.connected("user2", "pass456");
        TestClient user1Again = ts.connected("user1", "pass123");

        // then:
        Alert caught = user2.awaitAlert(id);
        assertTrue(caught.catchUp(), caught.toString());
        assertFalse(caught.redelivery(), caught.toString());
        user2.awaitAckConfirmed(id);
        marker(ts, Audience.everyone(), user2, user1Again);
        assertNull(user1Again.alert(id), "user1 acknowledged it already");
        Await.until(() -> summary(ts, id).usersDelivered() == 2, "both users have it");
        assertEquals("delivered 2 / 3 · read 0 / 3", summary(ts, id).counts());
        ts.awaitLogLine("BROADCAST", "^Catching user2 \\(/127\\.0\\.0\\.1:\\d+\\) up on 1 alert\\(s\\) issued or changed while the user was away$");
    }

    @Test
    void anUpdateChangesTheAlertInPlace_liveAndForThoseWhoWereOffline() throws Exception {
        TestServer ts = server.start();
        TestClient user1 = ts.connected("user1", "pass123");
        long id = ts.server().broadcastAlert(high("Leave by the west door")).alertId();
        user1.awaitAckConfirmed(id);

        // when:
        Alert updated = ts.server().updateAlert(id, Priority.MEDIUM, "Leave by the EAST door", null);

        // then: the live client gets revision 2 of the same id
        assertEquals(2, updated.revision());
        Alert live = user1.awaitRevision(id, 2);
        assertEquals("Leave by the EAST door", live.message());
        assertEquals(Priority.MEDIUM, live.priority());
        assertEquals(AlertState.ACTIVE, live.state());
        assertTrue(live.updated() != null && !live.revisedAt().isBefore(live.time()), live.toString());
        // ... and one who logs in later gets only the latest revision
        TestClient user2 = ts.connected("user2", "pass456");
        Alert late = user2.awaitAlert(id);
        assertEquals(2, late.revision());
        assertEquals("Leave by the EAST door", late.message());
        marker(ts, Audience.everyone(), user1, user2);
        assertEquals(1, user2.revisions(id).size(), "one revision, the latest: " + user2.revisions(id));
        ts.awaitLogLine("ALERT", "^Alert " + id + " updated \\(revision 2\\): MEDIUM Leave by the EAST door$");
    }

    @Test
    void aCancelStopsTheAlertEverywhere_andIsNeverCaughtUpBySomeoneWhoNeverHadIt() throws Exception {
        TestServer ts = server.start();
        TestClient user1 = ts.connected("user1", "pass123");
        long id = ts.server().broadcastAlert(high("Evacuate building B")).alertId();
        user1.awaitAckConfirmed(id);

        // when:
        ts.server().endAlert(id, AlertState.CANCELLED, "Sent in error: no evacuation");

        // then:
        Alert ended = user1.awaitRevision(id, 2);
        assertEquals(AlertState.CANCELLED, ended.state());
        assertEquals("Sent in error: no evacuation", ended.message());
        TestClient user2 = ts.connected("user2", "pass456");
        marker(ts, Audience.everyone(), user1, user2);
        assertNull(user2.alert(id), "a cancelled alert is not caught up");
        assertEquals(Reminder0.NONE, Reminder0.of(ts.server().remind(id)), "an ended alert rings for nobody");
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
                () -> ts.server().endAlert(id, AlertState.ALL_CLEAR, null));
        assertEquals("alert " + id + " has ended already", again.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ts.server().updateAlert(id, Priority.LOW, "x", null));
    }

    @Test
    void anUpdateWithoutTextIsRefused_andTheAlertStaysAsItWas() throws Exception {
        TestServer ts = server.start();
        long id = ts.server().broadcastAlert(high("Keep this")).alertId();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ts.server().updateAlert(id, Priority.HIGH, "   ", null));
        assertEquals("alert text is empty", e.getMessage());
        assertEquals(1, ts.server().roster(id).orElseThrow().alert().revision());
    }

    /** AlertServer.Reminder as a value to compare. */
    private record Reminder0(int reminded, int offline) {
        static final Reminder0 NONE = new Reminder0(0, 0);

        static Reminder0 of(AlertServer.Reminder r) {
            return new Reminder0(r.reminded(), r.offline());
        }
    }

    @Test
    void aCancelReachesAWindowThatWasOfflineWhenItHappened() throws Exception {
        TestServer ts = server.start();
        TestClient user1 = ts.connected("user1", "pass123");
        long id = ts.server().broadcastAlert(high("Lockdown")).alertId();
        user1.awaitAckConfirmed(id);
        user1.close();
        ts.server().endAlert(id, AlertState.ALL_CLEAR, "All clear: lessons resume");

        // when: the same user's window comes back
        TestClient back = ts.connected("user1", "pass123");

        // then:
        Alert ended = back.awaitAlert(id);
        assertEquals(AlertState.ALL_CLEAR, ended.state());
        assertEquals(2, ended.revision());
        assertTrue(ended.catchUp(), ended.toString());
    }

    @Test
    void anExpiredAlertIsNotCaughtUpNorRemindedNorRedelivered() throws Exception {
        TestServer ts = server.start();
        TestClient user1 = ts.connected("user1", "pass123");
        Alert a = ts.server().broadcastAlert(high("Storm warning").expiringIn(Duration.ofMillis(400)));
        user1.awaitAckConfirmed(a.alertId());
        assertTrue(a.expiresAt() != null && a.expiresAt().isAfter(a.time()), a.toString());
        // Waiting for the clock itself, not for a thread: the alert's expiry time must pass.
        Await.until(() -> !Instant.now().isBefore(a.expiresAt()), "the expiry passes");

        // when:
        TestClient user2 = ts.connected("user2", "pass456");

        // then:
        marker(ts, Audience.everyone(), user1, user2);
        assertNull(user2.alert(a.alertId()), "expired: not caught up");
        assertEquals(Reminder0.NONE, Reminder0.of(ts.server().remind(a.alertId())));
        assertEquals(List.of(), ts.server().roster(a.alertId()).orElseThrow().unread().stream()
                .filter(r -> r.username().equals("user2") && r.delivered()).toList());
    }

    @Test
    void weatherAlertsExpireByDefault() throws Exception {
        TestServer ts = server.start();
        Alert weather = ts.server().broadcastWeatherAlert();
        assertEquals(weather.time().plus(AlertServer.WEATHER_EXPIRY).getEpochSecond(), weather.expiresAt().getEpochSecond(), 2);
    }

    @Test
    void aReadFromOneWindowIsConfirmedInEveryWindowOfTheUser_andCountsOnce() throws Exception {
        TestServer ts = server.start();
        TestClient first = ts.connected("user1", "pass123");
        TestClient second = ts.connected("user1", "pass123");
        TestClient user2 = ts.connected("user2", "pass456");
        long id = ts.server().broadcastAlert(high("Fire alarm test at 10:00").asDrill(true)).alertId();
        first.awaitAckConfirmed(id);
        second.awaitAckConfirmed(id);
        user2.awaitAckConfirmed(id);
        assertTrue(first.alert(id).drill());

        // when:
        assertTrue(first.engine.confirmRead(id));

        // then:
        first.awaitReadConfirmed(id);
        second.awaitReadConfirmed(id);
        Roster roster = ts.server().roster(id).orElseThrow();
        assertEquals("delivered 2 / 3 · read 1 / 3", roster.counts());
        Roster.Row row = roster.rows().stream().filter(r -> r.username().equals("user1")).findFirst().orElseThrow();
        assertEquals(2, row.sessions().size(), row.toString());
        assertTrue(row.read() && row.delivered(), row.toString());
        assertEquals(List.of("admin", "user2"), roster.unread().stream().map(Roster.Row::username).toList());
        ts.awaitLogLine("ACK", "^user1 confirmed reading alert " + id + "$");
        // A second confirmation, from the other window, changes nothing.
        assertTrue(second.engine.confirmRead(id));
        Await.until(() -> second.readsConfirmed.stream().filter(x -> x == id).count() == 2, "the second READ is answered too");
        assertEquals("delivered 2 / 3 · read 1 / 3", ts.server().roster(id).orElseThrow().counts());
    }

    @Test
    void aWindowOpenedAfterTheUserReadAnAlert_isToldItWasRead() throws Exception {
        TestServer ts = server.start();
        TestClient first = ts.connected("user1", "pass123");
        long id = ts.server().broadcastAlert(high("Read me once")).alertId();
        first.awaitAckConfirmed(id);
        first.engine.confirmRead(id);
        first.awaitReadConfirmed(id);
        first.close();
        ts.server().updateAlert(id, Priority.HIGH, "Read me once (corrected)", null);

        // when: a new window catches up on the correction
        TestClient second = ts.connected("user1", "pass123");

        // then: it gets the revision and READ_OK with it, so it does not ask again
        assertEquals(2, second.awaitRevision(id, 2).revision());
        second.awaitReadConfirmed(id);
    }

    @Test
    void remindRingsOnlyThoseWhoHaveNotRead() throws Exception {
        TestServer ts = server.start();
        TestClient user1 = ts.connected("user1", "pass123");
        TestClient user2 = ts.connected("user2", "pass456");
        long id = ts.server().broadcastAlert(high("Bring your lab report")).alertId();
        user1.awaitAckConfirmed(id);
        user2.awaitAckConfirmed(id);
        user1.engine.confirmRead(id);
        user1.awaitReadConfirmed(id);

        // when:
        AlertServer.Reminder r = ts.server().remind(id);

        // then: user2 is rung; admin is not logged in
        assertEquals(new Reminder0(1, 1), Reminder0.of(r));
        Await.until(() -> user2.reminders.contains(id), "user2 is reminded");
        marker(ts, Audience.everyone(), user1, user2);
        assertEquals(List.of(), user1.reminders, "user1 has read it");
        ts.awaitLogLine("BROADCAST", "^Reminded 1 user\\(s\\) of alert " + id
                + " who have not read it; 1 more are not logged in and get it when they are$");
    }

    @Test
    void theRosterCsvHasOneLinePerUserAndSession() throws Exception {
        TestServer ts = server.start();
        TestClient user1 = ts.connected("user1", "pass123");
        long id = ts.server().broadcastAlert(high("CSV").to(Audience.users(List.of("user1", "user2")))).alertId();
        user1.awaitAckConfirmed(id);
        user1.engine.confirmRead(id);
        user1.awaitReadConfirmed(id);

        String csv = Roster.csv(List.of(ts.server().roster(id).orElseThrow()));

        String[] lines = csv.split("\r\n");
        assertEquals(Roster.CSV_HEADER, lines[0]);
        assertEquals(3, lines.length, csv);
        assertTrue(lines[1].matches(id + ",1,ACTIVE,user1,s-\\d+,\\d{4}-.+Z,\\d{4}-.+Z"), lines[1]);
        assertEquals(id + ",1,ACTIVE,user2,,,", lines[2]);
    }
}
