package ccn.alerts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** Starts near the top of the long range to prove wrap-around safe arithmetic. */
    private long now = Long.MAX_VALUE - Duration.ofSeconds(10).toNanos();

    private final LoginThrottle throttle = new LoginThrottle(
            5, Duration.ofSeconds(30), 100, () -> now);

    private void advance(Duration d) {
        now += d.toNanos();
    }

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(user, address);
        }
    }

    @Test
    void checkAllowed_allowsFreshKeys() {
        assertEquals(Optional.empty(), throttle.checkAllowed("alice", "10.0.0.1"));
    }

    @Test
    void fourFailures_doNotLock() {
        fail("alice", "10.0.0.1", 4);
        assertEquals(Optional.empty(), throttle.checkAllowed("alice", "10.0.0.1"));
    }

    @Test
    void fiveFailures_lockForThirtySecondsWithCorrectRemainingTime() {
        fail("alice", "10.0.0.1", 5);
        assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.checkAllowed("alice", "10.0.0.1"));

        advance(Duration.ofSeconds(12));
        assertEquals(Optional.of(Duration.ofSeconds(18)), throttle.checkAllowed("alice", "10.0.0.1"));

        advance(Duration.ofSeconds(18).minusNanos(1));
        assertEquals(Optional.of(Duration.ofNanos(1)), throttle.checkAllowed("alice", "10.0.0.1"));
    }

    @Test
    void lock_expiresAfterWindowAndCounterStartsOver() {
        fail("alice", "10.0.0.1", 5);
        advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), throttle.checkAllowed("alice", "10.0.0.1"));

        // The old count is gone: four new failures are not enough to lock again.
        fail("alice", "10.0.0.1", 4);
        assertEquals(Optional.empty(), throttle.checkAllowed("alice", "10.0.0.1"));
        fail("alice", "10.0.0.1", 1);
        assertTrue(throttle.checkAllowed("alice", "10.0.0.1").isPresent());
    }

    @Test
    void usernameLock_appliesFromAnyAddress() {
        fail("alice", "10.0.0.1", 5);
        assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.checkAllowed("alice", "192.168.1.9"));
        assertEquals(Optional.empty(), throttle.checkAllowed("bob", "192.168.1.9"));
    }

    @Test
    void addressLock_appliesAcrossDifferentUsernames() {
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure("user" + i, "10.0.0.66");
        }
        assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.checkAllowed("someoneElse", "10.0.0.66"));
        assertEquals(Optional.empty(), throttle.checkAllowed("someoneElse", "10.0.0.67"));
        assertEquals(Optional.empty(), throttle.checkAllowed("user0", "10.0.0.67"));
    }

    @Test
    void refusal_reportsTheLongerOfUsernameAndAddressLocks() {
        fail("alice", "10.0.0.1", 5);
        advance(Duration.ofSeconds(10));
        fail("bob", "10.0.0.2", 5);
        assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.checkAllowed("alice", "10.0.0.2"));
    }

    @Test
    void success_resetsConsecutiveFailures() {
        fail("alice", "10.0.0.1", 4);
        throttle.recordSuccess("alice", "10.0.0.1");
        fail("alice", "10.0.0.1", 4);
        assertEquals(Optional.empty(), throttle.checkAllowed("alice", "10.0.0.1"));
    }

    @Test
    void quietPeriod_forgetsOldFailures() {
        fail("alice", "10.0.0.1", 4);
        advance(Duration.ofSeconds(30));
        fail("alice", "10.0.0.1", 4);
        assertEquals(Optional.empty(), throttle.checkAllowed("alice", "10.0.0.1"));
    }

    @Test
    void failuresWithinWindow_keepCounting() {
        fail("alice", "10.0.0.1", 4);
        advance(Duration.ofSeconds(29));
        fail("alice", "10.0.0.1", 1);
        assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.checkAllowed("alice", "10.0.0.1"));
    }

    @Test
    void memory_isBoundedUnderFloodOfRandomUsernames() {
        for (int i = 0; i < 10_000; i++) {
            throttle.recordFailure("random-" + i, "10.0.0." + (i % 250));
        }
        assertTrue(throttle.trackedKeys() <= 200, "tracked " + throttle.trackedKeys());
    }

    @Test
    void memory_usernameFloodDoesNotEvictAddressLock() {
        fail("victim", "10.6.6.6", 5);
        for (int i = 0; i < 1_000; i++) {
            throttle.recordFailure("random-" + i, "10.6.6.6");
        }
        assertTrue(throttle.checkAllowed("fresh", "10.6.6.6").isPresent());
    }

    @Test
    void memory_expiredEntriesArePurged() {
        for (int i = 0; i < 50; i++) {
            throttle.recordFailure("u" + i, "a" + i);
        }
        assertEquals(100, throttle.trackedKeys());
        advance(Duration.ofSeconds(31));
        throttle.checkAllowed("x", "y");
        assertEquals(0, throttle.trackedKeys());
    }

    @Test
    void defaults_matchSpecification() {
        assertEquals(5, LoginThrottle.DEFAULT_MAX_FAILURES);
        assertEquals(Duration.ofSeconds(30), LoginThrottle.DEFAULT_LOCKOUT);
        assertEquals(10_000, LoginThrottle.DEFAULT_MAX_ENTRIES);
    }

    @Test
    void constructor_rejectsNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new LoginThrottle(0, Duration.ofSeconds(1), 10, () -> 0));
        assertThrows(IllegalArgumentException.class,
                () -> new LoginThrottle(1, Duration.ZERO, 10, () -> 0));
        assertThrows(IllegalArgumentException.class,
                () -> new LoginThrottle(1, Duration.ofSeconds(1), 0, () -> 0));
    }
}
