package ccn.alerts.client.gui.attention;

import ccn.alerts.client.gui.feed.AlertItem;
import ccn.alerts.client.gui.feed.FeedListener;
import ccn.alerts.client.gui.feed.FeedModel;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.util.Duration;

import java.util.List;
import java.util.Objects;

/**
 * Draws the person's attention to alerts by priority, as far as the {@link AttentionSettings}
 * allow. HIGH: the window comes to the front, a notification, and a sound every few seconds for
 * as long as any HIGH alert is active and unread (the banner, {@link AlertBanner}, shows the same
 * alerts). MEDIUM: a notification and one ring. LOW: nothing but its card. A later revision of an
 * unread, active alert draws attention again; an all clear, a cancel, an expiry or a read (here,
 * or in another window of the user: READ_OK) stops the ringing. A REMIND rings again while the
 * alert is unread here.
 *
 * <p>The ringing is a {@link Timeline}; the sound and the notification return at once and do their
 * work on threads of their own. FX Application Thread only.
 */
public final class Attention {
    /** Between two rings of an unread HIGH alert: often enough to be heard, not so often it stuns. */
    public static final Duration RING_EVERY = Duration.seconds(4);

    private final FeedModel feed;
    private final AttentionSettings settings;
    private final AlertSound sound;
    private final DesktopNotifier notifier;
    private final Runnable toFront;
    private final Timeline ringing;
    private final ReadOnlyBooleanWrapper ringingNow = new ReadOnlyBooleanWrapper(this, "ringing");
    private final InvalidationListener attentionChanged = o -> stopRingingIfDone();
    private final InvalidationListener soundSwitched = o -> soundSwitched();
    private final FeedListener listener = new FeedListener() {
        @Override
        public void arrived(List<Arrival> arrivals) {
            Attention.this.arrived(arrivals);
        }

        @Override
        public void reminded(AlertItem item) {
            Attention.this.reminded(item);
        }
    };

    public Attention(FeedModel feed, AttentionSettings settings, AlertSound sound, DesktopNotifier notifier,
                     Runnable toFront) {
        this(feed, settings, sound, notifier, toFront, RING_EVERY);
    }

    /** @param ringEvery the pause between rings of an unread HIGH alert (tests shorten it) */
    public Attention(FeedModel feed, AttentionSettings settings, AlertSound sound, DesktopNotifier notifier,
                     Runnable toFront, Duration ringEvery) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sound = Objects.requireNonNull(sound, "sound");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.toFront = Objects.requireNonNull(toFront, "toFront");
        ringing = new Timeline(new KeyFrame(ringEvery, e -> sound.ring(Priority.HIGH)));
        ringing.setCycleCount(Animation.INDEFINITE);
        ringingNow.bind(ringing.statusProperty().isEqualTo(Animation.Status.RUNNING));
        feed.addListener(listener);
        feed.attentionItems().addListener(attentionChanged);
        settings.soundProperty().addListener(soundSwitched);
    }

    public AttentionSettings settings() {
        return settings;
    }

    public FeedModel feed() {
        return feed;
    }

    /** True while the sound repeats for an unread HIGH alert. */
    public ReadOnlyBooleanProperty ringingProperty() {
        return ringingNow.getReadOnlyProperty();
    }

    /** Stops ringing and listening (the session ended or the window closed). */
    public void stop() {
        ringing.stop();
        feed.removeListener(listener);
        feed.attentionItems().removeListener(attentionChanged);
        settings.soundProperty().removeListener(soundSwitched);
    }

    private void arrived(List<FeedListener.Arrival> arrivals) {
        // One batch (a login's catch-up may bring dozens) draws attention once, for its most urgent alert.
        List<FeedListener.Arrival> calling = arrivals.stream()
                .filter(a -> a.item().wantsAttention() && a.item().priority() != Priority.LOW)
                .toList();
        if (calling.isEmpty()) {
            return;
        }
        // The most urgent; among equals the last to arrive (it is on top of the feed).
        FeedListener.Arrival top = calling.getFirst();
        for (FeedListener.Arrival a : calling) {
            if (a.item().priority().compareTo(top.item().priority()) >= 0) {
                top = a;
            }
        }
        String prefix = top.kind() == FeedListener.Kind.REVISED ? "Updated" : null;
        call(top.item(), prefix, calling.size() - 1);
    }

    private void reminded(AlertItem item) {
        if (item.wantsAttention()) {
            call(item, "Reminder", 0);
        }
    }

    /** Everything a priority asks for, for one alert; {@code prefix} says why it calls again. */
    private void call(AlertItem item, String prefix, int others) {
        Priority p = item.priority();
        if (p == Priority.HIGH) {
            if (settings.bringToFrontProperty().get()) {
                toFront.run();
            }
            if (settings.soundProperty().get() && !feed.attentionItems().isEmpty()) {
                sound.ring(Priority.HIGH);
                ringing.playFromStart();
            }
        } else if (settings.soundProperty().get()) {
            sound.ring(p);
        }
        if (settings.desktopNotificationProperty().get()) {
            notifier.show(title(item.alert(), prefix), text(item.alert(), others), p);
        }
    }

    private void stopRingingIfDone() {
        if (feed.attentionItems().isEmpty()) {
            ringing.stop();
        }
    }

    private void soundSwitched() {
        if (!settings.soundProperty().get()) {
            ringing.stop();
        } else if (!feed.attentionItems().isEmpty()) {
            ringing.playFromStart();
        }
    }

    /** "DRILL · HIGH alert from admin", "Updated: HIGH alert from admin", "Reminder: …". */
    static String title(Message.Alert a, String prefix) {
        String what = (a.drill() ? "DRILL · " : "") + a.priority() + " alert from " + a.from();
        return prefix == null ? what : prefix + ": " + what;
    }

    static String text(Message.Alert a, int others) {
        String more = others == 0 ? "" : "\n(+" + others + " more alert" + (others == 1 ? "" : "s") + ")";
        return (a.drill() ? "DRILL — " : "") + a.message() + more;
    }
}
