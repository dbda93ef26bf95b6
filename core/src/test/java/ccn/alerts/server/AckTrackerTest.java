package ccn.alerts.server;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ACK bookkeeping on its own, with explicit instants. */
class AckTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    private static Message.Alert alert(long id) {
        return new Message.Alert(id, Priority.LOW, "alert " + id, T0.toString(), Message.AlertSource.MANUAL,
                "admin", null, false);
    }

    private static List<Long> ids(AckTracker tracker) {
        return tracker.statuses().stream().map(s -> s.alert().alertId()).toList();
    }

    private static AckTracker.Delivery pending(String session, String user) {
        return new AckTracker.Delivery(session, user, T0, null);
    }

    @Test
    void anAckWithoutARevision_acknowledgesTheRevisionThatSessionWasSent_notTheLatest() {
        AckTracker tracker = new AckTracker(10, Duration.ofHours(1));
        Message.Alert first = alert(1);
        tracker.recordBroadcast(first, T0, List.of(pending("s-1", "user1")), ccn.alerts.alert.Audience.everyone(),
                List.of("user1"));
        tracker.markDurable(1);
        tracker.revise(first.revise(Priority.HIGH, "corrected", null, Message.AlertState.ACTIVE, T0.plusSeconds(5)));

        // when: an old client (s-1 was sent revision 1; it is never sent revisions) acknowledges without one
        tracker.recordAck(1, "s-1", T0.plusSeconds(6), null);

        // then: revision 1 is what it acknowledged, so a new window that speaks the life cycle is
        // caught up on revision 2 once s-1 is gone
        assertEquals(1, tracker.ackedRevision(1, "s-1"));
        List<AckTracker.TakeOver> sent = tracker.takeOver("user1", "s-3", java.util.Set.of(), T0.plusSeconds(7), true);
        assertEquals(1, sent.size(), sent.toString());
        assertEquals(2, sent.getFirst().alert().revision());
        assertTrue(sent.getFirst().catchUp());
        // ... and an old window sent it alongside (s-3, connected, has it pending) was sent revision 2,
        // so that is what its ACK without a revision acknowledges
        List<AckTracker.TakeOver> old = tracker.takeOver("user1", "s-4", java.util.Set.of("s-3"), T0.plusSeconds(8), false);
        assertEquals(1, old.size(), old.toString());
        tracker.recordAck(1, "s-4", T0.plusSeconds(9), null);
        assertEquals(2, tracker.ackedRevision(1, "s-4"));
    }

    private static AckTracker oneAlertTo(String session, String user) {
        AckTracker tracker = new AckTracker(10, Duration.ofHours(1));
        tracker.recordBroadcast(alert(1), T0, List.of(pending(session, user)), ccn.alerts.alert.Audience.everyone(),
                List.of(user, "user2"));
        tracker.markDurable(1);
        return tracker;
    }

    @Test
    void aRevisionNotYetOnDisk_isNotSentToALogin_untilItIs() {
        AckTracker tracker = oneAlertTo("s-1", "user1");
        Message.Alert cancel = alert(1).revise(Priority.LOW, "cancelled", null, Message.AlertState.CANCELLED, T0.plusSeconds(1));

        // when: the cancel is recorded but its force has not returned yet
        tracker.revise(cancel, false);
        List<AckTracker.TakeOver> during = tracker.takeOver("user2", "s-2", java.util.Set.of(), T0.plusSeconds(2), true);
        tracker.markRevisionDurable(1, 2);
        List<AckTracker.TakeOver> after = tracker.takeOver("user1", "s-3", java.util.Set.of(), T0.plusSeconds(3), true);

        // then: user2 was caught up on revision 1, which is on disk; user1's next window gets the cancel
        assertEquals(1, during.getFirst().alert().revision());
        assertEquals(Message.AlertState.ACTIVE, during.getFirst().alert().state());
        assertEquals(Message.AlertState.CANCELLED, after.getFirst().alert().state());
    }

    @Test
    void anEndedAlertIsNotTakenOverByAClientFromBeforeTheLifeCycle() {
        AckTracker tracker = oneAlertTo("s-1", "user1"); // s-1 never acknowledged and is gone
        tracker.revise(alert(1).revise(Priority.LOW, "cancelled", null, Message.AlertState.CANCELLED, T0.plusSeconds(1)));

        // then: an old client would show the cancelled alert as a new one; a new client shows it ended
        assertEquals(List.of(), tracker.takeOver("user1", "s-2", java.util.Set.of(), T0.plusSeconds(2), false));
        List<AckTracker.TakeOver> modern = tracker.takeOver("user1", "s-3", java.util.Set.of(), T0.plusSeconds(2), true);
        assertEquals(Message.AlertState.CANCELLED, modern.getFirst().alert().state());
        assertEquals("s-1", modern.getFirst().fromSession());
    }

    @Test
    void aWindowOfAUserWhoseLiveWindowHasOnlyAnOlderRevision_isCaughtUp_notReSent() {
        AckTracker tracker = oneAlertTo("s-1", "user1");
        tracker.recordAck(1, "s-1", T0.plusSeconds(1), 1);
        tracker.revise(alert(1).revise(Priority.HIGH, "v2", null, Message.AlertState.ACTIVE, T0.plusSeconds(2)));

        // when: s-1 (connected, revision 2 pending) and a new window logs in
        List<AckTracker.TakeOver> sent = tracker.takeOver("user1", "s-2", java.util.Set.of("s-1"), T0.plusSeconds(3), true);

        // then: PROTOCOL.md §6.7: acknowledged only an older revision -> catch-up, not a re-send
        assertEquals(1, sent.size());
        assertTrue(sent.getFirst().catchUp(), sent.toString());
        assertEquals(2, sent.getFirst().alert().revision());
    }

    @Test
    void capacity_keepsOnlyTheNewestAlerts() {
        AckTracker tracker = new AckTracker(2, Duration.ofHours(1));

        tracker.recordAlert(alert(1), T0);
        tracker.recordAlert(alert(2), T0);
        tracker.recordAlert(alert(3), T0);

        assertEquals(List.of(2L, 3L), ids(tracker));
        assertTrue(tracker.status(1).isEmpty());
    }

    @Test
    void retention_forgetsAlertsOlderThanTheWindow() {
        AckTracker tracker = new AckTracker(100, Duration.ofMinutes(10));
        tracker.recordAlert(alert(1), T0);
        tracker.recordSent(1, "s-1", "user1", T0);

        assertEquals(List.of(alert(1)), Pending.of(tracker, "user1"));
        tracker.recordAlert(alert(2), T0.plus(Duration.ofMinutes(11)));

        assertEquals(List.of(2L), ids(tracker));
        assertTrue(Pending.of(tracker, "user1").isEmpty());
        assertTrue(tracker.recordAck(1, "s-1", T0.plus(Duration.ofMinutes(11))).isEmpty());
    }

    @Test
    void pending_countsAnAckOnAnySessionOfTheSameUser() {
        AckTracker tracker = new AckTracker(100, Duration.ofHours(1));
        tracker.recordAlert(alert(1), T0);
        tracker.recordAlert(alert(2), T0);
        for (long id : List.of(1L, 2L)) {
            tracker.recordSent(id, "s-1", "user1", T0);
            tracker.recordSent(id, "s-2", "user1", T0);
            tracker.recordSent(id, "s-3", "user2", T0);
        }

        assertEquals(List.of(alert(1), alert(2)), Pending.of(tracker, "user1"));
        tracker.recordAck(1, "s-2", T0.plusSeconds(1)); // user1's second session acknowledges alert 1

        assertEquals(List.of(alert(2)), Pending.of(tracker, "user1"));
        assertEquals(List.of(alert(1), alert(2)), Pending.of(tracker, "user2"));
        assertTrue(Pending.of(tracker, "admin").isEmpty(), "nothing was sent to admin");
    }

    @Test
    void duplicateAck_isCountedOnceWithTheFirstLatency() {
        AckTracker tracker = new AckTracker(100, Duration.ofHours(1));
        tracker.recordAlert(alert(1), T0);
        tracker.recordSent(1, "s-1", "user1", T0);

        assertEquals(Duration.ofMillis(250), tracker.recordAck(1, "s-1", T0.plusMillis(250)).orElseThrow());
        assertTrue(tracker.recordAck(1, "s-1", T0.plusMillis(900)).isEmpty());
        assertTrue(tracker.recordAck(1, "s-9", T0.plusMillis(900)).isEmpty(), "never sent to s-9");
        assertTrue(tracker.recordAck(7, "s-1", T0.plusMillis(900)).isEmpty(), "unknown alert");

        AckTracker.AlertStatus status = tracker.status(1).orElseThrow();
        assertEquals(1, status.acknowledged());
        assertEquals(T0.plusMillis(250), status.deliveries().getFirst().ackedAt());
    }

    @Test
    void takeOver_dropsTheReplacedPendingDeliveryOfTheSameUser() {
        AckTracker tracker = new AckTracker(100, Duration.ofHours(1));
        tracker.recordAlert(alert(1), T0);
        tracker.recordSent(1, "s-3", "user1", T0);

        // when: user1's window comes back as s-9 and takes over s-3's delivery
        tracker.recordSent(1, "s-9", "user1", T0.plusSeconds(5), "s-3");

        // then:
        assertEquals(List.of("s-9"), sessions(tracker, 1));
        assertEquals(T0.plusSeconds(5), tracker.status(1).orElseThrow().deliveries().getFirst().sentAt());
        assertTrue(tracker.recordAck(1, "s-3", T0.plusSeconds(6)).isEmpty(), "the old session no longer holds it");
        assertEquals(Duration.ofSeconds(2), tracker.recordAck(1, "s-9", T0.plusSeconds(7)).orElseThrow());
    }

    @Test
    void takeOver_keepsAnAcknowledgedDeliveryAndAnotherUsersDelivery() {
        AckTracker tracker = new AckTracker(100, Duration.ofHours(1));
        tracker.recordAlert(alert(1), T0);
        tracker.recordSent(1, "s-3", "user1", T0);
        tracker.recordSent(1, "s-4", "user2", T0);
        tracker.recordAck(1, "s-3", T0.plusSeconds(1));

        // when:
        tracker.recordSent(1, "s-9", "user1", T0.plusSeconds(5), "s-3");
        tracker.recordSent(1, "s-10", "user1", T0.plusSeconds(5), "s-4");
        tracker.recordSent(1, "s-11", "user1", T0.plusSeconds(5), "s-404");

        // then: the ACK is history, user2's delivery is not user1's to take, an unknown one is nothing
        assertEquals(List.of("s-3", "s-4", "s-9", "s-10", "s-11"), sessions(tracker, 1));
        assertEquals(1, tracker.status(1).orElseThrow().acknowledged());
    }

    private static List<String> sessions(AckTracker tracker, long alertId) {
        return tracker.status(alertId).orElseThrow().deliveries().stream().map(AckTracker.Delivery::sessionId).toList();
    }

    @Test
    void summaries_countEachDeliveryAndFirstAckOnce_andAgreeWithTheFullStatus() {
        AckTracker tracker = new AckTracker(100, Duration.ofHours(1));
        tracker.recordAlert(alert(1), T0);
        tracker.recordAlert(alert(2), T0);
        for (String session : List.of("s-1", "s-2", "s-3")) {
            tracker.recordSent(1, session, "user-" + session, T0);
        }

        // when: a resend to the same session, two real ACKs, a repeated ACK, an ACK from a session
        // the alert never went to, and an ACK for an alert that does not exist
        tracker.recordSent(1, "s-1", "user-s-1", T0.plusSeconds(5));
        tracker.recordAck(1, "s-1", T0.plusMillis(100));
        tracker.recordAck(1, "s-2", T0.plusMillis(200));
        tracker.recordAck(1, "s-2", T0.plusMillis(300));
        tracker.recordAck(1, "s-9", T0.plusMillis(300));
        tracker.recordAck(7, "s-1", T0.plusMillis(300));

        // then:
        assertEquals(List.of(new AckTracker.AlertSummary(alert(1), 3, 2), new AckTracker.AlertSummary(alert(2), 0, 0)),
                tracker.summaries());
        AckTracker.AlertStatus status = tracker.status(1).orElseThrow();
        assertEquals(3, status.deliveries().size());
        assertEquals(2, status.acknowledged());
    }

    @Test
    void summaries_dropEvictedAlerts() {
        AckTracker tracker = new AckTracker(1, Duration.ofHours(1));
        tracker.recordAlert(alert(1), T0);
        tracker.recordSent(1, "s-1", "user1", T0);

        // when:
        tracker.recordAlert(alert(2), T0);

        // then:
        assertEquals(List.of(new AckTracker.AlertSummary(alert(2), 0, 0)), tracker.summaries());
    }
}
