package ccn.alerts.client;

import java.util.LinkedHashSet;

/**
 * The alert ids this client has already shown, so a re-delivery (the server never saw our ACK, or
 * we reconnected) is acknowledged again but not shown twice. Remembers the newest {@code capacity}
 * ids only; an id older than that would be shown again, which beats growing without bound.
 *
 * <p>Thread-safety: thread-safe; one client's connections use it one after another, and a short
 * lock keeps that safe without relying on how the threads hand over.
 */
final class SeenAlerts {
    private final int capacity;
    /** Alert id → the highest revision shown, oldest id first. */
    private final java.util.LinkedHashMap<Long, Integer> ids = new java.util.LinkedHashMap<>();

    SeenAlerts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** True the first time an alert id is seen (within the last {@code capacity} ids). */
    synchronized boolean firstTime(long alertId) {
        return firstTime(alertId, 1);
    }

    /**
     * True the first time this revision of the alert, or a later one, is seen: a revision older
     * than or equal to one shown already is a repeat (within the last {@code capacity} ids).
     */
    synchronized boolean firstTime(long alertId, int revision) {
        Integer shown = ids.get(alertId);
        if (shown != null && shown >= revision) {
            return false;
        }
        ids.put(alertId, revision);
        if (ids.size() > capacity) {
            ids.remove(ids.keySet().iterator().next());
        }
        return true;
    }
}
