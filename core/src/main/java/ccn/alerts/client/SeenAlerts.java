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
    private final LinkedHashSet<Long> ids = new LinkedHashSet<>();

    SeenAlerts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** True the first time an alert id is seen (within the last {@code capacity} ids). */
    synchronized boolean firstTime(long alertId) {
        if (!ids.add(alertId)) {
            return false;
        }
        if (ids.size() > capacity) {
            ids.remove(ids.iterator().next());
        }
        return true;
    }
}
