package ccn.alerts.server;

import ccn.alerts.server.AckTracker.Delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The deliveries of one alert, by session, in the order they were added, stored as columns
 * ({@code String}s shared with the sessions, times as {@code long}s) instead of a map of records:
 * about 45 bytes per delivery where a {@code LinkedHashMap<String, Delivery>} took 96 (entry,
 * record and an {@code Instant} per ACK), which at 10,000 clients and 100 retained alerts is the
 * server's largest data (performance round 4). Deliveries of one user are chained, so a login
 * looks at its own user's deliveries instead of every recipient's.
 *
 * <p>Not thread-safe: used under the {@link AckTracker}'s lock. A removed delivery leaves a hole
 * that a later rebuild closes; order is kept.
 */
final class DeliveryTable {
    private static final long NONE = Long.MIN_VALUE;
    private static final int EMPTY = -1;

    // Columns, indexed by slot; a removed slot has a null session.
    private String[] sessions;
    private String[] users;
    private long[] sentNanos;
    private long[] ackedNanos;
    private int[] revisions;
    /** The next (older) slot of the same user, or EMPTY. */
    private int[] olderOfUser;
    private int slots;
    private int size;

    // Open addressing, linear probing, at most 2/3 full: slot numbers, EMPTY where free. Rebuilt,
    // never deleted from.
    private int[] bySession;
    /** The newest slot of each user (removed slots stay in the chain until a rebuild). */
    private int[] byUser;

    DeliveryTable() {
        this(4);
    }

    /** A table sized for {@code expected} deliveries (a broadcast knows its recipients). */
    DeliveryTable(int expected) {
        int capacity = Math.max(4, expected);
        sessions = new String[capacity];
        users = new String[capacity];
        sentNanos = new long[capacity];
        ackedNanos = new long[capacity];
        revisions = new int[capacity];
        olderOfUser = new int[capacity];
        bySession = emptyIndex(indexCapacity(capacity));
        byUser = emptyIndex(bySession.length);
    }

    int size() {
        return size;
    }

    boolean containsKey(String sessionId) {
        return find(sessionId) != EMPTY;
    }

    Delivery get(String sessionId) {
        int slot = find(sessionId);
        return slot == EMPTY ? null : delivery(slot);
    }

    /** Adds {@code d} unless its session is there already; true when added. */
    boolean putIfAbsent(Delivery d) {
        if (find(d.sessionId()) != EMPTY) {
            return false;
        }
        append(d);
        return true;
    }

    /** Replaces the delivery of {@code d}'s session in place, or adds it at the end. */
    void put(Delivery d) {
        int slot = find(d.sessionId());
        if (slot == EMPTY) {
            append(d);
            return;
        }
        if (!users[slot].equals(d.username())) {
            throw new IllegalArgumentException("session " + d.sessionId() + " belongs to " + users[slot]);
        }
        sentNanos[slot] = nanos(d.sentAt());
        ackedNanos[slot] = d.ackedAt() == null ? NONE : nanos(d.ackedAt());
        revisions[slot] = d.ackedRevision();
    }

    /** Removes the delivery of this session; true when there was one. */
    boolean remove(String sessionId) {
        int slot = find(sessionId);
        if (slot == EMPTY) {
            return false;
        }
        sessions[slot] = null;
        size--;
        if (slots > 16 && size * 2 < slots) {
            rebuild();
        }
        return true;
    }

    /** Every delivery, in the order they were added. */
    List<Delivery> values() {
        List<Delivery> out = new ArrayList<>(size);
        forEach(out::add);
        return out;
    }

    void forEach(Consumer<Delivery> action) {
        for (int s = 0; s < slots; s++) {
            if (sessions[s] != null) {
                action.accept(delivery(s));
            }
        }
    }

    /** The sessions, in the order they were added. */
    Set<String> sessions() {
        Set<String> out = new LinkedHashSet<>();
        for (int s = 0; s < slots; s++) {
            if (sessions[s] != null) {
                out.add(sessions[s]);
            }
        }
        return out;
    }

    /** The distinct users with a delivery. */
    Set<String> users() {
        Set<String> out = new LinkedHashSet<>();
        for (int s = 0; s < slots; s++) {
            if (sessions[s] != null) {
                out.add(users[s]);
            }
        }
        return out;
    }

    /** The deliveries of one user, in the order they were added. */
    List<Delivery> ofUser(String username) {
        int head = userHead(username);
        if (head == EMPTY) {
            return List.of();
        }
        List<Delivery> newestFirst = new ArrayList<>(2);
        for (int s = head; s != EMPTY; s = olderOfUser[s]) {
            if (sessions[s] != null) {
                newestFirst.add(delivery(s));
            }
        }
        return newestFirst.reversed();
    }

