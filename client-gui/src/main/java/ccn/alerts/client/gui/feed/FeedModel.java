package ccn.alerts.client.gui.feed;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The alerts of one session, newest first, at most {@code capacity} of them (the oldest drop
 * off), each id once; a priority filter; counts per priority. Not thread-safe: call on the FX
 * Application Thread (the session hands engine events over in batches).
 */
public final class FeedModel {
    public static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    private final ObservableList<AlertItem> items = FXCollections.observableArrayList();
    private final FilteredList<AlertItem> visible = new FilteredList<>(items);
    private final Map<Long, AlertItem> byId = new HashMap<>();
    private final Map<Priority, ReadOnlyIntegerWrapper> counts = new EnumMap<>(Priority.class);
    private final ReadOnlyIntegerWrapper total = new ReadOnlyIntegerWrapper(this, "total");
    /** Null means all priorities. */
    private final ReadOnlyObjectWrapper<Priority> filter = new ReadOnlyObjectWrapper<>(this, "filter");

    public FeedModel() {
        this(DEFAULT_CAPACITY);
    }

    public FeedModel(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        for (Priority p : Priority.values()) {
            counts.put(p, new ReadOnlyIntegerWrapper(this, p.name().toLowerCase() + "Count"));
        }
        filter.addListener((obs, old, p) -> visible.setPredicate(p == null ? null : item -> item.priority() == p));
    }

    /** The alerts the filter lets through, newest first. */
    public ObservableList<AlertItem> visibleItems() {
        return visible;
    }

    /** All alerts held, newest first (read-only). */
    public List<AlertItem> allItems() {
        return Collections.unmodifiableList(items);
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
     * Adds alerts in arrival order (the last one ends up on top). Ids already in the feed are
     * skipped: the engine de-duplicates too, but a card must never appear twice.
     */
    public void addAll(List<Message.Alert> arrivals) {
        List<AlertItem> fresh = new ArrayList<>(arrivals.size());
        for (Message.Alert a : arrivals) {
            if (!byId.containsKey(a.alertId())) {
                AlertItem item = new AlertItem(a);
                byId.put(a.alertId(), item);
                fresh.add(item);
                counts.get(a.priority()).set(counts.get(a.priority()).get() + 1);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Collections.reverse(fresh);
        if (fresh.size() > capacity) {
            fresh.subList(capacity, fresh.size()).forEach(this::forget);
            fresh = new ArrayList<>(fresh.subList(0, capacity));
        }
        items.addAll(0, fresh);
        if (items.size() > capacity) {
            List<AlertItem> evicted = items.subList(capacity, items.size());
            new ArrayList<>(evicted).forEach(this::forget);
            evicted.clear();
        }
        total.set(items.size());
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

    private void advance(long alertId, AckState state) {
        AlertItem item = byId.get(alertId);
        if (item != null) {
            item.advanceAckState(state);
        }
    }

    private void forget(AlertItem item) {
        byId.remove(item.alertId());
        ReadOnlyIntegerWrapper count = counts.get(item.priority());
        count.set(count.get() - 1);
    }
}
