package ccn.alerts.server.journal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Puts records into a {@link JournalFile} in one of three ways:
 *
 * <ul>
 *   <li>{@link #writeAndForce}: the batch, then this record, written now; returns once forced (an
 *       alert must be on disk before any client can see it);</li>
 *   <li>{@link #batch} and {@link #batchAck}: kept in memory until {@link #writeBatch} or
 *       {@link #flush} (the server's journal thread), the next forced write, or 64 KiB. One write per round
 *       instead of one system call per ACK, and the ACKs of one alert share one {@code acks} line
 *       (at a thousand clients one line per alert, not a thousand);</li>
 *   <li>{@link #flush}: the batch written and everything forced. The server's delivery ledger
 *       calls it once per round of its journal thread, so every ACK that arrived while the last
 *       round wrote and forced shares the next write and force (group commit).</li>
 * </ul>
 *
 * Delivery records of a batch are written before its ACK records: an ACK in a batch may answer a
 * delivery in the same batch. A batch whose write fails is kept for the next try.
 *
 * <p>Thread-safe. Batching holds this writer's lock for the write system call, never for a force.
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
    private boolean closed;

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

    /** Hands the batch to the OS (not forced). */
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

    /** Stops taking records, writes and forces what is left and closes the file. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
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
        if (failure != null) {
            throw failure;
        }
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
