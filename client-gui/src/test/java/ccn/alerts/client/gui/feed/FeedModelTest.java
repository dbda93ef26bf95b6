package ccn.alerts.client.gui.feed;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
