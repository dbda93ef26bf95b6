package ccn.alerts.client.gui.feed;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.time.InstantSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The alerts of one session, newest first, at most {@code capacity} of them (the oldest drop
 * off), each id once: a later revision replaces its card in place. A priority filter; counts per
 * priority; the person's read confirmations; expiry by the feed's clock; and the HIGH alerts that
 * still want attention (active and unread), which the banner shows and the sound rings for.
 * Not thread-safe: call on the FX Application Thread (the session hands engine events over in
 * batches).
 */
public final class FeedModel {
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final InstantSource clock;
    // The extractor reports a revision as an update, so the filter looks at a changed priority again.
    private final ObservableList<AlertItem> items = FXCollections.observableArrayList(i -> new Observable[] {i.alertProperty()});
    private final FilteredList<AlertItem> visible = new FilteredList<>(items);
    private final Map<Long, AlertItem> byId = new HashMap<>();
    private final Map<Priority, ReadOnlyIntegerWrapper> counts = new EnumMap<>(Priority.class);
    private final ReadOnlyIntegerWrapper total = new ReadOnlyIntegerWrapper(this, "total");
    /** Null means all priorities. */
    private final ReadOnlyObjectWrapper<Priority> filter = new ReadOnlyObjectWrapper<>(this, "filter");
    private final ObservableList<AlertItem> attention = FXCollections.observableArrayList();
    private final Set<AlertItem> attentionSet = new java.util.HashSet<>();
    private final ObservableList<AlertItem> attentionView = FXCollections.unmodifiableObservableList(attention);
    /** Active alerts with an end time, the only ones the expiry check looks at. */
    private final Set<AlertItem> expiring = new LinkedHashSet<>();
    private final List<FeedListener> listeners = new CopyOnWriteArrayList<>();
    private Consumer<AlertItem> onConfirmRead = item -> { };

    public FeedModel() {
        this(DEFAULT_CAPACITY);
    }

    public FeedModel(int capacity) {
        this(capacity, InstantSource.system());
    }

    /** @param clock what expiry is measured against (tests move it) */
    public FeedModel(int capacity, InstantSource clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
        for (Priority p : Priority.values()) {
            counts.put(p, new ReadOnlyIntegerWrapper(this, p.name().toLowerCase() + "Count"));
        }
        filter.addListener((obs, old, p) -> visible.setPredicate(p == null ? null : item -> item.priority() == p));
    }

