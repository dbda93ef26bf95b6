package ccn.alerts.client.gui.feed;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.util.Duration;

import java.util.Objects;

/**
 * Runs the feed's expiry check on the FX Application Thread, once a second while started: an
 * alert's card looks expired (and stops ringing) within a second of its end time, without a
 * thread that sleeps. An alert that arrives expired is marked by {@link FeedModel#addAll} itself.
 * FX Application Thread only.
 */
public final class FeedClock {
    static final Duration EVERY = Duration.seconds(1);

    private final Timeline timeline;

    public FeedClock(FeedModel feed) {
        Objects.requireNonNull(feed, "feed");
        timeline = new Timeline(new KeyFrame(EVERY, e -> feed.refreshExpiry()));
        timeline.setCycleCount(Animation.INDEFINITE);
    }

    public void start() {
        timeline.play();
    }

    public void stop() {
        timeline.stop();
    }
}
