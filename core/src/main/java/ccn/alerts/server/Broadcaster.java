package ccn.alerts.server;

import ccn.alerts.alert.AlertIdSequence;
import ccn.alerts.alert.Audience;
import ccn.alerts.net.SelectorLoop;

import ccn.alerts.log.EventLog;
import ccn.alerts.log.EventType;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Message.Alert;
import ccn.alerts.protocol.MessageCodec;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends alerts to every logged-in session, and lets a session join: AUTH_SUCCESS, then what it
 * missed, then every new alert. Alerts are made and sent one at a time, in id order, on one
 * thread ({@code ccn-broadcast}): the alert is made, journalled and forced through the
 * {@link DeliveryLedger}, and only then logged and handed to each session's loop, which seals and
 * writes it; the next alert starts once every loop has written this one. No lock is held meanwhile.
 *
 * <p>Thread-safety: {@link #broadcast} may be called from any thread (it waits for its turn);
 * {@link #join} runs on the joining session's loop thread.
 */
final class Broadcaster implements AutoCloseable {
    /**
     * Above this many connections an alert's per-client "sent to" and ACK lines become one summary
     * line: at 10,000 clients the 20,000 lines per alert were a third of the server's CPU per
     * alert, and rolled the 10 MB log over every few alerts.
     */
    static final int PER_CLIENT_LOG_LIMIT = 100;

    /** A loop that has not written its share by then is stopping; the next alert does not wait for it. */
    private static final java.time.Duration HAND_OVER_LIMIT = java.time.Duration.ofSeconds(10);

    /** Makes the alert to send, on the broadcasting thread (so ids are sent in order). */
    interface AlertSource {
        Alert make() throws IOException;
    }

    /** Who "everyone" and each group are today: usernames, sorted. */
    interface AudienceResolver {
        Set<String> resolve(Audience audience);
    }

    /** What "Remind the rest" did: users rung again (a session open), and users not logged in. */
    record Reminder(int reminded, int offline) {
    }

    private final DeliveryLedger ledger;
    private final AudienceResolver audiences;
    private final AlertIdSequence alertIds;
    private final SessionRegistry sessions;
    private final EventLog log;
    private final ListenerDispatch listeners;
    private final Clock clock;
    private final int retainedAlerts;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("ccn-broadcast").daemon().factory());
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    /** Recent alerts broadcast above {@link #PER_CLIENT_LOG_LIMIT}, whose per-client lines are not logged. */
    private final ConcurrentSkipListSet<Long> bulkAlerts = new ConcurrentSkipListSet<>();

    Broadcaster(DeliveryLedger ledger, AlertIdSequence alertIds, SessionRegistry sessions, EventLog log,
                ListenerDispatch listeners, Clock clock, int retainedAlerts, AudienceResolver audiences) {
        this.ledger = ledger;
        this.audiences = audiences;
        this.alertIds = alertIds;
        this.sessions = sessions;
        this.log = log;
        this.listeners = listeners;
        this.clock = clock;
        this.retainedAlerts = retainedAlerts;
    }

    /**
     * Makes an alert and sends it to every logged-in session; returns once it is journalled and
     * handed to their loops.
     *
     * @param logLine what the event log says of it ({@code ALERT} line), written once it is durable
     */
    Alert broadcast(AlertSource source, java.util.function.Function<Alert, String> logLine) throws IOException {
        // To everyone, even while there is nobody (a weather alert is still made and journalled).
        return onThread(() -> send(source.make(), Audience.everyone(), audiences.resolve(Audience.everyone()), logLine));
    }

    /** {@link #broadcast(AlertSource, java.util.function.Function)} to the users of {@code audience} only. */
    Alert broadcast(AlertSource source, Audience audience, java.util.function.Function<Alert, String> logLine)
            throws IOException {
        return onThread(() -> {
            // Resolved once, on this thread, before an id is used: an audience with nobody in it is refused.
            Set<String> users = audiences.resolve(audience);
            if (users.isEmpty()) {
                throw new IllegalArgumentException(audience.label() + " has no members");
            }
            return send(source.make(), audience, users, logLine);
        });
    }

    /**
     * Makes the next revision of a retained alert ({@code change} gets the latest one; on the
     * broadcasting thread, so revisions are made one at a time), journals and forces it, then
     * sends it to every logged-in session that was sent the alert and speaks the life cycle.
     *
     * @throws IllegalArgumentException when the alert is not retained (or {@code change} refuses it)
     */
    Alert revise(long alertId, java.util.function.UnaryOperator<Alert> change,
                 java.util.function.Function<Alert, String> logLine) throws IOException {
        return onThread(() -> {
            Alert current = ledger.tracker().alert(alertId).orElseThrow(() -> new IllegalArgumentException(
                    "alert " + alertId + " is no longer kept (only the newest alerts are)"));
            Alert next = change.apply(current);
            try {
                if (!ledger.revise(next, clock.instant())) {
                    throw new IllegalArgumentException("alert " + alertId + " is no longer kept");
                }
            } catch (IOException e) {
                log.log(EventType.ERROR, "Alert journal write failed; revision " + next.revision() + " of alert "
                        + alertId + " is sent but would not survive a crash: " + e.getMessage());
            }
            log.log(EventType.ALERT, logLine.apply(next));
            listeners.fire(l -> l.alertRevised(next));
            // Every window of a user who has the alert, including one that logged in while the
            // revision was being written (it was sent the previous one, or nothing).
            Set<String> sentTo = ledger.tracker().sessionsOf(alertId);
            Set<String> users = ledger.tracker().usersOf(alertId);
            List<ClientSession> recipients = new ArrayList<>();
            for (ClientSession s : sessions.loggedIn()) {
                if (s.lifecycle() && (sentTo.contains(s.id()) || users.contains(s.username()))) {
                    if (!sentTo.contains(s.id())) {
                        ledger.sentAlongside(alertId, s.id(), s.username(), clock.instant());
                    }
                    recipients.add(s);
                }
            }
            handOver(recipients, MessageCodec.encode(next), alertId);
            return next;
        });
    }

    /**
     * Rings the alert again for the users of its audience who have not read it: REMIND to each of
     * their logged-in sessions that speak the life cycle. Those not logged in get it at login.
     */
    Reminder remind(long alertId) throws IOException {
        return onThread(() -> {
            Set<String> unread = ledger.tracker().unreadUsers(alertId, clock.instant());
            Set<String> sentTo = ledger.tracker().sessionsOf(alertId);
            List<ClientSession> recipients = new ArrayList<>();
            Set<String> reached = new HashSet<>();
            for (ClientSession s : sessions.loggedIn()) {
                if (s.lifecycle() && unread.contains(s.username()) && sentTo.contains(s.id())) {
                    recipients.add(s);
                    reached.add(s.username());
                }
            }
            handOver(recipients, MessageCodec.encode(new Message.Remind(alertId)), 0);
            Reminder r = new Reminder(reached.size(), unread.size() - reached.size());
            log.log(EventType.BROADCAST, "Reminded " + r.reminded() + " user(s) of alert " + alertId + " who have not read it"
                    + (r.offline() > 0 ? "; " + r.offline() + " more are not logged in and get it when they are" : ""));
            return r;
        });
    }

    /** READ_OK to every logged-in session of the user that speaks the life cycle: each window stops ringing. */
    void readConfirmed(String username, long alertId) {
        byte[] json = MessageCodec.encode(new Message.ReadOk(alertId));
        // Called as the read's force completes, on the journal thread: only this user's sessions,
        // never a walk of every session, and each write handed to its loop.
        for (ClientSession s : sessions.loggedInAs(username)) {
            if (s.lifecycle()) {
                s.loop().execute(() -> s.sendEncoded(json));
            }
        }
    }

    private <T> T onThread(java.util.concurrent.Callable<T> task) throws IOException {
        try {
            return thread.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while broadcasting", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** A client may see an id the journal lacks: after a crash the ids must not continue after the journal's. */
    private void keepIdReservation() {
        try {
            alertIds.keepReservation();
        } catch (IOException e) {
            log.log(EventType.ERROR, "Could not save the alert id reservation: " + e.getMessage());
        }
    }

    private Alert send(Alert alert, Audience audience, Set<String> users,
                       java.util.function.Function<Alert, String> logLine) {
        List<ClientSession> recipients = new ArrayList<>();
        for (ClientSession s : sessions.loggedIn()) {
            if (users.contains(s.username())) {
                recipients.add(s);
            }
        }
        List<DeliveryLedger.Recipient> to = new ArrayList<>(recipients.size());
        for (ClientSession s : recipients) {
            to.add(new DeliveryLedger.Recipient(s.id(), s.username()));
        }
        try {
            // On disk before anyone is told of it: a crash cannot lose an alert the log or a client saw.
            ledger.recordBroadcast(alert, clock.instant(), to, audience, users);
        } catch (IOException e) {
            log.log(EventType.ERROR, "Alert journal write failed; alert " + alert.alertId()
                    + " is sent but would not survive a crash: " + e.getMessage());
            keepIdReservation();
        }
        log.log(EventType.ALERT, logLine.apply(alert));
        alerts.incrementAndGet();
        listeners.fire(l -> l.alertCreated(alert));
        boolean bulk = recipients.size() > PER_CLIENT_LOG_LIMIT;
        if (bulk) {
            bulkAlerts.add(alert.alertId());
            while (bulkAlerts.size() > retainedAlerts) {
                bulkAlerts.pollFirst();
            }
        }
        handOver(recipients, MessageCodec.encode(alert), alert.alertId()); // encoded once; each session seals it
        if (bulk) {
            log.log(EventType.BROADCAST, "Alert " + alert.alertId() + " sent to " + recipients.size()
                    + " clients (per-client send and ACK lines are logged only while at most "
                    + PER_CLIENT_LOG_LIMIT + " clients are connected)");
        }
        return alert;
    }

    /**
     * Hands one encoded message to each recipient's loop and waits (holding nothing) until every
     * loop has written its share: the next message then starts behind this one. {@code alertId}
     * 0 is a message that is not an alert delivery (REMIND).
     */
    private void handOver(List<ClientSession> recipients, byte[] json, long alertId) {
        Map<SelectorLoop, List<ClientSession>> byLoop = new IdentityHashMap<>();
        for (ClientSession s : recipients) {
            byLoop.computeIfAbsent(s.loop(), l -> new ArrayList<>()).add(s);
        }
        // Waits (holding nothing) until every loop has written its share: the next alert then
        // starts behind this one, and the deliveries count is right when broadcast() returns.
        CountDownLatch handed = new CountDownLatch(byLoop.size());
        byLoop.forEach((loop, share) -> {
            boolean queued = loop.execute(() -> {
                try {
                    for (ClientSession s : share) {
                        if (alertId == 0) {
                            s.sendEncoded(json);
                        } else if (s.deliver(json, alertId)) {
                            deliveries.incrementAndGet();
                        }
                    }
                } finally {
                    handed.countDown();
                }
            });
            if (!queued) {
                handed.countDown(); // the loop has stopped: its sessions are being cut
            }
        });
        try {
            handed.await(HAND_OVER_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * AUTH_SUCCESS, then the alerts this session takes over from a session of the same user that
     * did not confirm them, then every new alert. On the session's loop thread: a broadcast reaches
     * the session through the same loop, so nothing is skipped, doubled or sent before AUTH_SUCCESS.
     */
    void join(ClientSession session, String welcome) {
        String user = session.username();
        // Logged in before AUTH_SUCCESS leaves: a client that has read AUTH_SUCCESS may trigger a
        // broadcast at once, and it must count this session among the recipients. Its delivery is
        // a task on this loop, so it still comes after this one, behind AUTH_SUCCESS. (The other
        // order left a window, the loop preempted between the two lines, in which a broadcast
        // missed the session: RedeliveryTest and DeliveryFaultsTest each failed once under load.)
        session.markLoggedIn();
        session.send(new Message.AuthSuccess(user, session.id(), welcome));
        var missed = ledger.takeOver(user, session.id(), sessions.liveSessionsOf(user, session.id()), clock.instant(),
                session.lifecycle());
        long catchUp = missed.stream().filter(AckTracker.TakeOver::catchUp).count();
        if (missed.size() > catchUp) {
            log.log(EventType.BROADCAST, "Re-sending " + (missed.size() - catchUp) + " unacknowledged alert(s) to " + session.label());
        }
        if (catchUp > 0) {
            log.log(EventType.BROADCAST, "Catching " + session.label() + " up on " + catchUp
                    + " alert(s) issued or changed while the user was away");
        }
        for (AckTracker.TakeOver t : missed) {
            Alert a = t.catchUp() ? t.alert().asCatchUp() : t.alert().asRedelivery();
            if (session.deliver(MessageCodec.encode(a), a.alertId())) {
                deliveries.incrementAndGet();
            }
            if (session.lifecycle() && ledger.tracker().hasRead(a.alertId(), user)) {
                // Read in another window already: this one should not ask again.
                session.send(new Message.ReadOk(a.alertId()));
            }
        }
    }

    boolean logsEachRecipient(long alertId) {
        return !bulkAlerts.contains(alertId);
    }

    long alerts() {
        return alerts.get();
    }

    long deliveries() {
        return deliveries.get();
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