    /** Whether one of the user's deliveries is acknowledged. */
    boolean anyAcknowledged(String username) {
        for (int s = userHead(username); s != EMPTY; s = olderOfUser[s]) {
            if (sessions[s] != null && ackedNanos[s] != NONE) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ storage

    private Delivery delivery(int slot) {
        long acked = ackedNanos[slot];
        return new Delivery(sessions[slot], users[slot], instant(sentNanos[slot]), acked == NONE ? null : instant(acked),
                revisions[slot]);
    }

    private void append(Delivery d) {
        if (slots == sessions.length) {
            grow(sessions.length + sessions.length / 2);
        }
        int slot = slots++;
        sessions[slot] = d.sessionId();
        users[slot] = d.username();
        sentNanos[slot] = nanos(d.sentAt());
        ackedNanos[slot] = d.ackedAt() == null ? NONE : nanos(d.ackedAt());
        revisions[slot] = d.ackedRevision();
        size++;
        if (slots * 3 > bySession.length * 2) {
            reindex(indexCapacity(slots));
        } else {
            index(slot);
        }
    }

    private void grow(int capacity) {
        sessions = Arrays.copyOf(sessions, capacity);
        users = Arrays.copyOf(users, capacity);
        sentNanos = Arrays.copyOf(sentNanos, capacity);
        ackedNanos = Arrays.copyOf(ackedNanos, capacity);
        revisions = Arrays.copyOf(revisions, capacity);
        olderOfUser = Arrays.copyOf(olderOfUser, capacity);
    }

    /** Closes the holes left by removals, keeping order. */
    private void rebuild() {
        int to = 0;
        for (int from = 0; from < slots; from++) {
            if (sessions[from] == null) {
                continue;
            }
            sessions[to] = sessions[from];
            users[to] = users[from];
            sentNanos[to] = sentNanos[from];
            ackedNanos[to] = ackedNanos[from];
            revisions[to] = revisions[from];
            to++;
        }
        Arrays.fill(sessions, to, slots, null);
        Arrays.fill(users, to, slots, null);
        slots = to;
        int capacity = Math.max(4, slots + slots / 4);
        if (capacity < sessions.length) {
            grow(capacity);
        }
        reindex(indexCapacity(slots));
    }

    private void reindex(int capacity) {
        bySession = emptyIndex(capacity);
        byUser = emptyIndex(capacity);
        for (int s = 0; s < slots; s++) {
            if (sessions[s] != null) {
                index(s);
            }
        }
    }

    private void index(int slot) {
        int mask = bySession.length - 1;
        int i = spread(sessions[slot].hashCode()) & mask;
        while (bySession[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        bySession[i] = slot;
        String user = users[slot];
        int j = spread(user.hashCode()) & mask;
        while (byUser[j] != EMPTY && !users[byUser[j]].equals(user)) {
            j = (j + 1) & mask;
        }
        olderOfUser[slot] = byUser[j];
        byUser[j] = slot;
    }

    /** The slot of a session's delivery, or EMPTY. */
    private int find(String sessionId) {
        int mask = bySession.length - 1;
        for (int i = spread(sessionId.hashCode()) & mask; bySession[i] != EMPTY; i = (i + 1) & mask) {
            int slot = bySession[i];
            if (sessionId.equals(sessions[slot])) {
                return slot;
            }
        }
        return EMPTY;
    }

    private int userHead(String username) {
        int mask = byUser.length - 1;
        for (int j = spread(username.hashCode()) & mask; byUser[j] != EMPTY; j = (j + 1) & mask) {
            if (users[byUser[j]].equals(username)) {
                return byUser[j];
            }
        }
        return EMPTY;
    }

    /** A power of two that holds {@code n} slot numbers at most 2/3 full. */
    private static int indexCapacity(int n) {
        int capacity = 8;
        while (capacity * 2 < n * 3) {
            capacity <<= 1;
        }
        return capacity;
    }

    private static int[] emptyIndex(int capacity) {
        int[] index = new int[capacity];
        Arrays.fill(index, EMPTY);
        return index;
    }

    private static int spread(int h) {
        h *= 0x9E3779B9; // Fibonacci hashing, then fold the high bits into the low ones the mask keeps
        return h ^ (h >>> 16);
    }

    /** Nanoseconds since the epoch: exact for any time between 1678 and 2262. */
    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
