package ccn.alerts.client.gui.feed;

import java.util.List;

/**
 * What happened in a {@link FeedModel} that may call for the person's attention. Called on the FX
 * Application Thread, after the feed has changed; an implementation must not add to the feed.
 */
public interface FeedListener {
    /** How an alert came in. */
    enum Kind {
        /** Its first appearance in this feed (a new alert, a re-delivery, a catch-up). */
        NEW,
        /** A later revision of a card already shown: an update, an all clear, a cancel. */
        REVISED
    }

    /** One alert of a batch, as the feed now holds it. */
    record Arrival(AlertItem item, Kind kind) {
    }

    /** Alerts added or revised in one batch, in arrival order. */
    default void arrived(List<Arrival> arrivals) {
    }

    /** The operator asks again for this alert to be read (REMIND); it may already be read here. */
    default void reminded(AlertItem item) {
    }
}
