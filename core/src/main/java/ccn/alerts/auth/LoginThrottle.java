package ccn.alerts.auth;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Refuses login attempts after too many consecutive failures, counted separately per username
 * and per client address. After {@code maxFailures} failures for either key, attempts involving
 * that key are refused until {@code lockout} has passed since the last failure. A success resets
 * both counters; so does a quiet period of {@code lockout} without failures.
 *
 * <p>Memory is bounded: each of the two tables (usernames, addresses) holds at most
 * {@code maxEntries} keys. Entries are kept in order of their last failure, so expired ones are
 * dropped from the head cheaply, and when a table is full the entry with the oldest failure (the
 * one closest to expiring anyway) is evicted. Keeping addresses in their own table means a flood
 * of random usernames cannot push an attacker's address lock out.
 *
 * <p>Check-then-record is not atomic: a burst of concurrent attempts can all pass
 * {@link #checkAllowed} before their failures are recorded, so the limit is approximate under
 * parallel load from one client.
 *
 * <p>Thread-safety: all public methods are synchronized on the instance and run in amortized
 * constant time, so one throttle can be shared by all connection threads.
 */
public final class LoginThrottle {

    public static final int DEFAULT_MAX_FAILURES = 5;
    public static final Duration DEFAULT_LOCKOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final int maxFailures;
    private final long lockoutNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> byUsername = new LinkedHashMap<>();
    private final Map<String, Entry> byAddress = new LinkedHashMap<>();

    /** A throttle with 5 failures, 30 s lockout, 10,000 keys per table, and the system clock. */
    public LoginThrottle() {
        this(DEFAULT_MAX_FAILURES, DEFAULT_LOCKOUT, DEFAULT_MAX_ENTRIES, System::nanoTime);
    }

    /**
     * @param maxFailures consecutive failures that trigger a lockout, at least 1
     * @param lockout     how long a locked key is refused, and the quiet period after which a
     *                    key's failure count is forgotten; positive
     * @param maxEntries  cap on tracked keys in each of the username and address tables
     * @param nanoClock   monotonic time source in nanoseconds, e.g. {@code System::nanoTime};
     *                    tests inject a fake
     */
    public LoginThrottle(int maxFailures, Duration lockout, int maxEntries, LongSupplier nanoClock) {
        Objects.requireNonNull(lockout, "lockout");
        Objects.requireNonNull(nanoClock, "nanoClock");
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        if (lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("lockout must be positive, was " + lockout);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        this.maxFailures = maxFailures;
        this.lockoutNanos = lockout.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
    }

    /**
     * Whether an attempt for this username from this address may proceed.
     *
     * @return empty if allowed, otherwise the time until the longer of the two locks ends
     */
    public synchronized Optional<Duration> checkAllowed(String username, String address) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(address, "address");
        long now = nanoClock.getAsLong();
        purgeExpired(byUsername, now);
        purgeExpired(byAddress, now);
        long remaining = Math.max(remainingLock(byUsername.get(username), now),
                remainingLock(byAddress.get(address), now));
        return remaining > 0 ? Optional.of(Duration.ofNanos(remaining)) : Optional.empty();
    }

    /** Counts a failed attempt against both the username and the address. */
    public synchronized void recordFailure(String username, String address) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(address, "address");
        long now = nanoClock.getAsLong();
        purgeExpired(byUsername, now);
        purgeExpired(byAddress, now);
        fail(byUsername, username, now);
        fail(byAddress, address, now);
    }

    /** Forgets the failures of both the username and the address. */
    public synchronized void recordSuccess(String username, String address) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(address, "address");
        byUsername.remove(username);
        byAddress.remove(address);
    }

    /** Number of tracked keys across both tables, including not-yet-purged expired ones. */
    synchronized int trackedKeys() {
        return byUsername.size() + byAddress.size();
    }

    private void fail(Map<String, Entry> table, String key, long now) {
        // Remove and re-insert so iteration order stays "oldest last failure first".
        Entry entry = table.remove(key);
        if (entry == null) {
            entry = new Entry();
            if (table.size() >= maxEntries) {
                Iterator<Entry> oldest = table.values().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        entry.failures = Math.min(entry.failures + 1, maxFailures);
        entry.lastFailureNanos = now;
        table.put(key, entry);
    }

    private long remainingLock(Entry entry, long now) {
        if (entry == null || entry.failures < maxFailures) {
            return 0;
        }
        return Math.max(0, lockoutNanos - (now - entry.lastFailureNanos));
    }

    private void purgeExpired(Map<String, Entry> table, long now) {
        Iterator<Entry> it = table.values().iterator();
        while (it.hasNext()) {
            // Subtraction, not comparison of absolute values: nanoTime may be negative or wrap.
            if (now - it.next().lastFailureNanos < lockoutNanos) {
                return; // ordered by last failure, so everything after this is newer
            }
            it.remove();
        }
    }

    private static final class Entry {
        int failures;
        long lastFailureNanos;
    }
}
