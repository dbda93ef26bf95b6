package ccn.alerts.server;

import ccn.alerts.protocol.Message.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    private final AckTracker tracker;
    private final AlertJournal journal;
    private final Consumer<String> errors;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
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

    /** Records a new alert and its recipients and waits until both are on disk. */
    void recordBroadcast(Alert alert, Instant at, List<Recipient> recipients) throws IOException {
        tracker.recordAlert(alert, at);
        List<AckTracker.Delivery> deliveries = new ArrayList<>(recipients.size());
        for (Recipient r : recipients) {
            tracker.recordSent(alert.alertId(), r.sessionId(), r.username(), at);
            deliveries.add(new AckTracker.Delivery(r.sessionId(), r.username(), at, null));
        }
        await(submit(j -> j.recordBroadcast(alert, at, deliveries)));
    }

    /**
     * The alerts a new session of this user takes over from sessions that are gone (see
     * {@link AckTracker#takeOver}); the take-overs are journalled, not awaited.
     */
    List<AckTracker.TakeOver> takeOver(String username, String sessionId, Set<String> liveSessions, Instant now) {
        List<AckTracker.TakeOver> taken = tracker.takeOver(username, sessionId, liveSessions, now);
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
        Optional<Duration> latency = tracker.recordAck(alertId, sessionId, now);
        CompletableFuture<Void> durable = latency.isPresent()
                ? submit(j -> j.recordAck(alertId, sessionId, now))
                : submit(j -> { }); // a barrier: after whatever ACK of this delivery came first
        return durable.thenApply(ignored -> latency);
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

    AlertJournal journal() {
        return journal;
    }

    /** Waits until everything asked for so far is on disk. */
    void flush() throws IOException {
        await(submit(AlertJournal::flush));
    }

    /** Queues a write; the future completes once it and everything queued before it are forced. */
    CompletableFuture<Void> submit(Write write) {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("the alert journal is closed"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.add(new Task(write, done));
        return done;
    }

    private static void await(CompletableFuture<Void> done) throws IOException {
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the alert journal", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private void run() {
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

    /** Writes a batch in order and forces it once; each task completes only after that force. */
    private void commit(List<Task> batch) {
        List<Task> written = new ArrayList<>(batch.size());
        for (Task t : batch) {
            try {
                t.write().to(journal);
                written.add(t);
            } catch (IOException | RuntimeException e) {
                report("Alert journal write failed: " + e.getMessage());
                t.done().completeExceptionally(e);
            }
        }
        try {
            journal.flush();
            written.forEach(t -> t.done().complete(null));
        } catch (IOException | RuntimeException e) {
            report("Alert journal flush failed: " + e.getMessage());
            written.forEach(t -> t.done().completeExceptionally(e));
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
        closed = true;
        queue.add(END);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
