package ccn.alerts.server;

import ccn.alerts.alert.Audience;
import ccn.alerts.protocol.Message.Alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who each recent alert is for, which sessions it was sent to, which of them acknowledged which
 * revision, and which users confirmed they read it. Keeps the newest {@code capacity} alerts and
 * forgets alerts older than {@code retention}; within that window a new session of a user is sent
 * what that user still lacks (see {@link #takeOver}). Changed only through the server's
 * {@code DeliveryLedger}, which journals every change; replay at start-up changes it directly.
 *
 * <p>Two kinds of confirmation, kept apart: a <em>delivery</em> is a session's automatic ACK
 * (the bytes arrived and the card is shown), a <em>read</em> is a person's click ("I have read
 * this"), one per user. Counts for the console are per user of the audience: "delivered 28 / 30 ·
 * read 22 / 30".
 *
 * <p>Thread-safe: every method locks the tracker; work per call is small (a summary is one
 * record per alert; only {@link #status} and {@link #statuses} copy deliveries).
 */
public final class AckTracker {

    /**
     * One recipient session of an alert. {@code ackedAt} is the first ACK (null while pending),
     * {@code ackedRevision} the highest revision the session acknowledged (0 while pending).
     */
    public record Delivery(String sessionId, String username, Instant sentAt, Instant ackedAt, int ackedRevision) {
        public Delivery(String sessionId, String username, Instant sentAt, Instant ackedAt) {
            this(sessionId, username, sentAt, ackedAt, ackedAt == null ? 0 : 1);
        }

        public boolean acknowledged() {
            return ackedAt != null;
        }
    }

    /** A user's confirmation that they read the alert, from which session and when. */
    public record Read(String username, String sessionId, Instant at) {
    }

    /** An alert (its latest revision) with its audience, deliveries and reads, as a snapshot. */
    public record AlertStatus(Alert alert, List<Delivery> deliveries, Audience audience, List<String> audienceUsers,
                              List<Read> reads, boolean audienceFromRecipients) {
        /**
         * An alert from a journal that names no audience: it is for whoever it was sent to
         * ({@code audienceFromRecipients}, kept so that a snapshot does not fix it).
         */
        public AlertStatus(Alert alert, List<Delivery> deliveries) {
            this(alert, deliveries, Audience.everyone(),
                    deliveries.stream().map(Delivery::username).distinct().sorted().toList(), List.of(), true);
        }

        public long acknowledged() {
            return deliveries.stream().filter(Delivery::acknowledged).count();
        }
    }

    /** What an ACK changed: nothing, a later revision, or the first ACK of a delivery (with its latency). */
    public record AckChange(boolean changed, Duration latency, int previousRevision, int revision) {
        static final AckChange NONE = new AckChange(false, null, 0, 0);
    }

    private final int capacity;
    private final Duration retention;
    // Insertion order is id order: alerts are recorded as they are created.
    private final LinkedHashMap<Long, Entry> alerts = new LinkedHashMap<>();

    public AckTracker(int capacity, Duration retention) {
        this.capacity = capacity;
        this.retention = retention;
    }

    /**
     * Records an alert from a journal that names no audience (journals from before audiences): its
     * audience becomes the users it is sent to.
     */
    public synchronized void recordAlert(Alert alert, Instant now) {
        alerts.put(alert.alertId(), new Entry(alert.asRecorded(), now, Audience.everyone(), List.of(), true, 0));
        evict(now);
    }

    /** Records an alert with the audience it was sent to (replay; the users as resolved then). */
    public synchronized void recordAlert(Alert alert, Instant now, Audience audience, Collection<String> audienceUsers) {
        alerts.put(alert.alertId(), new Entry(alert.asRecorded(), now, audience, audienceUsers, false, audienceUsers.size()));
        evict(now);
    }

    /** {@link #recordBroadcast(Alert, Instant, List, Audience, Collection)} to the recipients' users. */
    public synchronized void recordBroadcast(Alert alert, Instant now, List<Delivery> recipients) {
        recordBroadcast(alert, now, recipients, Audience.everyone(),
                recipients.stream().map(Delivery::username).distinct().toList());
    }

    /**
     * Records a new alert with its audience and recipients in one step, not yet on disk: until
     * {@link #markDurable} no new session takes it over (it must not be re-sent before it is
     * journalled), while compaction, which snapshots the tracker, already keeps it.
     */
    public synchronized void recordBroadcast(Alert alert, Instant now, List<Delivery> recipients, Audience audience,
                                             Collection<String> audienceUsers) {
        Entry e = new Entry(alert.asRecorded(), now, audience, audienceUsers, false, recipients.size());
        e.durable = false;
        for (Delivery d : recipients) {
            if (e.deliveries.putIfAbsent(d)) {
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

    /** The latest revision of a retained alert. */
    public synchronized Optional<Alert> alert(long alertId) {
        Entry e = alerts.get(alertId);
        return e == null ? Optional.empty() : Optional.of(e.alert);
    }

    /**
     * Replaces a retained alert by a later revision (an update or an end); false when the alert is
     * unknown or {@code next} is not later than what is kept (replay of an older revision).
     */
    public synchronized boolean revise(Alert next) {
        return revise(next, true);
    }

    /**
     * {@link #revise(Alert)}; when not {@code durable} (not on disk yet), logins keep being sent
     * the previous revision until {@link #markRevisionDurable}, as a new alert is not re-sent
     * before it is journalled.
     */
    public synchronized boolean revise(Alert next, boolean durable) {
        Entry e = alerts.get(next.alertId());
        if (e == null || next.revision() <= e.alert.revision()) {
            return false;
        }
        e.alert = next.asRecorded();
        if (durable) {
            e.sendable = e.alert;
        }
        return true;
    }

    /** The revision recorded by {@link #revise(Alert, boolean)} is on disk: logins may be sent it. */
    public synchronized void markRevisionDurable(long alertId, int revision) {
        Entry e = alerts.get(alertId);
        if (e != null && e.alert.revision() == revision) {
            e.sendable = e.alert;
        }
    }

    /** Users with a delivery of this alert (for sending a revision to each of their windows). */
    public synchronized Set<String> usersOf(long alertId) {
        Entry e = alerts.get(alertId);
        if (e == null) {
            return Set.of();
        }
        return e.deliveries.users();
    }

    /** The highest revision this session acknowledged (0: none, or unknown). */
    public synchronized int ackedRevision(long alertId, String sessionId) {
        Entry e = alerts.get(alertId);
        Delivery d = e == null ? null : e.deliveries.get(sessionId);
        return d == null ? 0 : d.ackedRevision();
    }

    /** Sessions this alert was sent to (for sending them a revision). */
    public synchronized Set<String> sessionsOf(long alertId) {
        Entry e = alerts.get(alertId);
        return e == null ? Set.of() : e.deliveries.sessions();
    }

    /** Forgets an ACK whose journal write failed: the delivery is as it was and will be re-sent. */
    public synchronized void undoAck(long alertId, String sessionId, int previousRevision) {
        Entry e = alerts.get(alertId);
        Delivery d = e == null ? null : e.deliveries.get(sessionId);
        if (d == null || !d.acknowledged()) {
            return;
        }
        if (previousRevision == 0) {
            e.deliveries.put(new Delivery(d.sessionId(), d.username(), d.sentAt(), null, 0));
            e.acknowledged--;
            e.recountDelivered(d.username());
        } else {
            e.deliveries.put(new Delivery(d.sessionId(), d.username(), d.sentAt(), d.ackedAt(), previousRevision));
        }
    }

    /** Forgets the first ACK; see {@link #undoAck(long, String, int)}. */
    public synchronized void undoAck(long alertId, String sessionId) {
        undoAck(alertId, sessionId, 0);
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
        if (e.deliveries.putIfAbsent(new Delivery(sessionId, username, now, null, 0))) {
            e.delivered++;
        }
        if (e.grownAudience != null) {
            e.grownAudience.add(username);
        }
    }

    /**
     * Records an ACK of the latest revision; see {@link #recordAck(long, String, Instant, Integer)}.
     */
    public synchronized Optional<Duration> recordAck(long alertId, String sessionId, Instant now) {
        return Optional.ofNullable(recordAck(alertId, sessionId, now, null).latency());
    }

    /**
     * Records an ACK of {@code revision} (null: the latest, what a client from before revisions
     * acknowledges). The first ACK of a delivery carries the time from sending to acknowledging;
     * an ACK of a later revision only raises the revision; anything else (unknown alert or
     * session, a revision acknowledged already) changes nothing.
     */
    public synchronized AckChange recordAck(long alertId, String sessionId, Instant now, Integer revision) {
        Entry e = alerts.get(alertId);
        if (e == null) {
            return AckChange.NONE;
        }
        Delivery d = e.deliveries.get(sessionId);
        if (d == null) {
            return AckChange.NONE;
        }
        // Without a revision (a client from before revisions): the one this session was sent.
        int rev = Math.min(revision == null ? e.sentRevisions.getOrDefault(sessionId, 1) : revision, e.alert.revision());
        if (!d.acknowledged()) {
            e.deliveries.put(new Delivery(d.sessionId(), d.username(), d.sentAt(), now, rev));
            e.acknowledged++;
            e.markDelivered(d.username());
            return new AckChange(true, Duration.between(d.sentAt(), now), 0, rev);
        }
        if (rev > d.ackedRevision()) {
            e.deliveries.put(new Delivery(d.sessionId(), d.username(), d.sentAt(), d.ackedAt(), rev));
            return new AckChange(true, null, d.ackedRevision(), rev);
        }
        return AckChange.NONE;
    }

    /**
     * Records that {@code username} read the alert (the first read counts); false when the alert
     * is unknown or the user had read it already.
     */
    public synchronized boolean recordRead(long alertId, String username, String sessionId, Instant now) {
        Entry e = alerts.get(alertId);
        if (e == null || e.reads.containsKey(username)) {
            return false;
        }
        e.reads.put(username, new Read(username, sessionId, now));
        if (e.inAudience(username)) {
            e.readUsers++;
        }
        return true;
    }

    /** Forgets a read whose journal write failed. */
    public synchronized void undoRead(long alertId, String username) {
        Entry e = alerts.get(alertId);
        if (e != null && e.reads.remove(username) != null && e.inAudience(username)) {
            e.readUsers--;
        }
    }

    /** Whether {@code username} has confirmed reading the alert. */
    public synchronized boolean hasRead(long alertId, String username) {
        Entry e = alerts.get(alertId);
        return e != null && e.reads.containsKey(username);
    }

    /**
     * Who "Remind the rest" rings again: the users of the audience who have not read the alert,
     * while it is active (not ended, not expired) at {@code now}; empty otherwise.
     */
    public synchronized Set<String> unreadUsers(long alertId, Instant now) {
        Entry e = alerts.get(alertId);
        if (e == null || !e.alert.activeAt(now)) {
            return Set.of();
        }
        Set<String> out = new TreeSet<>(e.audienceUsers());
        out.removeAll(e.reads.keySet());
        return out;
    }

    /**
     * An alert (its latest revision) a logging-in session is sent: taken over from
     * {@code fromSession}, a gone session of the same user; or, when {@code fromSession} is null,
     * sent alongside a session of the user that has not confirmed it either, or as catch-up
     * ({@code catchUp}: issued or changed while the user was away).
     */
    public record TakeOver(Alert alert, String fromSession, boolean catchUp) {
        public TakeOver(Alert alert, String fromSession) {
            this(alert, fromSession, false);
        }
    }

    /** {@link #takeOver(String, String, Set, Instant, boolean)} for a session without the life cycle. */
    public synchronized List<TakeOver> takeOver(String username, String sessionId, Set<String> live, Instant now) {
        return takeOver(username, sessionId, live, now, false);
    }

    /**
     * What a new session of {@code username} is sent, oldest first. Expired alerts are not sent
     * again. For each other retained alert:
     * <ul>
     *   <li>a pending delivery to a session of the user that is not {@code live} (gone: a crash, a
     *       restart, a dropped connection) is taken over: it becomes a delivery to
     *       {@code sessionId}, so each window cut off gets the alert back and counts once;</li>
     *   <li>otherwise, when no live session of the user has confirmed it and one has it pending,
     *       the new session is sent it as well (a client that lost its connection usually logs in
     *       again before the server notices the old session is dead);</li>
     *   <li>a user of the audience who was never sent an active alert gets it as catch-up;</li>
     *   <li>a {@code lifecycle} session of a user who acknowledged only an older revision (the
     *       alert was updated or ended while they were away) gets the latest one as catch-up.</li>
     * </ul>
     * A delivery is pending for a {@code lifecycle} session while it has not acknowledged the
     * latest revision, and for any other until its first ACK (it never gets revisions).
     */
    public synchronized List<TakeOver> takeOver(String username, String sessionId, Set<String> live, Instant now,
                                                boolean lifecycle) {
        evict(now);
        List<TakeOver> taken = new ArrayList<>();
        for (Entry e : alerts.values()) {
            Alert sendable = e.sendable; // the latest revision on disk
            if (!e.durable || e.deliveries.containsKey(sessionId) || sendable.expiredAt(now)) {
                continue; // not on disk yet: the broadcast itself reaches the sessions it lists
            }
            if (!lifecycle && sendable.state().ended()) {
                continue; // a client from before the life cycle would show an ended alert as a new one
            }
            int current = sendable.revision();
            Delivery gone = null;
            boolean any = false;
            boolean pendingOnLive = false;
            boolean confirmedOnLive = false;
            int bestAcked = 0;
            for (Delivery d : e.deliveries.ofUser(username)) {
                any = true;
                boolean isLive = live.contains(d.sessionId());
                boolean pending = lifecycle ? d.ackedRevision() < current : !d.acknowledged();
                if (!d.acknowledged() && !isLive && gone == null) {
                    gone = d;
                }
                pendingOnLive |= isLive && pending;
                confirmedOnLive |= isLive && !pending;
                bestAcked = Math.max(bestAcked, d.ackedRevision());
            }
            if (gone != null) {
                e.deliveries.remove(gone.sessionId());
                e.sentRevisions.remove(gone.sessionId());
                e.deliveries.put(new Delivery(sessionId, username, now, null, 0));
                e.sent(sessionId, sendable);
                taken.add(new TakeOver(sendable, gone.sessionId(), false));
            } else if (lifecycle && !confirmedOnLive && bestAcked > 0 && bestAcked < current) {
                // Acknowledged, but only an older revision: changed while away (before the rule
                // below, which would call it a re-send of what a live window has pending).
                add(e, sessionId, username, now, sendable);
                taken.add(new TakeOver(sendable, null, true));
            } else if (pendingOnLive && !confirmedOnLive) {
                add(e, sessionId, username, now, sendable);
                taken.add(new TakeOver(sendable, null, false));
            } else if (!any && e.inAudience(username) && sendable.activeAt(now)) {
                add(e, sessionId, username, now, sendable);
                taken.add(new TakeOver(sendable, null, true));
            }
        }
        return taken;
    }

    private static void add(Entry e, String sessionId, String username, Instant now, Alert sent) {
        e.deliveries.put(new Delivery(sessionId, username, now, null, 0));
        e.sent(sessionId, sent);
        e.delivered++;
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
        /** The latest revision, on disk or about to be (what a snapshot writes). */
        Alert alert;
        /** The latest revision on disk: what a login is sent. */
        Alert sendable;
        final Instant recordedAt;
        final Audience audience;
        /** The audience's users, sorted (null for a journal from before audiences). */
        private final String[] audienceUsers;
        /** A journal from before audiences: the audience grows with the recipients (else null). */
        final TreeSet<String> grownAudience;
        final DeliveryTable deliveries;
        final LinkedHashMap<String, Read> reads = new LinkedHashMap<>();
        /** The revision a session was first sent, where it is not 1 (memory only: for ACKs without a revision). */
        final Map<String, Integer> sentRevisions = new java.util.HashMap<>();
        /** Users of a fixed audience with at least one acknowledged delivery, by index in {@link #audienceUsers}. */
        private final BitSet deliveredUsers = new BitSet();
        // Kept alongside the deliveries so a summary costs O(1) per alert, not a walk of them.
        int delivered;
        int acknowledged;
        /** Reads by users of the audience. */
        int readUsers;
        /** False between a broadcast's record in memory and its force to the journal. */
        boolean durable = true;

        Entry(Alert alert, Instant recordedAt, Audience audience, Collection<String> audienceUsers,
              boolean audienceFromRecipients, int expectedDeliveries) {
            this.deliveries = new DeliveryTable(expectedDeliveries);
            this.alert = alert;
            this.sendable = alert;
            this.recordedAt = recordedAt;
            this.audience = Objects.requireNonNull(audience, "audience");
            if (audienceFromRecipients) {
                this.audienceUsers = null;
                this.grownAudience = new TreeSet<>(audienceUsers);
            } else {
                // An array of the users' names: 4 bytes each where a TreeSet took 40.
                this.audienceUsers = new TreeSet<>(audienceUsers).toArray(String[]::new);
                this.grownAudience = null;
            }
        }

        boolean audienceFromRecipients() {
            return grownAudience != null;
        }

        boolean inAudience(String username) {
            return grownAudience != null ? grownAudience.contains(username) : indexOf(username) >= 0;
        }

        int audienceSize() {
            return grownAudience != null ? grownAudience.size() : audienceUsers.length;
        }

        /** The audience's users, sorted. */
        List<String> audienceUsers() {
            return grownAudience != null ? List.copyOf(grownAudience) : List.of(audienceUsers);
        }

        private int indexOf(String username) {
            return Arrays.binarySearch(audienceUsers, username);
        }

        void markDelivered(String username) {
            if (grownAudience == null) {
                int i = indexOf(username);
                if (i >= 0) {
                    deliveredUsers.set(i);
                }
            }
        }

        void sent(String sessionId, Alert revision) {
            if (revision.revision() > 1) {
                sentRevisions.put(sessionId, revision.revision());
            }
        }

        void recountDelivered(String username) {
            if (grownAudience == null && !deliveries.anyAcknowledged(username)) {
                int i = indexOf(username);
                if (i >= 0) {
                    deliveredUsers.clear(i);
                }
            }
        }

        int usersRead() {
            if (grownAudience == null) {
                return readUsers;
            }
            int n = 0;
            for (String user : reads.keySet()) {
                if (grownAudience.contains(user)) {
                    n++;
                }
            }
            return n;
        }

        int usersDelivered() {
            if (grownAudience != null) {
                // The audience grew after some ACKs were counted: count again (old journals only).
                Set<String> users = new HashSet<>();
                deliveries.forEach(d -> {
                    if (d.acknowledged()) {
                        users.add(d.username());
                    }
                });
                return users.size();
            }
            return deliveredUsers.cardinality();
        }

        AlertStatus snapshot() {
            return new AlertStatus(alert, List.copyOf(deliveries.values()), audience, audienceUsers(),
                    List.copyOf(reads.values()), audienceFromRecipients());
        }
    }

    // ---------------------------------------------------------------- summaries

    /**
     * An alert with its counts, without a copy of each delivery: sessions it was sent to and that
     * acknowledged it, and per user of the audience, how many have it delivered and how many read it.
     */
    public record AlertSummary(Alert alert, int delivered, int acknowledged, Audience audience, int audienceSize,
                               int usersDelivered, int usersRead) {
        public AlertSummary(Alert alert, int delivered, int acknowledged) {
            this(alert, delivered, acknowledged, Audience.everyone(), delivered, acknowledged, 0);
        }

        /** "delivered 28 / 30 · read 22 / 30". */
        public String counts() {
            return "delivered " + usersDelivered + " / " + audienceSize + " · read " + usersRead + " / " + audienceSize;
        }
    }

    /**
     * Counts of all retained alerts, oldest first. Costs one small record per alert (at most
     * {@code capacity}) and a walk of each alert's reads, however many clients there are: a
     * console polling every 250 ms holds the lock the ACK path needs for microseconds, where
     * {@link #statuses()} copies every delivery (100,000 records at 1,000 clients and 100 alerts).
     */
    public synchronized List<AlertSummary> summaries() {
        List<AlertSummary> out = new ArrayList<>(alerts.size());
        for (Entry e : alerts.values()) {
            out.add(new AlertSummary(e.alert, e.delivered, e.acknowledged, e.audience, e.audienceSize(),
                    e.usersDelivered(), e.usersRead()));
        }
        return out;
    }
}