    public void addListener(FeedListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(FeedListener listener) {
        listeners.remove(listener);
    }

    /** Where a click on "I have read this" goes once the card shows it read (the session sends READ). */
    public void setOnConfirmRead(Consumer<AlertItem> handler) {
        this.onConfirmRead = Objects.requireNonNull(handler, "handler");
    }

    /** The alerts the filter lets through, newest first. */
    public ObservableList<AlertItem> visibleItems() {
        return visible;
    }

    /** All alerts held, newest first (read-only). */
    public List<AlertItem> allItems() {
        return Collections.unmodifiableList(items);
    }

    /** HIGH alerts that are active and unread, newest first (read-only): the banner and the ringing. */
    public ObservableList<AlertItem> attentionItems() {
        return attentionView;
    }

    public ReadOnlyIntegerProperty countProperty(Priority priority) {
        return counts.get(Objects.requireNonNull(priority, "priority")).getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Priority> filterProperty() {
        return filter.getReadOnlyProperty();
    }

    /** Shows only alerts of this priority; null shows all. */
    public void showOnly(Priority priority) {
        filter.set(priority);
    }

    public AlertItem find(long alertId) {
        return byId.get(alertId);
    }

    /**
     * Adds alerts in arrival order (the last one ends up on top). A later revision of an alert in
     * the feed replaces it in place; an id already shown at this revision or a later one is skipped
     * (the engine de-duplicates too, but a card must never appear twice). Listeners then hear what
     * was added or revised.
     */
    public void addAll(List<Message.Alert> arrivals) {
        Instant now = clock.instant();
        List<AlertItem> fresh = new ArrayList<>(arrivals.size());
        List<FeedListener.Arrival> heard = new ArrayList<>(arrivals.size());
        for (Message.Alert a : arrivals) {
            AlertItem known = byId.get(a.alertId());
            if (known == null) {
                AlertItem item = new AlertItem(a);
                byId.put(a.alertId(), item);
                fresh.add(item);
                counts.get(a.priority()).set(counts.get(a.priority()).get() + 1);
                heard.add(new FeedListener.Arrival(item, FeedListener.Kind.NEW));
            } else {
                Priority before = known.priority();
                if (known.revise(a)) {
                    if (before != a.priority()) {
                        counts.get(before).set(counts.get(before).get() - 1);
                        counts.get(a.priority()).set(counts.get(a.priority()).get() + 1);
                    }
                    heard.add(new FeedListener.Arrival(known, FeedListener.Kind.REVISED));
                }
            }
        }
        Collections.reverse(fresh);
        if (fresh.size() > capacity) {
            fresh.subList(capacity, fresh.size()).forEach(this::forget);
            fresh = new ArrayList<>(fresh.subList(0, capacity));
        }
        if (!fresh.isEmpty()) {
            items.addAll(0, fresh);
        }
        if (items.size() > capacity) {
            List<AlertItem> evicted = items.subList(capacity, items.size());
            new ArrayList<>(evicted).forEach(this::forget);
            evicted.clear();
        }
        total.set(items.size());
        // An alert that arrives expired looks expired at once, not at the next check.
        heard.removeIf(h -> !byId.containsKey(h.item().alertId()));
        for (FeedListener.Arrival h : heard) {
            track(h.item(), now);
        }
        if (!heard.isEmpty()) {
            List<FeedListener.Arrival> batch = List.copyOf(heard);
            listeners.forEach(l -> l.arrived(batch));
        }
    }

    public void add(Message.Alert alert) {
        addAll(List.of(alert));
    }

    public void ackSent(long alertId) {
        advance(alertId, AckState.ACK_SENT);
    }

    public void ackConfirmed(long alertId) {
        advance(alertId, AckState.CONFIRMED);
    }

    /**
     * The person clicked "I have read this": the card shows it read at once (it stops ringing) and
     * the session is asked to tell the server. A second click changes nothing.
     */
    public void confirmRead(AlertItem item) {
        Objects.requireNonNull(item, "item");
        if (byId.get(item.alertId()) == item && item.advanceReadState(ReadState.READ)) {
            updateAttention(item);
            onConfirmRead.accept(item);
        }
    }

    /** READ_OK: the confirmation is on the server, from this window or another of the same user. */
    public void readConfirmed(long alertId) {
        readState(alertId, ReadState.READ_SAVED);
    }

    /** The server predates the life cycle: the confirmation stays in this window. */
    public void readHereOnly(long alertId) {
        readState(alertId, ReadState.READ_HERE_ONLY);
    }

    /** REMIND from the operator: listeners decide whether it rings (only if still unread here). */
    public void remind(long alertId) {
        AlertItem item = byId.get(alertId);
        if (item != null) {
            listeners.forEach(l -> l.reminded(item));
        }
    }

    /**
     * Marks the alerts whose end time has passed as expired (and one whose end time was moved
     * later as active again). Cheap: it looks only at active alerts that have an end time.
     * {@link FeedClock} calls it every second.
     */
    public void refreshExpiry() {
        if (expiring.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        for (AlertItem item : new ArrayList<>(expiring)) {
            track(item, now);
        }
    }

    private void track(AlertItem item, Instant now) {
        Message.Alert a = item.alert();
        item.setExpired(a.expiredAt(now));
        if (a.expires() != null && !a.state().ended() && !item.isExpired()) {
            expiring.add(item);
        } else {
            expiring.remove(item);
        }
        updateAttention(item);
    }

    private void readState(long alertId, ReadState state) {
        AlertItem item = byId.get(alertId);
        if (item != null && item.advanceReadState(state)) {
            updateAttention(item);
        }
    }

    private void updateAttention(AlertItem item) {
        boolean wants = item.priority() == Priority.HIGH && item.wantsAttention() && byId.get(item.alertId()) == item;
        if (wants && attentionSet.add(item)) {
            // Newest first: what just arrived, or just turned HIGH, is what the banner shows.
            attention.add(0, item);
        } else if (!wants && attentionSet.remove(item)) {
            attention.remove(item);
        }
    }

    private void advance(long alertId, AckState state) {
        AlertItem item = byId.get(alertId);
        if (item != null) {
            item.advanceAckState(state);
        }
    }

    private void forget(AlertItem item) {
        byId.remove(item.alertId());
        expiring.remove(item);
        if (attentionSet.remove(item)) {
            attention.remove(item);
        }
        ReadOnlyIntegerWrapper count = counts.get(item.priority());
        count.set(count.get() - 1);
    }
}
