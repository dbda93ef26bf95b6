package ccn.alerts.client.gui.feed;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedModelTest {
    private static Message.Alert alert(long id, Priority p) {
        return new Message.Alert(id, p, "alert " + id, "2026-11-30T12:00:00Z", Message.AlertSource.MANUAL, "admin",
                null, false);
    }

    @Test
    void addAll_putsTheNewestFirst() {
        FeedModel feed = new FeedModel();

        // when:
        feed.addAll(List.of(alert(1, Priority.LOW), alert(2, Priority.HIGH)));
        feed.add(alert(3, Priority.MEDIUM));

        // then:
        assertEquals(List.of(3L, 2L, 1L), feed.allItems().stream().map(AlertItem::alertId).toList());
    }

    @Test
    void addAll_skipsAnIdAlreadyInTheFeed() {
        FeedModel feed = new FeedModel();
        feed.add(alert(7, Priority.HIGH));

        // when:
        feed.add(alert(7, Priority.HIGH).asRedelivery());

        // then:
        assertEquals(1, feed.allItems().size());
        assertEquals(1, feed.countProperty(Priority.HIGH).get());
    }

    @Test
    void capacity_dropsTheOldestAndTheirCounts() {
        FeedModel feed = new FeedModel(3);

        // when:
        feed.addAll(List.of(alert(1, Priority.HIGH), alert(2, Priority.LOW), alert(3, Priority.LOW),
                alert(4, Priority.LOW), alert(5, Priority.MEDIUM)));

        // then:
        assertEquals(List.of(5L, 4L, 3L), feed.allItems().stream().map(AlertItem::alertId).toList());
        assertEquals(0, feed.countProperty(Priority.HIGH).get());
        assertEquals(2, feed.countProperty(Priority.LOW).get());
        assertEquals(3, feed.totalProperty().get());
        assertNull(feed.find(1));
    }

    @Test
    void capacity_holdsTenThousandFromAFlood() {
        FeedModel feed = new FeedModel();

        // when:
        for (int batch = 0; batch < 12; batch++) {
            List<Message.Alert> alerts = new java.util.ArrayList<>();
            for (int i = 1; i <= 1_000; i++) {
                alerts.add(alert(batch * 1_000L + i, Priority.values()[i % 3]));
            }
            feed.addAll(alerts);
        }

        // then:
        assertEquals(10_000, feed.allItems().size());
        assertEquals(12_000L, feed.allItems().getFirst().alertId());
        assertEquals(10_000, feed.countProperty(Priority.LOW).get() + feed.countProperty(Priority.MEDIUM).get()
                + feed.countProperty(Priority.HIGH).get());
    }

    @Test
    void ackState_onlyMovesForward() {
        FeedModel feed = new FeedModel();
        feed.add(alert(1, Priority.LOW));
        feed.ackSent(1);
        feed.ackConfirmed(1);

        // when: the ACK of a re-delivery is sent again
        feed.ackSent(1);

        // then:
        assertEquals(AckState.CONFIRMED, feed.find(1).getAckState());
    }

    @Test
    void showOnly_filtersByPriority() {
        FeedModel feed = new FeedModel();
        feed.addAll(List.of(alert(1, Priority.LOW), alert(2, Priority.HIGH), alert(3, Priority.LOW)));

        // when:
        feed.showOnly(Priority.LOW);

        // then:
        assertEquals(List.of(3L, 1L), feed.visibleItems().stream().map(AlertItem::alertId).toList());
    }

    @Test
    void newHighAlert_asksForAttentionOnce() {
        AlertItem item = new AlertItem(alert(1, Priority.HIGH));

        // when:
        boolean first = item.takeHighlight();

        // then:
        assertEquals(List.of(true, false), List.of(first, item.takeHighlight()));
    }

    // ---------------------------------------------------------------- the alert life cycle

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    /** A clock the test moves. */
    static final class TestClock implements InstantSource {
        Instant now = T0;

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static Message.Alert expiring(long id, Priority p, Instant expires) {
        return alert(id, p).withOptions(false, expires);
    }

    @Test
    void laterRevision_replacesTheCardInPlace_andMovesTheCounts() {
        FeedModel feed = new FeedModel();
        Message.Alert first = alert(1, Priority.MEDIUM);
        feed.add(first);
        AlertItem item = feed.find(1);

        // when:
        feed.add(first.revise(Priority.HIGH, "corrected text", null, Message.AlertState.ACTIVE, T0.plusSeconds(60)));

        // then:
        assertEquals(1, feed.allItems().size());
        assertSame(item, feed.find(1));
        assertEquals("corrected text", item.alert().message());
        assertEquals(2, item.alert().revision());
        assertEquals(List.of(0, 1), List.of(feed.countProperty(Priority.MEDIUM).get(), feed.countProperty(Priority.HIGH).get()));
    }

    @Test
    void revisedPriority_isFilteredAgain() {
        FeedModel feed = new FeedModel();
        Message.Alert first = alert(1, Priority.LOW);
        feed.add(first);
        feed.showOnly(Priority.HIGH);

        // when:
        feed.add(first.revise(Priority.HIGH, "now urgent", null, Message.AlertState.ACTIVE, T0.plusSeconds(60)));

        // then:
        assertEquals(List.of(1L), feed.visibleItems().stream().map(AlertItem::alertId).toList());
    }

    @Test
    void olderRevision_changesNothing() {
        FeedModel feed = new FeedModel();
        Message.Alert first = alert(1, Priority.HIGH);
        Message.Alert second = first.revise(Priority.HIGH, "second", null, Message.AlertState.ACTIVE, T0.plusSeconds(60));
        feed.add(second);
        List<FeedListener.Arrival> heard = new ArrayList<>();
        feed.addListener(new FeedListener() {
            @Override
            public void arrived(List<Arrival> arrivals) {
                heard.addAll(arrivals);
            }
        });

        // when:
        feed.add(first.asRedelivery());

        // then:
        assertEquals("second", feed.find(1).alert().message());
        assertEquals(List.of(), heard);
    }

    @Test
    void listeners_hearNewAlertsAndRevisions() {
        FeedModel feed = new FeedModel();
        List<FeedListener.Kind> heard = new ArrayList<>();
        feed.addListener(new FeedListener() {
            @Override
            public void arrived(List<Arrival> arrivals) {
                arrivals.forEach(a -> heard.add(a.kind()));
            }
        });
        Message.Alert first = alert(1, Priority.HIGH);

        // when:
        feed.add(first);
        feed.add(first.revise(Priority.HIGH, first.message(), null, Message.AlertState.ALL_CLEAR, T0.plusSeconds(60)));

        // then:
        assertEquals(List.of(FeedListener.Kind.NEW, FeedListener.Kind.REVISED), heard);
    }

    @Test
    void alertThatArrivesExpired_looksExpiredAtOnce() {
        TestClock clock = new TestClock();
        FeedModel feed = new FeedModel(FeedModel.DEFAULT_CAPACITY, clock);

        // when:
        feed.add(expiring(1, Priority.HIGH, T0.minusSeconds(1)));

        // then:
        assertTrue(feed.find(1).isExpired());
        assertEquals(List.of(), feed.attentionItems());
    }

    @Test
    void refreshExpiry_marksAnAlertExpiredOnceItsTimeHasPassed() {
        TestClock clock = new TestClock();
        FeedModel feed = new FeedModel(FeedModel.DEFAULT_CAPACITY, clock);
        feed.add(expiring(1, Priority.HIGH, T0.plusSeconds(30)));
        feed.refreshExpiry();
        assertFalse(feed.find(1).isExpired());

        // when:
        clock.now = T0.plusSeconds(30);
        feed.refreshExpiry();

        // then:
        assertTrue(feed.find(1).isExpired());
        assertEquals(List.of(), feed.attentionItems());
    }

    @Test
    void attentionItems_areTheUnreadActiveHighAlerts_newestFirst() {
        FeedModel feed = new FeedModel();

        // when:
        feed.addAll(List.of(alert(1, Priority.HIGH), alert(2, Priority.MEDIUM), alert(3, Priority.HIGH)));

        // then:
        assertEquals(List.of(3L, 1L), feed.attentionItems().stream().map(AlertItem::alertId).toList());
    }

    @Test
    void attentionItems_loseAnAlertThatIsReadEndedOrCancelled() {
        FeedModel feed = new FeedModel();
        Message.Alert cleared = alert(2, Priority.HIGH);
        Message.Alert cancelled = alert(3, Priority.HIGH);
        feed.addAll(List.of(alert(1, Priority.HIGH), cleared, cancelled, alert(4, Priority.HIGH)));

        // when:
        feed.confirmRead(feed.find(1));
        feed.add(cleared.revise(Priority.HIGH, "all clear", null, Message.AlertState.ALL_CLEAR, T0.plusSeconds(9)));
        feed.add(cancelled.revise(Priority.HIGH, "sent in error", null, Message.AlertState.CANCELLED, T0.plusSeconds(9)));
        feed.readConfirmed(4); // READ_OK: read in another window

        // then:
        assertEquals(List.of(), feed.attentionItems());
        assertEquals(ReadState.READ_SAVED, feed.find(4).getReadState());
    }

    @Test
    void confirmRead_marksTheCardReadAndAsksTheSessionOnce() {
        FeedModel feed = new FeedModel();
        feed.add(alert(1, Priority.LOW));
        List<Long> asked = new ArrayList<>();
        feed.setOnConfirmRead(item -> asked.add(item.alertId()));

        // when:
        feed.confirmRead(feed.find(1));
        feed.confirmRead(feed.find(1));

        // then:
        assertEquals(List.of(1L), asked);
        assertEquals(ReadState.READ, feed.find(1).getReadState());
    }

    @Test
    void readState_onlyMovesForward() {
        FeedModel feed = new FeedModel();
        feed.add(alert(1, Priority.LOW));
        feed.readConfirmed(1);

        // when: the click's own bookkeeping arrives after READ_OK
        feed.confirmRead(feed.find(1));

        // then:
        assertEquals(ReadState.READ_SAVED, feed.find(1).getReadState());
    }

    @Test
    void catchUpAlert_isMarked() {
        FeedModel feed = new FeedModel();

        // when:
        feed.add(alert(1, Priority.MEDIUM).asCatchUp());

        // then:
        assertTrue(feed.find(1).caughtUpProperty().get());
    }
}
