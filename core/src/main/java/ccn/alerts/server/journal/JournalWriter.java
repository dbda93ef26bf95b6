package ccn.alerts.server.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Puts records into a {@link JournalFile} in one of three ways:
 *
 * <ul>
 *   <li>{@link #writeAndForce}: the batch, then this record, written now; returns once forced (an
 *       alert must be on disk before any client can see it);</li>
 *   <li>{@link #batch} and {@link #batchAck}: kept in memory until {@link #writeBatch} (the
 *       server's timer), the next forced write, or 64 KiB; not forced. One write per interval
 *       instead of one system call per ACK, and the ACKs of one alert share one {@code acks} line
 *       (at a thousand clients one line per alert, not a thousand);</li>
 *   <li>{@link #batchAcksAndForce}: batched the same way, but the returned future completes only
 *       once those ACKs are on disk. The journal's sync thread writes the batch and forces it as
 *       soon as it is free: every ACK that arrives while it writes and forces is in the next
 *       round, so a burst of ACKs costs one write and one force per round, not per ACK.</li>
 * </ul>
 *
 * Delivery records of a batch are written before its ACK records: an ACK in a batch may answer a
 * delivery in the same batch. A batch whose write fails is kept for the next try.
 *
 * <p>Thread-safe. Batching holds this writer's lock for the write system call, never for a force.
 * Futures complete on the sync thread ({@code alert-journal-sync}); what depends on them should
 * be quick or move to its own executor, since every later durable ACK waits behind it.
 */
public final class JournalWriter implements AutoCloseable {
    private static final int PENDING_LIMIT = 64 * 1024;
    /** A guess at an ACK's bytes in an {@code acks} line, only to decide when the batch is big. */
    private static final int ACK_BYTES = 24;

    private final JournalFile file;
    /** Encoded delivery records not yet written; guarded by {@code this}. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** ACKs not yet written, by alert id in arrival order; guarded by {@code this}. */
    private final LinkedHashMap<Long, PendingAcks> pendingAcks = new LinkedHashMap<>();
    private int pendingAckBytes;
    /** Futures of batched durable ACKs; guarded by {@code this}. */
    private List<CompletableFuture<Void>> awaitingForce = new ArrayList<>();
    private boolean syncQueued;
    private boolean closed;
    private final ExecutorService sync = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("alert-journal-sync").daemon().factory());

    private static final class PendingAcks {
        final Instant first;
        final List<JournalRecord.Ack> acks = new ArrayList<>();

        PendingAcks(Instant first) {
            this.first = first;
        }
    }

    public JournalWriter(JournalFile file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** Writes the batch and then {@code record}, and returns once both are on disk. */
    public void writeAndForce(JournalRecord record) throws IOException {
        byte[] line = JournalCodec.encode(record);
        long end;
        synchronized (this) {
            ensureOpen();
            writeBatchLocked();
            end = file.append(line);
        }
        file.awaitDurable(end);
    }

    /** Batches a record; not forced (see the class comment). For ACKs, {@link #batchAck} groups them. */
    public synchronized void batch(JournalRecord record) throws IOException {
        byte[] line = JournalCodec.encode(record);
        ensureOpen();
        pending.writeBytes(line);
        writeIfFull();
    }

    /** Batches one ACK into its alert's {@code acks} line; not forced. */
    public synchronized void batchAck(long alertId, JournalRecord.Ack ack) throws IOException {
        Objects.requireNonNull(ack, "ack");
        ensureOpen();
        addAck(alertId, ack);
        writeIfFull();
    }

    /**
     * Batches ACKs of one alert and returns a future that completes when they are on disk (or
     * fails with the {@link IOException} of the write or force). Returns at once; the write and
     * force happen on the sync thread, shared with every other durable ACK of the round.
     *
     * @throws IllegalArgumentException when {@code acks} is empty
     */
    public CompletableFuture<Void> batchAcksAndForce(long alertId, List<JournalRecord.Ack> acks) {
        Objects.requireNonNull(acks, "acks");
        if (acks.isEmpty()) {
            throw new IllegalArgumentException("no ACKs to record for alert " + alertId);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IOException("alert journal is closed"));
            }
            for (JournalRecord.Ack ack : acks) {
                addAck(alertId, Objects.requireNonNull(ack, "ack"));
            }
            awaitingForce.add(done);
            if (!syncQueued) {
                syncQueued = true;
                sync.execute(this::syncRound);
            }
        }
        return done;
    }

    /** Hands the batch to the OS (not forced). The server calls this on its timer. */
    public synchronized void writeBatch() throws IOException {
        writeBatchLocked();
    }

    /** Writes the batch and forces everything written so far. */
    public void flush() throws IOException {
        long end;
        synchronized (this) {
            writeBatchLocked();
            end = file.appendedPosition();
        }
        file.awaitDurable(end);
    }

    /**
     * Stops taking records, lets queued sync rounds finish, writes and forces what is left and
     * closes the file. Durable ACKs batched before the call complete normally.
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        sync.shutdown();
        try {
            // Rounds are a write and a force each; waiting longer means the disk hangs, and then close would too.
            if (!sync.awaitTermination(1, TimeUnit.MINUTES)) {
                throw new IOException("the alert journal's sync thread did not finish within a minute");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException failure = null;
        try {
            flush();
        } catch (IOException e) {
            failure = e;
        }
        try {
            file.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        List<CompletableFuture<Void>> left;
        synchronized (this) {
            left = awaitingForce; // empty unless the sync thread timed out
            awaitingForce = new ArrayList<>();
        }
        for (CompletableFuture<Void> f : left) {
            if (failure == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(failure);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** One sync round: everything batched so far, one write, one (shared) force. */
    private void syncRound() {
        List<CompletableFuture<Void>> round;
        long end;
        synchronized (this) {
            syncQueued = false;
            round = awaitingForce;
            awaitingForce = new ArrayList<>();
            try {
                writeBatchLocked();
                end = file.appendedPosition();
            } catch (IOException | RuntimeException e) {
                round.forEach(f -> f.completeExceptionally(e));
                return;
            }
        }
        try {
            file.awaitDurable(end);
        } catch (IOException | RuntimeException e) {
            round.forEach(f -> f.completeExceptionally(e));
            return;
        }
        round.forEach(f -> f.complete(null));
    }

    /** Holds the lock. */
    private void addAck(long alertId, JournalRecord.Ack ack) {
        pendingAcks.computeIfAbsent(alertId, id -> new PendingAcks(ack.at())).acks.add(ack);
        pendingAckBytes += ack.sessionId().length() + ACK_BYTES;
    }

    /** Holds the lock. */
    private void writeIfFull() throws IOException {
        if (pending.size() + pendingAckBytes >= PENDING_LIMIT) {
            writeBatchLocked();
        }
    }

    /** Holds the lock. */
    private void writeBatchLocked() throws IOException {
        if (pending.size() == 0 && pendingAcks.isEmpty()) {
            return;
        }
        ByteArrayOutputStream batch = new ByteArrayOutputStream(pending.size() + pendingAckBytes + 64);
        pending.writeTo(batch);
        pendingAcks.forEach((alertId, acks) ->
                batch.writeBytes(JournalCodec.encode(new JournalRecord.Acks(acks.first, alertId, acks.acks))));
        file.append(batch.toByteArray());
        pending.reset(); // only once written: a failed write keeps the batch for the next try
        pendingAcks.clear();
        pendingAckBytes = 0;
    }

    /** Holds the lock. */
    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("alert journal is closed");
        }
    }
}
