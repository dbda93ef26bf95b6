package ccn.alerts.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open sessions by id, and the byte counts of those already closed: what the console lists
 * and counts, what admission checks against the connection limit, and who a broadcast goes to.
 *
 * <p>Thread-safe: a concurrent map; snapshots are taken without a lock.
 */
final class SessionRegistry {
    private final ConcurrentHashMap<String, ClientSession> sessions = new ConcurrentHashMap<>();
    /** Sessions by username, from their login to their removal: a user's windows without a walk of all. */
    private final ConcurrentHashMap<String, Set<ClientSession>> byUser = new ConcurrentHashMap<>();
    private final AtomicLong counter = new AtomicLong();
    private final AtomicLong closedBytesIn = new AtomicLong();
    private final AtomicLong closedBytesOut = new AtomicLong();

    /** Session ids continue after {@code highest}: the journal keys deliveries by session id. */
    void continueAfter(long highest) {
        counter.accumulateAndGet(highest, Math::max);
    }

    String nextId() {
        return "s-" + counter.incrementAndGet();
    }

    void add(ClientSession session) {
        sessions.put(session.id(), session);
    }

    /** The session has logged in as {@link ClientSession#username()}; on its loop thread. */
    void loggedIn(ClientSession session) {
        byUser.computeIfAbsent(session.username(), u -> ConcurrentHashMap.newKeySet()).add(session);
    }

    /** Removes a closed session; false when it was removed already. */
    boolean remove(ClientSession session) {
        if (sessions.remove(session.id()) == null) {
            return false;
        }
        String user = session.username();
        if (user != null) {
            byUser.computeIfPresent(user, (u, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
        ClientInfo info = session.info();
        closedBytesIn.addAndGet(info.bytesIn());
        closedBytesOut.addAndGet(info.bytesOut());
        synchronized (this) {
            notifyAll(); // stop() may be waiting for the last one
        }
        return true;
    }

    /** Waits until no session is open, at most until {@code deadlineNanos}; true when none is. */
    synchronized boolean awaitEmpty(long deadlineNanos) throws InterruptedException {
        while (!sessions.isEmpty()) {
            long left = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    ClientSession get(String id) {
        return sessions.get(id);
    }

    int size() {
        return sessions.size();
    }

    List<ClientSession> all() {
        return new ArrayList<>(sessions.values());
    }

    /** The sessions logged in now: a broadcast's recipients. */
    List<ClientSession> loggedIn() {
        List<ClientSession> out = new ArrayList<>(sessions.size());
        for (ClientSession s : sessions.values()) {
            if (s.isLoggedIn()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The ids of this user's logged-in sessions other than {@code except} (a closing one counts as gone). */
    Set<String> liveSessionsOf(String username, String except) {
        Set<String> live = new HashSet<>();
        for (ClientSession s : loggedInAs(username)) {
            if (!s.id().equals(except)) {
                live.add(s.id());
            }
        }
        return live;
    }

    /** This user's logged-in sessions (a closing one counts as gone). */
    List<ClientSession> loggedInAs(String username) {
        Set<ClientSession> of = byUser.get(username);
        if (of == null) {
            return List.of();
        }
        List<ClientSession> out = new ArrayList<>(of.size());
        for (ClientSession s : of) {
            if (s.isLoggedIn()) {
                out.add(s);
            }
        }
        return out;
    }

    List<ClientInfo> infos() {
        return sessions.values().stream().map(ClientSession::info).toList();
    }

    ServerStats stats(long alerts, long deliveries, long acknowledgements) {
        long in = closedBytesIn.get();
        long out = closedBytesOut.get();
        int authenticated = 0;
        int open = 0;
        for (ClientSession s : sessions.values()) {
            ClientInfo info = s.info();
            in += info.bytesIn();
            out += info.bytesOut();
            open++;
            if (info.authenticated()) {
                authenticated++;
            }
        }
        return new ServerStats(open, authenticated, alerts, deliveries, acknowledgements, in, out);
    }
}
