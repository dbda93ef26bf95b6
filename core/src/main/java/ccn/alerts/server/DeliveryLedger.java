package ccn.alerts.server;

import ccn.alerts.alert.Audience;
import ccn.alerts.protocol.Message.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Who was sent what and who acknowledged it: the one owner of the {@link AckTracker} (memory) and
 * the {@link AlertJournal} (disk), and the only way to change either, so "the tracker first, then
 * the journal" is one method's business, not every caller's.
 *
 * <p>Durability: {@link #recordBroadcast} returns once the alert and its recipients are forced to
 * disk, so an alert is never logged as generated or sent before a crash could no longer lose it.
 * {@link #acknowledge} completes once the ACK is forced, so ACK_OK means durable. Every journal
 * write runs on one thread, {@code ccn-journal}, in the order it was asked for: whatever queued
 * up during one force is written together and shares the next one (group commit), and no caller
 * holds a lock while a force runs. Take-overs (redeliveries) are journalled in order too, but
 * nobody waits for them: losing one to a crash only sends that alert once more.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
final class DeliveryLedger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLedger.class);

    /** A session an alert is sent to. */
    record Recipient(String sessionId, String username) {
    }

    /** One journal write, run on the journal thread. */
    interface Write {
        void to(AlertJournal journal) throws IOException;
    }

    private record Task(Write write, CompletableFuture<Void> done) {
    }

    private static final Task END = new Task(j -> { }, null);
    /** A caller waiting longer than this for the disk gives up with an error (a hung disk). */
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(30);

    private final AckTracker tracker;
    private final AlertJournal journal;
    private final Consumer<String> errors;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    /** First reads being written, by "alertId/username": a repeat waits for its first. */
    private final java.util.Map<String, CompletableFuture<Void>> pendingReads = new java.util.HashMap<>();
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param errors told, in a sentence, of each failed journal write (the event log)
     */
    DeliveryLedger(AckTracker tracker, AlertJournal journal, Consumer<String> errors) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.writer = Thread.ofPlatform().name("ccn-journal").daemon().start(this::run);
    }

    /**
     * Records a new alert and its recipients and waits until both are on disk. Until then no
     * logging-in session is re-sent it (it is not durable yet); the tracker has it first anyway,
     * so a compaction meanwhile keeps it.
     */
    void recordBroadcast(Alert alert, Instant at, List<Recipient> recipients) throws IOException {
        recordBroadcast(alert, at, recipients, Audience.everyone(),
                recipients.stream().map(Recipient::username).distinct().toList());
    }

    /** {@link #recordBroadcast(Alert, Instant, List)} for an audience, resolved to {@code audienceUsers}. */
    void recordBroadcast(Alert alert, Instant at, List<Recipient> recipients, Audience audience,
                         Collection<String> audienceUsers) throws IOException {
        List<AckTracker.Delivery> deliveries = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) {
            deliveries.add(new AckTracker.Delivery(r.sessionId(), r.username(), at, null));
        }
        List<String> users = List.copyOf(audienceUsers);
        tracker.recordBroadcast(alert, at, deliveries, audience, users);
        try {
            await(submit(j -> j.recordBroadcast(alert, at, deliveries, audience, users)), WAIT_LIMIT);
        } finally {
            // On a failed write the alert is still sent (an alert system alerts first), so it may
            // be re-sent as well.
            tracker.markDurable(alert.alertId());
        }
    }

    /**
     * The alerts a new session of this user takes over from sessions that are gone (see
     * {@link AckTracker#takeOver}); the take-overs are journalled, not awaited.
     */
    List<AckTracker.TakeOver> takeOver(String username, String sessionId, Set<String> liveSessions, Instant now) {
        return takeOver(username, sessionId, liveSessions, now, false);
    }

    /** {@link #takeOver(String, String, Set, Instant)} for a session that may speak the life cycle. */
    List<AckTracker.TakeOver> takeOver(String username, String sessionId, Set<String> liveSessions, Instant now,
                                       boolean lifecycle) {
        List<AckTracker.TakeOver> taken = tracker.takeOver(username, sessionId, liveSessions, now, lifecycle);
        for (AckTracker.TakeOver t : taken) {
            long id = t.alert().alertId();
            String from = t.fromSession();
            submit(from == null ? j -> j.recordSent(id, sessionId, username, now)
                    : j -> j.recordSent(id, sessionId, username, now, from));
        }
        return taken;
    }

    /**
     * Records an ACK. Completes once it is on disk with the time from sending to acknowledging,
     * or with empty when it was not the first ACK of a delivery to this session (unknown,
     * expired, repeated); a repeated ACK still waits for the first one's force.
     */
    CompletableFuture<Optional<Duration>> acknowledge(long alertId, String sessionId, Instant now) {
        return acknowledge(alertId, sessionId, now, null);
    }

    /**
     * Records an ACK of {@code revision} (null: the latest). Completes once it is on disk with the
     * time from sending to acknowledging when it was a delivery's first ACK, empty otherwise; an
     * ACK that changed nothing still waits for the force of whatever came first.
     */
    CompletableFuture<Optional<Duration>> acknowledge(long alertId, String sessionId, Instant now, Integer revision) {
        AckTracker.AckChange change = tracker.recordAck(alertId, sessionId, now, revision);
        if (!change.changed()) {
            return submit(j -> { }).thenApply(ignored -> Optional.empty()); // a barrier
        }
        // The revision as the tracker resolved it (in the same lock), so replay does not depend
        // on what came first, and an alert evicted meanwhile cannot make it 0.
        int rev = change.revision();
        CompletableFuture<Void> durable = submit(j -> j.recordAck(alertId, sessionId, now, rev));
        // Not on disk, so not acknowledged: the delivery is as it was and will be re-sent.
        durable.whenComplete((ok, failure) -> {
            if (failure != null) {
                tracker.undoAck(alertId, sessionId, change.previousRevision());
            }
        });
        return durable.thenApply(ignored -> Optional.ofNullable(change.latency()));
    }

    /**
     * Records that a user read an alert. Completes once it is on disk: true for the user's first
     * read, false when nothing was recorded (unknown alert, read already; then after the first
     * read's force).
     */
    CompletableFuture<Boolean> read(long alertId, String username, String sessionId, Instant now) {
        String key = alertId + "/" + username;
        CompletableFuture<Void> durable;
        synchronized (pendingReads) { // the map and the tracker agree on "first": no I/O in here
            CompletableFuture<Void> first = pendingReads.get(key);
            if (first != null) {
                // A repeat while the first is being written: answered once the first is on disk,
                // and not at all if that write fails (the client sends it again later).
                return first.thenApply(ignored -> false);
            }
            if (!tracker.recordRead(alertId, username, sessionId, now)) {
                durable = null;
            } else {
                // The undo runs before anyone waiting on the read hears of the failure.
                durable = submit(j -> j.recordRead(alertId, username, sessionId, now)).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        tracker.undoRead(alertId, username);
                    }
                    synchronized (pendingReads) {
                        pendingReads.remove(key);
                    }
                });
                if (!durable.isDone()) { // done already only when the ledger is closed
                    pendingReads.put(key, durable);
                }
            }
        }
        if (durable == null) {
            return submit(j -> { }).thenApply(ignored -> false);
        }
        return durable.thenApply(ignored -> true);
    }

    /**
     * A live revision is sent to a window of a user that has the alert but no delivery of its own
     * (it logged in while the revision was being written): recorded like a take-over, not awaited.
     */
    void sentAlongside(long alertId, String sessionId, String username, Instant now) {
        tracker.recordSent(alertId, sessionId, username, now);
        submit(j -> j.recordSent(alertId, sessionId, username, now));
    }

    /**
     * Replaces an alert by its next revision and waits until that is on disk; false when the
     * alert is no longer retained. Sessions are sent the revision only after this returns.
     */
    boolean revise(Alert next, Instant at) throws IOException {
        if (!tracker.revise(next, false)) {
            return false;
        }
        try {
            await(submit(j -> j.recordRevision(next, at)), WAIT_LIMIT);
        } finally {
            // On a failed write the revision is still sent (an alert system alerts first).
            tracker.markRevisionDurable(next.alertId(), next.revision());
        }
        return true;
    }

    List<AckTracker.AlertStatus> statuses() {
        return tracker.statuses();
    }

    Optional<AckTracker.AlertStatus> status(long alertId) {
        return tracker.status(alertId);
    }

    AckTracker tracker() {
        return tracker;
    }

    /** Waits (bounded) until everything asked for so far is on disk. */
    void flush() throws IOException {
        await(submit(AlertJournal::flush), WAIT_LIMIT);
    }

    /** Queues a write; the future completes once it and everything queued before it are forced. */
    CompletableFuture<Void> submit(Write write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (queue) { // only against close(): a task behind END would never complete
            if (closed) {
                return CompletableFuture.failedFuture(new IOException("the alert journal is closed"));
            }
            queue.add(new Task(write, done));
        }
        return done;
    }

    private static void await(CompletableFuture<Void> done, Duration limit) throws IOException {
        try {
            done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the alert journal", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the alert journal did not answer within " + limit.toSeconds() + " s (disk hung?)");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private void run() {
        try {
            serve();
        } catch (Throwable e) {
            LOG.error("The alert journal's thread failed; no more journal writes", e);
        } finally {
            // Whatever is left would wait for ever: fail it, so nobody hangs on a dead thread.
            List<Task> left = new ArrayList<>();
            synchronized (queue) {
                closed = true;
                queue.drainTo(left);
            }
            IOException gone = new IOException("the alert journal's thread has ended");
            left.stream().filter(t -> t.done() != null).forEach(t -> t.done().completeExceptionally(gone));
        }
    }

    private void serve() {
        List<Task> batch = new ArrayList<>();
        long nextHousekeeping = System.nanoTime();
        while (true) {
            Task first;
            try {
                first = queue.poll(AlertJournal.BATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch);
                boolean end = batch.remove(END);
                commit(batch);
                batch.clear();
                if (end) {
                    return;
                }
            }
            if (System.nanoTime() - nextHousekeeping >= 0) {
                nextHousekeeping = System.nanoTime() + AlertJournal.BATCH_INTERVAL.toNanos();
                try {
                    journal.writePending(); // compacts when the file has grown enough
                } catch (IOException | RuntimeException e) {
                    report("Alert journal write failed: " + e.getMessage());
                }
            }
        }
    }

    /**
     * Writes a batch in order and forces it once; each task completes only after that force. If
     * anything in the batch fails, every task of it fails: a barrier (a repeated ACK) must not
     * confirm what the failed write did not save.
     */
    private void commit(List<Task> batch) {
        Throwable failure = null;
        for (Task t : batch) {
            try {
                t.write().to(journal);
            } catch (IOException | RuntimeException e) {
                report("Alert journal write failed: " + e.getMessage());
                failure = e;
            }
        }
        try {
            journal.flush();
        } catch (IOException | RuntimeException e) {
            report("Alert journal flush failed: " + e.getMessage());
            failure = e;
        }
        for (Task t : batch) {
            if (failure == null) {
                t.done().complete(null);
            } else {
                t.done().completeExceptionally(failure);
            }
        }
    }

    private void report(String text) {
        LOG.error(text);
        try {
            errors.accept(text);
        } catch (RuntimeException e) {
            LOG.warn("reporting a journal failure failed", e);
        }
    }

    /** Writes and forces what is queued, then ends the writer thread. */
    @Override
    public void close() {
        synchronized (queue) {
            if (!closed) {
                queue.add(END);
            }
            closed = true;
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
