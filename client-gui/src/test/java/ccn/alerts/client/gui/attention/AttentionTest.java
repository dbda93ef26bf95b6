package ccn.alerts.client.gui.attention;

import ccn.alerts.client.gui.feed.FeedModel;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each priority asks for, with a sound and a notifier that record; rings every 100 ms. */
@ExtendWith(ApplicationExtension.class)
class AttentionTest {
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration RING_EVERY = Duration.millis(100);

    private final RecordingSound sound = new RecordingSound();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final AtomicInteger fronts = new AtomicInteger();
    private Instant now = T0;
    private final InstantSource clock = () -> now;
    private FeedModel feed;
    private AttentionSettings settings;
    private Attention attention;

    @Start
    void start(Stage stage) {
        feed = new FeedModel(FeedModel.DEFAULT_CAPACITY, clock);
        settings = new AttentionSettings(AttentionChoices.ALL);
        attention = new Attention(feed, settings, sound, notifier, fronts::incrementAndGet, RING_EVERY);
    }

    private static Message.Alert alert(long id, Priority p) {
        return new Message.Alert(id, p, "alert " + id, T0.toString(), Message.AlertSource.MANUAL, "admin", null, false);
    }

    private static <T> T fx(Supplier<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read::get).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void fx(Runnable action) {
        fx(() -> {
            action.run();
            return null;
        });
    }

