package ccn.alerts.outsider;

import ccn.alerts.alert.Audience;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertRequest;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static ccn.alerts.outsider.SpecClient.LIFECYCLE;
import static ccn.alerts.outsider.SpecClient.catchUp;
import static ccn.alerts.outsider.SpecClient.revision;
import static ccn.alerts.outsider.SpecClient.state;
import static ccn.alerts.outsider.SpecClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert life cycle (PROTOCOL.md §5, §5.1, §6.3, §6.7), checked from outside with
 * {@link SpecClient} against a real in-process server. Whatever is asserted here is what the
 * document says; nothing of the server's code was read. To show that something did not arrive,
 * each test broadcasts a later "marker" alert and waits for it: frames leave in the order they
 * were made (§6.3 "Order"), so what was not there before the marker was never sent.
 */
class SpecLifecycleTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static final List<String> LC = List.of(LIFECYCLE);
    private static final Map<String, String> PASSWORDS = Map.of("admin", "admin123", "user1", "pass123", "user2", "pass456");

    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;

    private String key() {
        return ts.key().asText();
    }

    /** A session whose HELLO named {@code lifecycle}. */
    private SpecClient lc(String user) throws IOException {
        SpecClient c = server.own(SpecClient.login(ts.port(), key(), user, PASSWORDS.get(user), T, LC));
        assertTrue(c.speaksLifecycle(T), "WELCOME must name lifecycle: " + c.received());
        return c;
    }

    /** A session from before the life cycle: HELLO without {@code features}. */
    private SpecClient old(String user) throws IOException {
        return server.own(SpecClient.login(ts.port(), key(), user, PASSWORDS.get(user), T, null));
    }

    private long broadcast(String text) throws IOException {
        return ts.server().broadcastManualAlert(Priority.HIGH, text, "admin").alertId();
    }

    private long broadcast(AlertRequest request) throws IOException {
        return ts.server().broadcastAlert(request).alertId();
    }

    /** A later alert to everyone, awaited on every client: whatever was made before it has arrived. */
    private long marker(SpecClient... clients) throws IOException {
        long id = ts.server().broadcastManualAlert(Priority.LOW, "marker", "admin").alertId();
        for (SpecClient c : clients) {
            c.awaitFor("ALERT", id, T);
        }
        return id;
    }

    /** Closes {@code c} and waits until the server has logged the session as gone. */
    private void leave(SpecClient c, String user) {
        int before = ts.logLines("DISCONNECT", user).size();
        c.close();
        ts.awaitLogLines("DISCONNECT", user, before + 1);
    }

    private void ackOk(SpecClient c, long id) {
        c.awaitFor("ACK_OK", id, T);
    }

    private String counts(long id) {
        return ts.server().roster(id).orElseThrow().counts();
    }

    private void awaitCounts(long id, String expected) {
        Await.until(() -> counts(id).equals(expected), "counts of alert " + id + " to be \"" + expected + "\", are \"" + counts(id) + "\"");
    }

    private static List<JsonNode> alerts(SpecClient c, long id) {
        return c.receivedFor("ALERT", id);
    }

    private static JsonNode revisionOf(SpecClient c, long id, long revision) {
        return c.awaitFor("ALERT", id, m -> revision(m) == revision, T);
    }

    // ------------------------------------------------------------------ §6.7 who speaks it

    @Test
    void welcomeNamesLifecycleAsAnArrayOfStringsWhetherOrNotHelloDid() throws Exception {
        ts = server.start();
        // when:
        SpecClient withFeatures = server.own(SpecClient.hello(ts.port(), key(), LC));
        SpecClient without = server.own(SpecClient.hello(ts.port(), key()));
        // then:
        assertTrue(withFeatures.welcomeFeatures(T).contains(LIFECYCLE), withFeatures.received().toString());
        assertTrue(without.welcomeFeatures(T).contains(LIFECYCLE), without.received().toString());
    }

    @Test
    void anOldClientGetsTheFirstRevisionButNoLaterRevisionNoRemindAndNoReadOk() throws Exception {
        ts = server.start();
        SpecClient oldOne = old("user1");
        SpecClient newOne = lc("user1");
        long id = broadcast("first revision");
        JsonNode first = oldOne.awaitFor("ALERT", id, T);
        newOne.awaitFor("ALERT", id, T);
        oldOne.ack(id);
        ackOk(oldOne, id);
        // when: a revision, a reminder and a read confirmation
        ts.server().updateAlert(id, Priority.MEDIUM, "second revision", null);
        revisionOf(newOne, id, 2);
        ts.server().remind(id);
        newOne.awaitFor("REMIND", id, T);
        newOne.read(id);
        newOne.awaitFor("READ_OK", id, T);
        marker(oldOne, newOne);
        // then:
        assertEquals(1, revision(first));
        assertEquals(List.of(first), alerts(oldOne, id), "an old client gets revision 1 only");
        assertTrue(oldOne.receivedOfType("REMIND").isEmpty(), oldOne.received().toString());
        assertTrue(oldOne.receivedOfType("READ_OK").isEmpty(), oldOne.received().toString());
    }

    @Test
    void unknownFeatureNamesAreIgnoredSoTheirSessionIsAnOldOne() throws Exception {
        ts = server.start();
        SpecClient other = server.own(SpecClient.login(ts.port(), key(), "user1", "pass123", T, List.of("lifecycle2", "LIFECYCLE", "x")));
        SpecClient newOne = lc("user1");
        long id = broadcast("first revision");
        other.awaitFor("ALERT", id, T);
        // when:
        ts.server().updateAlert(id, Priority.MEDIUM, "second revision", null);
        revisionOf(newOne, id, 2);
        marker(other, newOne);
        // then: the connection stayed open, and no revision 2 reached the session without "lifecycle"
        assertNull(other.closedHow(), other.received().toString());
        assertEquals(1, alerts(other, id).size(), other.received().toString());
    }

    @Test
    void anOldClientThatLogsInAfterAnUpdateGetsTheLatestRevisionAsAPlainAlert() throws Exception {
        ts = server.start();
        long id = broadcast("first text");
        ts.server().updateAlert(id, Priority.LOW, "latest text", null);
        // when: user2 logs in with a client from before the life cycle
        SpecClient oldOne = old("user2");
        JsonNode got = oldOne.awaitFor("ALERT", id, T);
        marker(oldOne);
        // then: §6.7 "at login, any session is sent an alert's latest revision … an old client shows
        // it like any other alert, ignoring the members it does not know" (spec gap 1, settled so)
        assertEquals("latest text", got.get("message").asText(), got.toString());
        assertEquals("LOW", got.get("priority").asText(), got.toString());
        assertEquals(1, alerts(oldOne, id).size(), oldOne.received().toString());
    }

    // ------------------------------------------------------------------ §6.7 audience

    @Test
    void anAlertForAGroupOrForUsersReachesOnlySessionsOfUsersInIt() throws Exception {
        ts = server.start();
        SpecClient user1a = lc("user1");
        SpecClient user1b = old("user1");
        SpecClient user2 = lc("user2");
        SpecClient admin = lc("admin");
        // when:
        long forLabA = broadcast(AlertRequest.of(Priority.HIGH, "lab A only", "admin").to(Audience.groups(List.of("lab-a"))));
        long forUser2 = broadcast(AlertRequest.of(Priority.HIGH, "user2 only", "admin").to(Audience.users(List.of("user2"))));
        marker(user1a, user1b, user2, admin);
        // then:
        assertEquals(1, alerts(user1a, forLabA).size());
        assertEquals(1, alerts(user1b, forLabA).size());
        assertTrue(alerts(user2, forLabA).isEmpty(), user2.received().toString());
        assertTrue(alerts(admin, forLabA).isEmpty(), admin.received().toString());
        assertEquals(1, alerts(user2, forUser2).size());
        assertTrue(alerts(user1a, forUser2).isEmpty(), user1a.received().toString());
        assertTrue(alerts(user1b, forUser2).isEmpty(), user1b.received().toString());
        assertTrue(alerts(admin, forUser2).isEmpty(), admin.received().toString());
        assertTrue(counts(forLabA).endsWith("/ 1"), counts(forLabA));
    }

    // ------------------------------------------------------------------ §6.7 revisions

    @Test
    void aRevisionKeepsTheIdRaisesTheRevisionByOneAndKeepsWhatRevision1Fixed() throws Exception {
        ts = server.start();
        SpecClient c = lc("user1");
        Instant before = Instant.now();
        long id = broadcast(AlertRequest.of(Priority.HIGH, "drill text", "admin").expiringIn(Duration.ofMinutes(30)).asDrill(true));
        JsonNode r1 = revisionOf(c, id, 1);
        Instant newExpiry = Instant.now().plus(Duration.ofMinutes(45)).truncatedTo(ChronoUnit.SECONDS);
        // when:
        ts.server().updateAlert(id, Priority.MEDIUM, "corrected text", newExpiry);
        JsonNode r2 = revisionOf(c, id, 2);
        ts.server().endAlert(id, Message.AlertState.ALL_CLEAR, "all clear");
        JsonNode r3 = revisionOf(c, id, 3);
        // then: revision 1
        assertTrue(!r1.has("revision") || r1.get("revision").isIntegralNumber() && r1.get("revision").longValue() == 1, r1.toString());
        assertFalse(r1.has("updated"), "updated is absent on revision 1: " + r1);
        assertEquals("ACTIVE", state(r1), r1.toString());
        assertTrue(r1.get("drill").isBoolean() && r1.get("drill").booleanValue(), r1.toString());
        assertFalse(catchUp(r1), r1.toString());
        assertFalse(r1.get("redelivery").booleanValue(), r1.toString());
        String expires1 = r1.get("expires").asText();
        assertTrue(SpecClient.isTime(expires1), expires1);
        Instant e1 = Instant.parse(expires1);
        assertFalse(e1.isBefore(before.plus(Duration.ofMinutes(30)).minusSeconds(1)), expires1);
        assertFalse(e1.isAfter(Instant.now().plus(Duration.ofMinutes(30)).plusSeconds(1)), expires1);
        // then: revision 2
        for (JsonNode r : List.of(r2, r3)) {
            assertEquals(id, r.get("alertId").longValue());
            assertTrue(r.get("revision").isIntegralNumber(), r.toString());
            String updated = r.get("updated").asText();
            assertTrue(SpecClient.isTime(updated), "updated of the documented time form: " + r);
            assertFalse(Instant.parse(updated).isBefore(Instant.parse(r1.get("timestamp").asText())), r.toString());
            for (String fixed : List.of("timestamp", "sender", "source", "drill")) {
                assertEquals(r1.get(fixed), r.get(fixed), fixed + " stays that of revision 1: " + r);
            }
            assertFalse(r.has("weather"), r.toString());
            assertFalse(catchUp(r), r.toString());
        }
        assertEquals("corrected text", r2.get("message").asText());
        assertEquals("MEDIUM", r2.get("priority").asText());
        assertEquals(newExpiry, SpecClient.expires(r2), r2.toString());
        assertEquals("ACTIVE", state(r2));
        assertEquals("ALL_CLEAR", state(r3), r3.toString());
        assertEquals("all clear", r3.get("message").asText(), r3.toString());
        assertEquals("MEDIUM", r3.get("priority").asText(), "every other member as it now stands: " + r3);
        assertEquals(newExpiry, SpecClient.expires(r3), r3.toString());
        assertFalse(Instant.parse(r3.get("updated").asText()).isBefore(Instant.parse(r2.get("updated").asText())));
    }

    @Test
    void updatedAndExpiresAreWrittenInTheFormThisServerWritesTimestamps() throws Exception {
        ts = server.start();
        SpecClient c = lc("user1");
        long id = broadcast(AlertRequest.of(Priority.HIGH, "timed", "admin").expiringIn(Duration.ofMinutes(5)));
        JsonNode r1 = revisionOf(c, id, 1);
        // when:
        ts.server().updateAlert(id, Priority.HIGH, "timed v2", Instant.now().plus(Duration.ofMinutes(10)));
        JsonNode r2 = revisionOf(c, id, 2);
        // then: §5 "This server sends the time … truncated to the millisecond, … exactly 3 digits"
        assertTrue(SpecClient.isServerTime(r1.get("timestamp").asText()), r1.toString());
        assertTrue(SpecClient.isServerTime(r1.get("expires").asText()), r1.toString());
        assertTrue(SpecClient.isServerTime(r2.get("updated").asText()), r2.toString());
        assertTrue(SpecClient.isServerTime(r2.get("expires").asText()), r2.toString());
    }

    @Test
    void aCancelledRevisionKeepsTheMessageAndAnEndedAlertIsNotRevisedAgain() throws Exception {
        ts = server.start();
        SpecClient c = lc("user1");
        long id = broadcast("sent in error");
        revisionOf(c, id, 1);
        // when:
        ts.server().endAlert(id, Message.AlertState.CANCELLED, null);
        JsonNode r2 = revisionOf(c, id, 2);

        // then:
        assertEquals("CANCELLED", state(r2), r2.toString());
        assertEquals("sent in error", r2.get("message").asText(), r2.toString());
        assertThrows(Exception.class, () -> ts.server().updateAlert(id, Priority.LOW, "again", null));
        assertThrows(Exception.class, () -> ts.server().endAlert(id, Message.AlertState.ALL_CLEAR, null));
        assertThrows(Exception.class, () -> ts.server().endAlert(id, Message.AlertState.CANCELLED, null));
        marker(c);
        assertEquals(2, alerts(c, id).size(), c.received().toString());
    }

    @Test
    void aRevisionGoesToEveryLifeCycleWindowOfEachUserWhoWasSentTheAlert() throws Exception {
        ts = server.start();
        SpecClient first = lc("user1");
        long id = broadcast("v1");
        revisionOf(first, id, 1);
        first.ack(id, 1);
        ackOk(first, id);
        SpecClient later = lc("user1"); // not caught up: the user acknowledged the latest revision
        SpecClient otherUser = lc("user2");
        otherUser.awaitFor("ALERT", id, T);
        // when:
        ts.server().updateAlert(id, Priority.HIGH, "v2", null);
        revisionOf(first, id, 2);
        revisionOf(otherUser, id, 2);
        marker(first, later, otherUser);
        // then: §6.7 "to every logged-in life-cycle session of each user who was sent the alert" —
        // the later window of user1 too (it may have logged in while the revision was written)
        List<JsonNode> got = alerts(later, id);
        assertEquals(1, got.size(), later.received().toString());
        assertEquals(2, revision(got.getFirst()), got.toString());
        assertFalse(got.getFirst().get("catchUp").booleanValue(), got.toString());
    }

    // ------------------------------------------------------------------ §6.7 ACK with revision, §6.3 next session

    @Test
    void anAckWithRevisionIsAnsweredAndARevisionMadeWhileAwayReachesTheNextSessionOnceAsCatchUp() throws Exception {
        ts = server.start();
        SpecClient first = lc("user1");
        long id = broadcast("v1");
        revisionOf(first, id, 1);
        first.ack(id, 1);
        ackOk(first, id);
        leave(first, "user1");
        // when:
        ts.server().updateAlert(id, Priority.HIGH, "v2 while away", null);
        SpecClient next = lc("user1");
        JsonNode got = next.awaitFor("ALERT", id, T);
        marker(next);
        // then:
        assertEquals(1, alerts(next, id).size(), next.received().toString());
        assertEquals(2, revision(got), got.toString());
        assertEquals("v2 while away", got.get("message").asText());
        assertTrue(catchUp(got), got.toString());
        assertFalse(got.get("redelivery").booleanValue(), got.toString());
    }

    @Test
    void aRevisionShownButNotAcknowledgedIsSentToTheNextSessionOnceAsTheLatest() throws Exception {
        ts = server.start();
        SpecClient first = lc("user1");
        long id = broadcast("v1");
        revisionOf(first, id, 1);
        first.ack(id, 1);
        ackOk(first, id);
        ts.server().updateAlert(id, Priority.HIGH, "v2", null);
        revisionOf(first, id, 2); // shown, never acknowledged
        leave(first, "user1");
        // when:
        SpecClient next = lc("user1");
        JsonNode got = next.awaitFor("ALERT", id, T);
        marker(next);
        // then: §6.7 "a delivery is acknowledged when its latest revision is"; §6.3 re-sends it
        assertEquals(1, alerts(next, id).size(), next.received().toString());
        assertEquals(2, revision(got), got.toString());
        boolean redelivered = got.get("redelivery").booleanValue();
        assertTrue(redelivered != catchUp(got), "one of the two rules, not both or neither: " + got);
    }

    @Test
    void aUserWhoAcknowledgedTheLatestRevisionGetsNothingAtTheNextLogin() throws Exception {
        ts = server.start();
        SpecClient first = lc("user1");
        long id = broadcast("v1");
        revisionOf(first, id, 1);
        ts.server().updateAlert(id, Priority.HIGH, "v2", null);
        revisionOf(first, id, 2);
        first.ack(id, 1);
        first.ack(id, 2);
        Await.until(() -> first.receivedFor("ACK_OK", id).size() == 2, "two ACK_OKs: " + first.received());
        leave(first, "user1");
        // when:
        SpecClient next = lc("user1");
        marker(next);
        // then:
        assertTrue(alerts(next, id).isEmpty(), next.received().toString());
    }

    @Test
    void aLifeCycleAckWithoutRevisionIsAnsweredAndTheAlertIsAtMostSentOnceMoreAsTheLatest() throws Exception {
        ts = server.start();
        SpecClient first = lc("user1");
        long id = broadcast("v1");
        revisionOf(first, id, 1);
        ts.server().updateAlert(id, Priority.HIGH, "v2", null);
        revisionOf(first, id, 2);
        // when: an ACK without revision (absent: the doc gives no value for ACK)
        first.ack(id);
        ackOk(first, id);
        leave(first, "user1");
        SpecClient next = lc("user1");
        marker(next);
        // then:
        List<JsonNode> got = alerts(next, id);
        assertTrue(got.size() <= 1, got.toString());
        got.forEach(m -> assertEquals(2, revision(m), m.toString()));
    }

    @Test
    void anUnacknowledgedDeliveryOfAGoneLifeCycleSessionIsReSentAsARedeliveryOfTheLatestRevision() throws Exception {
        ts = server.start();
        SpecClient first = lc("user1");
        long plain = broadcast("never acknowledged");
        long revised = broadcast("never acknowledged, revised while away");
        first.awaitFor("ALERT", plain, T);
        first.awaitFor("ALERT", revised, T);
        leave(first, "user1");
        ts.server().updateAlert(revised, Priority.LOW, "v2", null);
        // when:
        SpecClient next = lc("user1");
        JsonNode gotPlain = next.awaitFor("ALERT", plain, T);
        JsonNode gotRevised = next.awaitFor("ALERT", revised, T);
        marker(next);
        // then: §6.3 "a gone session … was sent it and did not acknowledge it"
        assertTrue(gotPlain.get("redelivery").booleanValue(), gotPlain.toString());
        assertFalse(catchUp(gotPlain), gotPlain.toString());
        assertEquals(1, alerts(next, plain).size());
        assertEquals(1, alerts(next, revised).size(), next.received().toString());
        assertEquals(2, revision(gotRevised), "latest revision: " + gotRevised);
    }

    @Test
    void atLoginTheReSentAndTheCaughtUpAlertsComeInOnePassOldestAlertFirst() throws Exception {
        ts = server.start();
        long x = broadcast("X");
        SpecClient first = lc("user1");
        first.ack(revisionOf(first, x, 1).get("alertId").longValue(), 1); // X by catch-up, acknowledged
        ackOk(first, x);
        long y = broadcast("Y");
        first.awaitFor("ALERT", y, T); // Y shown, never acknowledged
        leave(first, "user1");
        ts.server().updateAlert(x, Priority.LOW, "X v2", null);
        // when: Y is re-sent (§6.3), X v2 is caught up (§6.7)
        SpecClient next = lc("user1");
        JsonNode gotX = next.awaitFor("ALERT", x, T);
        JsonNode gotY = next.awaitFor("ALERT", y, T);
        // then: §6.7 "after the re-sending of §6.3 (in the same pass, oldest alert first)"
        assertTrue(catchUp(gotX), gotX.toString());
        assertTrue(gotY.get("redelivery").booleanValue(), gotY.toString());
        assertTrue(next.received().indexOf(gotX) < next.received().indexOf(gotY), "oldest alert first: " + next.received());
    }

    @Test
    void anAckNamingARevisionAboveTheLatestIsStillAnsweredAndTheNextRevisionStillArrives() throws Exception {
        ts = server.start();
        SpecClient first = lc("user1");
        long id = broadcast("v1");
        first.awaitFor("ALERT", id, T);
        // when: §5 "every ACK gets one ACK_OK while the session lasts"
        first.ack(id, 5);
        // then:
        ackOk(first, id);
        leave(first, "user1");
        ts.server().updateAlert(id, Priority.LOW, "v2", null);
        SpecClient next = lc("user1");
        marker(next);
        List<JsonNode> got = alerts(next, id);
        assertTrue(got.size() <= 1, got.toString());
        got.forEach(m -> assertEquals(2, revision(m), m.toString()));
    }

    @Test
    void anOldClientsRedeliveryAfterAnUpdateIsTheLatestRevision() throws Exception {
        ts = server.start();
        SpecClient first = old("user2");
        long id = broadcast("v1");
        first.awaitFor("ALERT", id, T); // never acknowledged
        leave(first, "user2");
        ts.server().updateAlert(id, Priority.LOW, "v2", null);
        // when:
        SpecClient next = old("user2");
        JsonNode got = next.awaitFor("ALERT", id, T);
        marker(next);
        // then: §6.7 "at login, any session is sent an alert's latest revision" (spec gap 1, settled so)
        assertTrue(got.get("redelivery").booleanValue(), got.toString());
        assertEquals(1, alerts(next, id).size());
        assertEquals("v2", got.get("message").asText(), got.toString());
    }

    // ------------------------------------------------------------------ §6.7 catch-up

    @Test
    void alertsIssuedOrChangedWhileAwayAreCaughtUpOnceAsTheirLatestRevisionOldestFirst() throws Exception {
        ts = server.start();
        long a = broadcast("A v1");
        ts.server().updateAlert(a, Priority.LOW, "A v2", null);
        long b = broadcast(AlertRequest.of(Priority.MEDIUM, "B", "admin").to(Audience.groups(List.of("lab-a"))));
        long notMine = broadcast(AlertRequest.of(Priority.MEDIUM, "for lab B", "admin").to(Audience.groups(List.of("lab-b"))));
        // when:
        SpecClient c = lc("user1");
        JsonNode gotA = c.awaitFor("ALERT", a, T);
        JsonNode gotB = c.awaitFor("ALERT", b, T);
        marker(c);
        // then:
        assertEquals(2, revision(gotA), gotA.toString());
        assertEquals("A v2", gotA.get("message").asText());
        for (JsonNode m : List.of(gotA, gotB)) {
            assertTrue(m.get("catchUp").isBoolean() && m.get("catchUp").booleanValue(), m.toString());
            assertFalse(m.get("redelivery").booleanValue(), m.toString());
        }
        assertEquals(1, alerts(c, a).size());
        assertEquals(1, alerts(c, b).size());
        assertTrue(c.received().indexOf(gotA) < c.received().indexOf(gotB), "oldest alert first: " + c.received());
        assertTrue(alerts(c, notMine).isEmpty(), "not in the audience: " + c.received());
    }

    @Test
    void nobodyIsCaughtUpOnACancelledAnAllClearOrAnExpiredAlert() throws Exception {
        ts = server.start();
        long cancelled = broadcast("cancel me");
        ts.server().endAlert(cancelled, Message.AlertState.CANCELLED, null);
        long cleared = broadcast("clear me");
        ts.server().endAlert(cleared, Message.AlertState.ALL_CLEAR, null);
        Instant sentBy = Instant.now();
        long expiring = broadcast(AlertRequest.of(Priority.HIGH, "short-lived", "admin").expiringIn(Duration.ofSeconds(1)));
        Instant expiry = Instant.now().plusSeconds(1); // the expiry is 1 s after a moment before this one
        assertTrue(expiry.isAfter(sentBy));
        Await.until(Duration.ofSeconds(5), () -> Instant.now().isAfter(expiry.plusMillis(200)), "the clock passing the expiry");
        // when:
        SpecClient c = lc("user1");
        marker(c);
        // then:
        assertTrue(alerts(c, cancelled).isEmpty(), c.received().toString());
        assertTrue(alerts(c, cleared).isEmpty(), "catch-up of a never-sent alert needs ACTIVE: " + c.received());
        assertTrue(alerts(c, expiring).isEmpty(), c.received().toString());
    }

    @Test
    void anExpiredAlertIsNotReSentToTheNextSession() throws Exception {
        ts = server.start();
        SpecClient first = lc("user1");
        long id = broadcast(AlertRequest.of(Priority.HIGH, "short-lived", "admin").expiringIn(Duration.ofSeconds(1)));
        JsonNode r1 = first.awaitFor("ALERT", id, T); // never acknowledged
        Instant expires = SpecClient.expires(r1);
        assertNotNull(expires, r1.toString());
        leave(first, "user1");
        Await.until(Duration.ofSeconds(5), () -> Instant.now().isAfter(expires.plusMillis(200)), "the clock passing " + expires);
        // when:
        SpecClient next = lc("user1");
        marker(next);
        // then:
        assertTrue(alerts(next, id).isEmpty(), next.received().toString());
    }

    @Test
    void aNewWindowOfAUserWhoAcknowledgedElsewhereStaysQuiet() throws Exception {
        ts = server.start();
        SpecClient first = lc("user1");
        SpecClient oldOne = old("user2");
        long id = broadcast("acknowledged");
        first.ack(revisionOf(first, id, 1).get("alertId").longValue(), 1);
        ackOk(first, id);
        oldOne.awaitFor("ALERT", id, T);
        oldOne.ack(id);
        ackOk(oldOne, id);
        // when:
        SpecClient second = lc("user1");
        SpecClient user2New = lc("user2");
        marker(second, user2New);
        // then:
        assertTrue(alerts(second, id).isEmpty(), second.received().toString());
        assertTrue(alerts(user2New, id).isEmpty(), user2New.received().toString());
    }

    @Test
    void anEndMadeWhileAwayIsCaughtUpSoTheWindowStopsRingingButNotForAnOldClient() throws Exception {
        ts = server.start();
        SpecClient first = lc("user1");
        SpecClient oldOne = old("user2");
        long id = broadcast("danger");
        first.ack(revisionOf(first, id, 1).get("alertId").longValue(), 1);
        ackOk(first, id);
        oldOne.awaitFor("ALERT", id, T);
        oldOne.ack(id);
        ackOk(oldOne, id);
        leave(first, "user1");
        leave(oldOne, "user2");
        ts.server().endAlert(id, Message.AlertState.ALL_CLEAR, "over");
        // when:
        SpecClient next = lc("user1");
        SpecClient oldAgain = old("user2");
        JsonNode got = next.awaitFor("ALERT", id, T);
        marker(next, oldAgain);
        // then:
        assertEquals("ALL_CLEAR", state(got), got.toString());
        assertEquals(2, revision(got));
        assertTrue(catchUp(got), got.toString());
        assertFalse(got.get("redelivery").booleanValue(), got.toString());
        assertEquals(1, alerts(next, id).size());
        assertTrue(alerts(oldAgain, id).isEmpty(), "the second rule needs a life-cycle session: " + oldAgain.received());
    }

    // ------------------------------------------------------------------ §6.7 READ / READ_OK

    @Test
    void aFirstReadIsConfirmedToEveryLifeCycleSessionOfTheUserAndARepeatOnlyToItsSender() throws Exception {
        ts = server.start();
        SpecClient a = lc("user1");
        SpecClient b = lc("user1");
        SpecClient oldOne = old("user1");
        SpecClient other = lc("user2");
        long id = broadcast("read me");
        for (SpecClient c : List.of(a, b, oldOne, other)) {
            c.awaitFor("ALERT", id, T);
        }
        // when:
        a.read(id);
        a.awaitFor("READ_OK", id, T);
        b.awaitFor("READ_OK", id, T);
        awaitCounts(id, "delivered 0 / 3 · read 1 / 3");
        b.read(id); // a repeat
        Await.until(() -> b.receivedFor("READ_OK", id).size() == 2, "a second READ_OK on b: " + b.received());
        b.read(987_654_321L); // an id the server does not keep
        b.awaitFor("READ_OK", 987_654_321L, T);
        marker(a, b, oldOne, other);
        // then:
        assertEquals(1, a.receivedFor("READ_OK", id).size(), a.received().toString());
        assertTrue(oldOne.receivedOfType("READ_OK").isEmpty(), oldOne.received().toString());
        assertTrue(other.receivedOfType("READ_OK").isEmpty(), other.received().toString());
        assertTrue(a.receivedFor("READ_OK", 987_654_321L).isEmpty(), a.received().toString());
        assertEquals("delivered 0 / 3 · read 1 / 3", counts(id), "a read counts per user");
    }

    @Test
    void aReadFromAnOldSessionIsConfirmedToItAndToTheUsersLifeCycleSessions() throws Exception {
        ts = server.start();
        SpecClient oldOne = old("user1");
        SpecClient lifecycle = lc("user1");
        long id = broadcast("read me");
        oldOne.awaitFor("ALERT", id, T);
        // when:
        oldOne.read(id);
        // then:
        oldOne.awaitFor("READ_OK", id, T);
        lifecycle.awaitFor("READ_OK", id, T);
        awaitCounts(id, "delivered 0 / 3 · read 1 / 3");
    }

    @Test
    void deliveredAndReadAreCountedPerUserAndAReadOfAnEndedAlertStillCounts() throws Exception {
        ts = server.start();
        SpecClient a = lc("user1");
        SpecClient b = lc("user1");
        SpecClient c2 = lc("user2");
        long id = broadcast("count me");
        for (SpecClient c : List.of(a, b, c2)) {
            c.awaitFor("ALERT", id, T);
        }
        // when:
        a.ack(id, 1);
        b.ack(id, 1);
        ackOk(a, id);
        ackOk(b, id);
        // then:
        awaitCounts(id, "delivered 1 / 3 · read 0 / 3");
        // when:
        c2.ack(id, 1);
        ackOk(c2, id);
        ts.server().endAlert(id, Message.AlertState.CANCELLED, null);
        c2.awaitFor("ALERT", id, m -> revision(m) == 2, T);
        c2.read(id);
        c2.awaitFor("READ_OK", id, T);
        // then:
        awaitCounts(id, "delivered 2 / 3 · read 1 / 3");
    }

    @Test
    void aReadOfAnAlertOutsideTheUsersAudienceIsAnsweredOnItsOwnSessionAndCountsNothing() throws Exception {
        ts = server.start();
        SpecClient user2 = lc("user2");
        long id = broadcast(AlertRequest.of(Priority.HIGH, "lab A", "admin").to(Audience.groups(List.of("lab-a"))));
        // when:
        user2.read(id);
        // then:
        user2.awaitFor("READ_OK", id, T);
        assertEquals("delivered 0 / 1 · read 0 / 1", counts(id));
    }

    @Test
    void aReadBeforeLoginIsNotAuthenticatedAndAsTheFirstSealedFrameABadMessage() throws Exception {
        ts = server.start();
        SpecClient afterHello = server.own(SpecClient.hello(ts.port(), key(), LC));
        SpecClient first = server.own(SpecClient.preambled(ts.port(), key()));
        // when:
        afterHello.read(1);
        first.read(1);
        // then:
        assertEquals("NOT_AUTHENTICATED", afterHello.awaitType("ERROR", T).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, afterHello.awaitClosed(T));
        assertEquals("BAD_MESSAGE", first.awaitType("ERROR", T).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, first.awaitClosed(T));
    }

    // ------------------------------------------------------------------ §6.7 REMIND

    @Test
    void remindGoesOnlyToLifeCycleSessionsSentTheAlertOfUsersWhoHaveNotReadIt() throws Exception {
        ts = server.start();
        SpecClient reader = lc("user1");
        SpecClient unread = lc("user2");
        SpecClient unreadOld = old("user2");
        SpecClient admin = lc("admin");
        long id = broadcast("please read");
        for (SpecClient c : List.of(reader, unread, unreadOld, admin)) {
            c.awaitFor("ALERT", id, T);
        }
        unread.ack(id, 1);
        ackOk(unread, id);
        SpecClient notSent = lc("user2"); // user2 acknowledged it: no catch-up, so never sent it
        reader.read(id);
        reader.awaitFor("READ_OK", id, T);
        // when:
        ts.server().remind(id);
        // then:
        unread.awaitFor("REMIND", id, T);
        admin.awaitFor("REMIND", id, T);
        marker(reader, unread, unreadOld, admin, notSent);
        assertTrue(reader.receivedOfType("REMIND").isEmpty(), reader.received().toString());
        assertTrue(unreadOld.receivedOfType("REMIND").isEmpty(), unreadOld.received().toString());
        assertTrue(notSent.receivedOfType("REMIND").isEmpty(), notSent.received().toString());
        assertEquals(1, unread.receivedFor("REMIND", id).size());
    }

    @Test
    void noRemindForAnEndedOrAnExpiredAlert() throws Exception {
        ts = server.start();
        SpecClient c = lc("user1");
        long ended = broadcast("ended");
        long expiring = broadcast(AlertRequest.of(Priority.HIGH, "short-lived", "admin").expiringIn(Duration.ofSeconds(1)));
        JsonNode e = c.awaitFor("ALERT", expiring, T);
        ts.server().endAlert(ended, Message.AlertState.ALL_CLEAR, null);
        revisionOf(c, ended, 2);
        Instant expires = SpecClient.expires(e);
        Await.until(Duration.ofSeconds(5), () -> Instant.now().isAfter(expires.plusMillis(200)), "the clock passing " + expires);
        // when: the operator API may refuse; the wire must stay quiet either way
        List<String> refused = new ArrayList<>();
        for (long id : List.of(ended, expiring)) {
            try {
                ts.server().remind(id);
            } catch (Exception ex) {
                refused.add(id + ": " + ex);
            }
        }
        marker(c);
        // then:
        assertTrue(c.receivedOfType("REMIND").isEmpty(), c.received() + " (refused: " + refused + ")");
    }

    // ------------------------------------------------------------------ §5 strict types of the new members

    private void assertRefusedAfterLogin(String json) throws IOException {
        SpecClient c = lc("user1");
        c.sendJson(json);
        assertEquals("BAD_MESSAGE", c.awaitType("ERROR", T).get("code").asText(), json);
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T), json);
    }

    @Test
    void readAndAckRevisionAreStrictIntegersInRange() throws Exception {
        ts = server.start();
        for (String json : List.of(
                "{\"type\":\"READ\",\"alertId\":\"9\"}",
                "{\"type\":\"READ\",\"alertId\":9.0}",
                "{\"type\":\"READ\",\"alertId\":0}",
                "{\"type\":\"READ\",\"alertId\":9223372036854775808}",
                "{\"type\":\"READ\"}",
                "{\"type\":\"READ\",\"alertId\":9,\"alertId\":9}",
                "{\"type\":\"ACK\",\"alertId\":9,\"revision\":0}",
                "{\"type\":\"ACK\",\"alertId\":9,\"revision\":1000001}",
                "{\"type\":\"ACK\",\"alertId\":9,\"revision\":-1}",
                "{\"type\":\"ACK\",\"alertId\":9,\"revision\":\"2\"}",
                "{\"type\":\"ACK\",\"alertId\":9,\"revision\":2.0}",
                "{\"type\":\"ACK\",\"alertId\":9,\"revision\":2e0}",
                "{\"type\":\"ACK\",\"alertId\":9,\"revision\":true}",
                "{\"type\":\"READ_OK\",\"alertId\":9}",
                "{\"type\":\"REMIND\",\"alertId\":9}")) {
            assertRefusedAfterLogin(json);
        }
        // and the bounds themselves, and null read as absent (§5):
        SpecClient c = lc("user1");
        c.sendJson("{\"type\":\"ACK\",\"alertId\":9,\"revision\":1000000}");
        c.sendJson("{\"type\":\"ACK\",\"alertId\":10,\"revision\":1}");
        c.sendJson("{\"type\":\"ACK\",\"alertId\":11,\"revision\":null}");
        c.sendJson("{\"type\":\"READ\",\"alertId\":9223372036854775807}");
        ackOk(c, 9);
        ackOk(c, 10);
        ackOk(c, 11);
        c.awaitFor("READ_OK", Long.MAX_VALUE, T);
        assertTrue(c.receivedOfType("ERROR").isEmpty(), c.received().toString());
    }

    @Test
    void helloFeaturesMustBeAnArrayOfAtMost16StringsOfAtMost64Characters() throws Exception {
        ts = server.start();
        String sixteen = "[" + "\"f\",".repeat(15) + "\"lifecycle\"]";
        String seventeen = "[" + "\"f\",".repeat(16) + "\"lifecycle\"]";
        String s64 = "\"" + "x".repeat(64) + "\"";
        String s65 = "\"" + "x".repeat(65) + "\"";
        String emoji64 = "\"" + "😀".repeat(64) + "\"";
        Map<String, Boolean> cases = new LinkedHashMap<>();
        cases.put("\"lifecycle\"", false);
        cases.put("[1]", false);
        cases.put("[null]", false);
        cases.put("[[\"lifecycle\"]]", false);
        cases.put("{\"lifecycle\":true}", false);
        cases.put(seventeen, false);
        cases.put("[" + s65 + "]", false);
        cases.put("true", false);
        cases.put("[]", true);
        cases.put(sixteen, true);
        cases.put("[" + s64 + "]", true);
        cases.put("[" + emoji64 + "]", true);
        cases.put("null", true);
        for (var e : cases.entrySet()) {
            SpecClient c = server.own(SpecClient.preambled(ts.port(), key()));
            // when:
            c.sendJson("{\"type\":\"HELLO\",\"agent\":\"x\",\"features\":" + e.getKey() + "}");
            if (e.getValue()) { // a refused HELLO closes the connection: a LOGIN behind it could meet a closed socket
                c.send(c.object("LOGIN").put("username", "user1").put("password", "pass123"));
            }
            // then:
            JsonNode answer = c.awaitMessage(m -> type(m).equals("ERROR") || type(m).equals("AUTH_SUCCESS"), T);
            assertEquals(e.getValue() ? "AUTH_SUCCESS" : "ERROR", type(answer), "features " + e.getKey() + ": " + c.received());
            if (!e.getValue()) {
                assertEquals("BAD_MESSAGE", answer.get("code").asText(), e.getKey());
            }
            c.close();
        }
        // a duplicated features member is refused too (§5: a member name twice, at any depth)
        SpecClient dup = server.own(SpecClient.preambled(ts.port(), key()));
        dup.sendJson("{\"type\":\"HELLO\",\"agent\":\"x\",\"features\":[],\"features\":[\"lifecycle\"]}");
        assertEquals("BAD_MESSAGE", dup.awaitType("ERROR", T).get("code").asText());
    }

    // ------------------------------------------------------------------ §5 the examples

    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static List<String> examples() throws IOException {
        Path doc = Files.exists(Path.of("..", "docs", "PROTOCOL.md")) ? Path.of("..", "docs", "PROTOCOL.md") : Path.of("docs", "PROTOCOL.md");
        String text = Files.readString(doc);
        int start = text.indexOf("```json", text.indexOf("Examples (one per type):"));
        int end = text.indexOf("```", start + 7);
        return text.substring(start + 7, end).strip().lines().toList();
    }

    private static JsonNode example(List<String> lines, String type, String contains) throws IOException {
        for (String line : lines) {
            JsonNode m = STRICT.readTree(line);
            if (type.equals(type(m)) && line.contains(contains)) {
                return m;
            }
        }
        throw new AssertionError("no example of " + type + " with " + contains);
    }

    @Test
    void theExamplesOfTheNewTypesParseAsSection5SaysAndTheServerTakesTheClientOnes() throws Exception {
        List<String> lines = examples();
        // then: offline, against §5's tables
        JsonNode hello = example(lines, "HELLO", "features");
        assertEquals(List.of(LIFECYCLE), STRICT.convertValue(hello.get("features"), List.class));
        JsonNode welcome = example(lines, "WELCOME", "features");
        assertEquals(List.of(LIFECYCLE), STRICT.convertValue(welcome.get("features"), List.class));
        JsonNode alert = example(lines, "ALERT", "\"revision\"");
        assertEquals(9, alert.get("alertId").longValue());
        assertTrue(alert.get("revision").isIntegralNumber());
        assertEquals(2, revision(alert));
        for (String time : List.of("timestamp", "updated", "expires")) {
            assertTrue(alert.get(time).isTextual() && SpecClient.isTime(alert.get(time).asText()), time + ": " + alert);
            assertTrue(SpecClient.isServerTime(alert.get(time).asText()), "the form this server sends: " + alert.get(time));
        }
        assertTrue(Instant.parse(alert.get("updated").asText()).isAfter(Instant.parse(alert.get("timestamp").asText())));
        assertEquals("ACTIVE", alert.get("state").asText());
        assertTrue(alert.get("drill").isBoolean() && alert.get("drill").booleanValue());
        assertTrue(alert.get("catchUp").isBoolean() && !alert.get("catchUp").booleanValue());
        assertTrue(alert.get("redelivery").isBoolean() && !alert.get("redelivery").booleanValue());
        assertFalse(alert.has("weather"));
        JsonNode ack = example(lines, "ACK", "\"revision\"");
        assertTrue(ack.get("revision").isIntegralNumber() && ack.get("alertId").isIntegralNumber());
        for (String t : List.of("READ", "READ_OK", "REMIND")) {
            JsonNode m = example(lines, t, "alertId");
            assertEquals(2, m.size(), m.toString());
            assertTrue(m.get("alertId").isIntegralNumber(), m.toString());
        }
        JsonNode oldAlert = example(lines, "ALERT", "\"weather\"");
        assertEquals(1, revision(oldAlert), "absent revision stands for 1");
        assertEquals("ACTIVE", state(oldAlert));
        assertFalse(SpecClient.drill(oldAlert));
        assertFalse(catchUp(oldAlert));
        assertNull(SpecClient.expires(oldAlert));

        // when: the client-to-server examples, verbatim, to a real server
        ts = server.start();
        SpecClient c = server.own(SpecClient.preambled(ts.port(), key()));
        c.sendJson(lines.stream().filter(l -> l.contains("\"HELLO\"") && l.contains("features")).findFirst().orElseThrow());
        c.send(c.object("LOGIN").put("username", "user1").put("password", "pass123"));
        c.awaitType("AUTH_SUCCESS", T);
        c.sendJson(lines.stream().filter(l -> l.contains("\"ACK\"") && l.contains("revision")).findFirst().orElseThrow());
        c.sendJson(lines.stream().filter(l -> l.contains("\"READ\"")).findFirst().orElseThrow());
        // then:
        ackOk(c, 9);
        c.awaitFor("READ_OK", 9, T);
        assertTrue(c.welcomeFeatures(T).contains(LIFECYCLE));
        assertTrue(c.receivedOfType("ERROR").isEmpty(), c.received().toString());
    }
}
