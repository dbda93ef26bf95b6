package ccn.alerts.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the client waits before its next connection attempt: {@code initial} after the first
 * failure, doubled per further failure, never more than {@code max}.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param initial delay after one failure (and after a connection that had been up dropped)
 * @param max     the longest delay
 */
record Backoff(Duration initial, Duration max) {

    /** Doublings beyond this cannot matter for any sane {@code max}, and the shift cannot overflow. */
    private static final int MAX_DOUBLINGS = 16;

    Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
    }

    static Backoff of(ClientConfig config) {
        return new Backoff(config.initialBackoff(), config.maxBackoff());
    }

    /**
     * @param failures attempts that failed in a row; 0 after a connection that had been up
     * @return the delay before the next attempt
     */
    Duration delay(int failures) {
        long ms = initial.toMillis() << Math.min(Math.max(failures - 1, 0), MAX_DOUBLINGS);
        return Duration.ofMillis(Math.min(ms, max.toMillis()));
    }
}
