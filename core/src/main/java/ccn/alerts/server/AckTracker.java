package ccn.alerts.server;

import ccn.alerts.protocol.Message.Alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who each recent alert was sent to and who acknowledged it, and when. Keeps the newest
 * {@code capacity} alerts and forgets alerts older than {@code retention}; within that window a
 * new session of a user is sent again what a session of that user did not confirm (see
 * {@link #takeOver}). Changed only through the server's {@code DeliveryLedger}, which journals
 * every change; replay at start-up changes it directly.
 *
 * <p>Thread-safe: every method locks the tracker; work per call is small (a summary is one
 * record per alert; only {@link #status} and {@link #statuses} copy deliveries).
 */
public final class AckTracker {

    /** One recipient session of an alert. {@code ackedAt} is null while pending. */
    public record Delivery(String sessionId, String username, Instant sentAt, Instant ackedAt) {
        public boolean acknowledged() {
            return ackedAt != null;
        }
    }

    /** An alert and its deliveries, as a snapshot. */
    public record AlertStatus(Alert alert, List<Delivery> deliveries) {
        public long acknowledged() {
            return deliveries.stream().filter(Delivery::acknowledged).count();
        }
    }

    private final int capacity;
    private final Duration retention;
    // Insertion order is id order: alerts are recorded as they are created.
    private final LinkedHashMap<Long, Entry> alerts = new LinkedHashMap<>();

    public AckTracker(int capacity, Duration retention) {
        this.capacity = capacity;
        this.retention = retention;
    }

    public synchronized void recordAlert(Alert alert, Instant now) {
        alerts.put(alert.alertId(), new Entry(alert, now));
        evict(now);
    }

    /**
     * Records a new alert with its recipients in one step, not yet on disk: until
     * {@link #markDurable} no new session takes it over (it must not be re-sent before it is
     * journalled), while compaction, which snapshots the tracker, already keeps it.
     */
    public synchronized void recordBroadcast(Alert alert, Instant now, List<Delivery> recipients) {
        Entry e = new Entry(alert, now);
        e.durable = false;
        for (Delivery d : recipients) {
            if (e.deliveries.putIfAbsent(d.sessionId(), d) == null) {
                e.delivered++;
            }
        }
        alerts.put(alert.alertId(), e);
        evict(now);
    }

    /** The alert recorded by {@link #recordBroadcast} is on disk: it may be re-sent from now on. */
    public synchronized void markDurable(long alertId) {
        Entry e = alerts.get(alertId);
        if (e != null) {
            e.durable = true;
        }
    }

    /** Forgets an ACK whose journal write failed: the delivery is pending again and will be re-sent. */
    public synchronized void undoAck(long alertId, String sessionId) {
        Entry e = alerts.get(alertId);
        Delivery d = e == null ? null : e.deliveries.get(sessionId);
        if (d != null && d.acknowledged()) {
            e.deliveries.put(sessionId, new Delivery(d.sessionId(), d.username(), d.sentAt(), null));
            e.acknowledged--;
        }
    }

    public synchronized void recordSent(long alertId, String sessionId, String username, Instant now) {
        recordSent(alertId, sessionId, username, now, null);
    }

    /**
     * Records a delivery that takes over {@code replacesSessionId}'s pending delivery of the same
     * alert (a user's window reconnecting after a restart gets a new session): that delivery is
     * dropped, so the alert counts one recipient for the window, not one per session it had.
     * Only a pending delivery of the same user is taken over; an acknowledged one is history and
     * stays, and an unknown one is ignored (replay may apply a take-over twice, or after the
     * snapshot that already dropped it). {@code replacesSessionId} null is {@link #recordSent(long,
     * String, String, Instant)}.
     */
    public synchronized void recordSent(long alertId, String sessionId, String username, Instant now,
                                        String replacesSessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(now, "now");
        Entry e = alerts.get(alertId);
        if (e == null) {
            return;
        }
        if (replacesSessionId != null && !replacesSessionId.equals(sessionId)) {
            Delivery old = e.deliveries.get(replacesSessionId);
            if (old != null && !old.acknowledged() && old.username().equals(username)) {
                e.deliveries.remove(replacesSessionId);
                e.delivered--;
            }
        }
        if (e.deliveries.putIfAbsent(sessionId, new Delivery(sessionId, username, now, null)) == null) {
            e.delivered++;
        }
    }

    /**
     * Records an ACK and returns the time from sending to acknowledging, or empty when the alert
     * was not sent to this session (unknown, expired, or acknowledged already).
     */
    public synchronized Optional<Duration> recordAck(long alertId, String sessionId, Instant now) {
        Entry e = alerts.get(alertId);
        if (e == null) {
            return Optional.empty();
        }
        Delivery d = e.deliveries.get(sessionId);
        if (d == null || d.acknowledged()) {
            return Optional.empty();
        }
        e.deliveries.put(sessionId, new Delivery(d.sessionId(), d.username(), d.sentAt(), now));
        e.acknowledged++;
        return Optional.of(Duration.between(d.sentAt(), now));
    }

    /**
     * An alert a logging-in session is sent again: taken over from {@code fromSession}, a gone
     * session of the same user, or, when {@code fromSession} is null, sent alongside a session of
     * the user that is still connected and has not confirmed it either.
     */
    public record TakeOver(Alert alert, String fromSession) {
    }

    /**
     * What a new session of {@code username} is sent again, oldest first. For each retained alert
     * with an unacknowledged delivery to another session of this user:
     * <ul>
     *   <li>a delivery to a session that is not {@code live} (gone: a crash, a restart, a dropped
     *       connection) is taken over: it becomes a delivery to {@code sessionId}, so each window
     *       cut off gets the alert back and counts once;</li>
     *   <li>otherwise, when no live session of the user has confirmed it, the new session is sent
     *       it as well (a client that lost its connection usually logs in again before the server
     *       notices the old session is dead), and the live session's delivery stays.</li>
     * </ul>
     */
    public synchronized List<TakeOver> takeOver(String username, String sessionId, java.util.Set<String> live, Instant now) {
        evict(now);
        List<TakeOver> taken = new ArrayList<>();
        for (Entry e : alerts.values()) {
            if (!e.durable || e.deliveries.containsKey(sessionId)) {
                continue; // not on disk yet: the broadcast itself reaches the sessions it lists
            }
            Delivery gone = null;
            boolean pendingOnLive = false;
            boolean confirmedOnLive = false;
            for (Delivery d : e.deliveries.values()) {
                if (!d.username().equals(username)) {
                    continue;
                }
                boolean isLive = live.contains(d.sessionId());
                if (!d.acknowledged() && !isLive && gone == null) {
                    gone = d;
                }
                pendingOnLive |= isLive && !d.acknowledged();
                confirmedOnLive |= isLive && d.acknowledged();
            }
            if (gone != null) {
                e.deliveries.remove(gone.sessionId());
                e.deliveries.put(sessionId, new Delivery(sessionId, username, now, null));
                taken.add(new TakeOver(e.alert, gone.sessionId()));
            } else if (pendingOnLive && !confirmedOnLive) {
                e.deliveries.put(sessionId, new Delivery(sessionId, username, now, null));
                e.delivered++;
                taken.add(new TakeOver(e.alert, null));
            }
        }
        return taken;
    }

    public synchronized Optional<AlertStatus> status(long alertId) {
        Entry e = alerts.get(alertId);
        return e == null ? Optional.empty() : Optional.of(e.snapshot());
    }

    /** Snapshots of all retained alerts, oldest first. */
    public synchronized List<AlertStatus> statuses() {
        List<AlertStatus> out = new ArrayList<>(alerts.size());
        for (Entry e : alerts.values()) {
            out.add(e.snapshot());
        }
        return out;
    }

    private void evict(Instant now) {
        Instant oldest = now.minus(retention);
        Iterator<Map.Entry<Long, Entry>> it = alerts.entrySet().iterator();
        while (it.hasNext()) {
            Entry e = it.next().getValue();
            if (alerts.size() > capacity || e.recordedAt.isBefore(oldest)) {
                it.remove();
            } else {
                break;
            }
        }
    }

    private static final class Entry {
        final Alert alert;
        final Instant recordedAt;
        final LinkedHashMap<String, Delivery> deliveries = new LinkedHashMap<>();
        // Kept alongside the map so a summary costs O(1) per alert, not a walk of its deliveries.
        int delivered;
        int acknowledged;
        /** False between a broadcast's record in memory and its force to the journal. */
        boolean durable = true;

        Entry(Alert alert, Instant recordedAt) {
            this.alert = alert;
            this.recordedAt = recordedAt;
        }

        AlertStatus snapshot() {
            return new AlertStatus(alert, List.copyOf(deliveries.values()));
        }
    }

    // ---------------------------------------------------------------- summaries

    /**
     * An alert with how many sessions it was sent to and how many of them acknowledged it; what
     * a list of alerts needs, without a copy of each delivery.
     */
    public record AlertSummary(Alert alert, int delivered, int acknowledged) {
    }

    /**
     * Counts of all retained alerts, oldest first. Costs one small record per alert (at most
     * {@code capacity}), however many clients there are: a console polling every 250 ms holds the
     * lock the ACK path needs for microseconds, where {@link #statuses()} copies every delivery
     * (100,000 records at 1,000 clients and 100 alerts).
     */
    public synchronized List<AlertSummary> summaries() {
        List<AlertSummary> out = new ArrayList<>(alerts.size());
        for (Entry e : alerts.values()) {
            out.add(new AlertSummary(e.alert, e.delivered, e.acknowledged));
        }
        return out;
    }
}
