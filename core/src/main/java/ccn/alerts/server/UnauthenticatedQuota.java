package ccn.alerts.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many connections each IP address has open that have not logged in yet, against a limit.
 * Logged-in sessions do not count: the limit is against one machine holding many half-open
 * connections (a login flood, a slow-loris) and crowding out everyone else, not against a lab
 * behind one address.
 *
 * <p>Thread-safe; {@link Permit#release()} may be called any number of times from any thread.
 */
final class UnauthenticatedQuota {
    private final int limit;
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    /** One counted connection; gives its place back once. */
    final class Permit {
        private final String host;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(String host) {
            this.host = host;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                counts.computeIfPresent(host, (h, n) -> n <= 1 ? null : n - 1);
            }
        }
    }

    UnauthenticatedQuota(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        this.limit = limit;
    }

    /** A place for one more connection from {@code host}, or null when it is at the limit. */
    Permit tryAcquire(String host) {
        boolean[] granted = {false};
        counts.compute(host, (h, n) -> {
            int current = n == null ? 0 : n;
            if (current >= limit) {
                return n;
            }
            granted[0] = true;
            return current + 1;
        });
        return granted[0] ? new Permit(host) : null;
    }
}
