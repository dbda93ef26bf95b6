package ccn.alerts.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Polls a condition until it holds or a deadline passes; the only way these tests wait for time. */
public final class Await {
    /** Generous enough for a loaded CI machine, short enough that a hang fails fast. */
    public static final Duration DEFAULT = Duration.ofSeconds(5);
    private static final long POLL_NANOS = Duration.ofMillis(2).toNanos();

    private Await() {
    }

    public static void until(Duration timeout, BooleanSupplier condition, String message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Not true within " + timeout.toMillis() + " ms: " + message);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** {@link #until(Duration, BooleanSupplier, String)} with a message made when it fails (the state then). */
    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> message) {
        if (!within(timeout, condition)) {
            fail("Not true within " + timeout.toMillis() + " ms: " + message.get());
        }
    }

    /** Like {@link #until} but reports the outcome instead of failing: true if the condition held in time. */
    public static boolean within(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return true;
    }

    public static void until(BooleanSupplier condition, String message) {
        until(DEFAULT, condition, message);
    }

    /** Polls until {@code supplier} returns non-null and returns that value. */
    public static <T> T value(Duration timeout, Supplier<T> supplier, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = supplier.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("Nothing within " + timeout.toMillis() + " ms: " + message.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