    private static void until(BooleanSupplier condition, String what) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("not within 10 s: " + what, e);
        }
    }

    private boolean ringing() {
        return fx(() -> attention.ringingProperty().get());
    }

    /**
     * Waits out five ring periods: a condition that must stay false has no event to await, so a
     * second attention rings as a metronome on the same FX timer.
     */
    private void afterSeveralRingPeriods() {
        RecordingSound ticks = new RecordingSound();
        Attention metronome = fx(() -> {
            FeedModel other = new FeedModel();
            Attention a = new Attention(other, new AttentionSettings(AttentionChoices.ALL), ticks, DesktopNotifier.NONE,
                    () -> { }, RING_EVERY);
            other.add(alert(999, Priority.HIGH));
            return a;
        });
        try {
            until(() -> ticks.count() >= 6, "five ring periods");
        } finally {
            fx(metronome::stop);
        }
    }

    @AfterEach
    void stopRinging() {
        fx(attention::stop);
    }

    @Test
    void high_ringsRepeatedlyUntilRead() {
        // when:
        fx(() -> feed.add(alert(1, Priority.HIGH)));

        // then:
        until(() -> sound.count() >= 3, "three rings");
        assertTrue(sound.rings().stream().allMatch(p -> p == Priority.HIGH), sound.rings().toString());
        assertTrue(ringing());

        // when:
        fx(() -> feed.confirmRead(feed.find(1)));

        // then:
        assertFalse(ringing());
        int after = sound.count();
        afterSeveralRingPeriods();
        assertEquals(after, sound.count(), "no ring after the read");
    }

    @Test
    void high_bringsTheWindowToTheFrontAndNotifies() {
        // when:
        fx(() -> feed.add(alert(1, Priority.HIGH).withOptions(true, null)));

        // then:
        assertEquals(1, fronts.get());
        assertEquals(1, notifier.shown().size());
        RecordingNotifier.Shown shown = notifier.shown().getFirst();
        assertEquals(Priority.HIGH, shown.priority());
        assertTrue(shown.title().startsWith("DRILL"), shown.title());
        assertTrue(shown.text().contains("DRILL"), shown.text());
    }

    @Test
    void medium_ringsOnceAndNotifies() {
        // when:
        fx(() -> feed.add(alert(1, Priority.MEDIUM)));

        // then:
        assertEquals(List.of(Priority.MEDIUM), sound.rings());
        assertEquals(1, notifier.shown().size());
        assertFalse(ringing());
        assertEquals(0, fronts.get());
        afterSeveralRingPeriods();
        assertEquals(List.of(Priority.MEDIUM), sound.rings());
    }

    @Test
    void low_neitherRingsNorNotifies() {
        // when:
        fx(() -> feed.add(alert(1, Priority.LOW)));

        // then:
        afterSeveralRingPeriods();
        assertEquals(List.of(), sound.rings());
        assertEquals(List.of(), notifier.shown());
        assertEquals(0, fronts.get());
    }

    @Test
    void high_stopsRingingOnAllClear() {
        Message.Alert a = alert(1, Priority.HIGH);
        fx(() -> feed.add(a));
        until(this::ringing, "ringing");

        // when:
        fx(() -> feed.add(a.revise(Priority.HIGH, "all clear", null, Message.AlertState.ALL_CLEAR, T0.plusSeconds(5))));

        // then:
        assertFalse(ringing());
        assertEquals(1, notifier.shown().size(), "an end is not notified as a new alert");
    }

    @Test
    void high_stopsRingingOnCancel() {
        Message.Alert a = alert(1, Priority.HIGH);
        fx(() -> feed.add(a));
        until(this::ringing, "ringing");

        // when:
        fx(() -> feed.add(a.revise(Priority.HIGH, a.message(), null, Message.AlertState.CANCELLED, T0.plusSeconds(5))));

        // then:
        assertFalse(ringing());
    }

    @Test
    void high_stopsRingingOnExpiry() {
        fx(() -> feed.add(alert(1, Priority.HIGH).withOptions(false, T0.plusSeconds(60))));
        until(this::ringing, "ringing");

        // when:
        now = T0.plusSeconds(60);
        fx(() -> feed.refreshExpiry());

        // then:
        assertFalse(ringing());
    }

    @Test
    void update_ofAnUnreadHigh_ringsAndNotifiesAgain() {
        Message.Alert a = alert(1, Priority.HIGH);
        fx(() -> feed.add(a));
        int rings = sound.count();

        // when:
        fx(() -> feed.add(a.revise(Priority.HIGH, "move to hall B", null, Message.AlertState.ACTIVE, T0.plusSeconds(5))));

        // then:
        assertTrue(sound.count() > rings);
        assertEquals(2, notifier.shown().size());
        assertTrue(notifier.shown().get(1).title().startsWith("Updated"), notifier.shown().get(1).title());
        assertTrue(ringing());
    }

    @Test
    void update_ofAReadHigh_staysQuiet() {
        Message.Alert a = alert(1, Priority.HIGH);
        fx(() -> {
            feed.add(a);
            feed.confirmRead(feed.find(1));
        });
        int rings = sound.count();

        // when:
        fx(() -> feed.add(a.revise(Priority.HIGH, "move to hall B", null, Message.AlertState.ACTIVE, T0.plusSeconds(5))));

        // then:
        assertEquals(rings, sound.count());
        assertFalse(ringing());
    }

    @Test
    void remind_ringsAgainForAnUnreadAlert() {
        fx(() -> feed.add(alert(1, Priority.MEDIUM)));
        assertEquals(1, sound.count());

        // when:
        fx(() -> feed.remind(1));

        // then:
        assertEquals(List.of(Priority.MEDIUM, Priority.MEDIUM), sound.rings());
        assertTrue(notifier.shown().get(1).title().startsWith("Reminder"), notifier.shown().get(1).title());
    }

    @Test
    void remind_ofAnAlertReadHere_staysQuiet() {
        fx(() -> {
            feed.add(alert(1, Priority.MEDIUM));
            feed.confirmRead(feed.find(1));
        });

        // when:
        fx(() -> feed.remind(1));

        // then:
        assertEquals(1, sound.count());
        assertEquals(1, notifier.shown().size());
    }

    @Test
    void readConfirmedFromAnotherWindow_stopsTheRinging() {
        fx(() -> feed.add(alert(1, Priority.HIGH)));
        until(this::ringing, "ringing");

        // when:
        fx(() -> feed.readConfirmed(1));

        // then:
        assertFalse(ringing());
    }

    @Test
    void switchedOff_noSoundNoFrontNoNotification_butTheAlertStillWaitsForTheBanner() {
        fx(() -> {
            settings.soundProperty().set(false);
            settings.bringToFrontProperty().set(false);
            settings.desktopNotificationProperty().set(false);
        });

        // when:
        fx(() -> feed.add(alert(1, Priority.HIGH)));

        // then:
        afterSeveralRingPeriods();
        assertEquals(List.of(), sound.rings());
        assertEquals(List.of(), notifier.shown());
        assertEquals(0, fronts.get());
        assertEquals(1, fx(() -> feed.attentionItems().size()));
    }

    @Test
    void soundSwitchedOff_whileRinging_stopsIt() {
        fx(() -> feed.add(alert(1, Priority.HIGH)));
        until(this::ringing, "ringing");

        // when:
        fx(() -> settings.soundProperty().set(false));

        // then:
        assertFalse(ringing());
    }

    @Test
    void loginBatch_notifiesOnceForItsMostUrgentAlert() {
        // when:
        fx(() -> feed.addAll(List.of(alert(1, Priority.MEDIUM), alert(2, Priority.HIGH), alert(3, Priority.MEDIUM))));

        // then:
        assertEquals(1, notifier.shown().size());
        assertEquals(Priority.HIGH, notifier.shown().getFirst().priority());
        assertTrue(notifier.shown().getFirst().text().contains("+2 more"), notifier.shown().getFirst().text());
    }
}
