package ccn.alerts.server;

import ccn.alerts.protocol.MalformedMessageException;
import ccn.alerts.protocol.Message.Alert;
import ccn.alerts.protocol.MessageCodec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The server's memory across crashes: every alert with the sessions it was sent to, every later
 * delivery and every ACK, appended to {@value #FILE_NAME} in the data directory. On start-up the
 * journal is replayed into an {@link AckTracker}, so the alert history and each user's pending
 * (unacknowledged) deliveries survive a {@code kill -9} or a power cut.
 *
 * <p>Format: one record per line, {@code CRC LF}-terminated:
 *
 * <pre>
 *  crc32 (8 lower-case hex digits) ' ' JSON object '\n'
 *
 *  {"t":"alert","at":MILLIS,"alert":{ALERT message JSON},"to":[["s-1","admin"],["s-2","user1",ACKED_MILLIS],...]}
 *  {"t":"sent","at":MILLIS,"id":7,"session":"s-9","user":"admin"}
 *  {"t":"sent","at":MILLIS,"id":7,"session":"s-9","user":"admin","replaces":"s-3"}   (a take-over)
 *  {"t":"acks","at":MILLIS,"id":7,"acks":[["s-9",ACKED_MILLIS],["s-12",ACKED_MILLIS],...]}
 *  {"t":"ack","at":MILLIS,"id":7,"session":"s-9"}          (one ACK; older journals have these; still read)
 * </pre>
 *
 * A recipient with a third element was acknowledged then (compaction snapshots write them so); an
 * {@code acks} record holds every ACK of one alert from one batch.
 *
 * The CRC covers the JSON bytes. Reading stops at the first line that is incomplete (no newline:
 * power lost mid-write) or whose CRC or JSON is wrong; that offset is reported, the bad tail is
 * copied aside to {@code alerts.journal.corrupt-<millis>} and cut off, and the valid prefix is kept.
 *
 * <p>Durability: {@link #recordBroadcast} is forced to disk ({@link FileChannel#force}) before it
 * returns, so an alert is durable before any client can see it. Concurrent callers share one
 * force (group commit). {@link #recordSent} and {@link #recordAck} are batched: they reach the OS
 * within {@link #BATCH_INTERVAL} (or with the next broadcast) and the disk with the next force.
 * Losing the last batch to a crash only causes redeliveries of alerts that were acknowledged,
 * which clients drop by alert id and acknowledge again.
 *
 * <p>Growth: when the file passes a size, {@link #writePending} (the server's timer) rewrites it as
 * a snapshot of what the tracker retains (the newest alerts within the retention window) through a
 * temporary file, fsync and an atomic rename, so a crash during compaction leaves either the old or
 * the new file. The snapshot is written without holding the lock (see {@link #compactIfDue}).
 *
 * <p>Thread-safe. Callers must update the tracker <em>before</em> journalling the same event, so a
 * compaction snapshot never misses an event already appended.
 */
public final class AlertJournal implements AutoCloseable {
    public static final String FILE_NAME = "alerts.journal";
    /** Compaction threshold unless told otherwise; the retained window is normally far smaller. */
    public static final long DEFAULT_COMPACT_BYTES = 8L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What loading found. {@code corruptAt} is -1 when the whole file was valid. */
    public record LoadReport(int records, long validBytes, long corruptAt, String problem, long highestSession,
                             long highestAlertId) {
        public boolean corrupt() {
            return corruptAt >= 0;
        }
    }

    private final Path file;
    private final AckTracker tracker;
    private final long baseCompactBytes;
    private final Object forceLock = new Object();
    /** Batched delivery records not yet handed to the OS; guarded by {@code this}. */
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
    /** Batched ACKs by alert id, in arrival order, each an unfinished {@code acks} record; guarded by {@code this}. */
    private final java.util.LinkedHashMap<Long, Line> pendingAcks = new java.util.LinkedHashMap<>();
    private static final int PENDING_LIMIT = 64 * 1024;
    /**
     * The file is compacted when it reaches this multiple of the last snapshot (or the threshold,
     * whichever is larger): each byte appended then costs a third of a byte rewritten, not one.
     */
    private static final int GROWTH_BEFORE_COMPACTION = 4;
    /** How long an ACK may wait in memory before it reaches the OS. */
    public static final java.time.Duration BATCH_INTERVAL = java.time.Duration.ofMillis(100);
    private final LoadReport loadReport;
    private FileChannel channel;
    private long written;
    private volatile long forced;
    private long compactAt;
    private int compactions;
    private boolean compacting;
    private boolean closed;

    private AlertJournal(Path file, AckTracker tracker, long compactBytes, LoadReport report, FileChannel channel) {
        this.file = file;
        this.tracker = tracker;
        this.baseCompactBytes = compactBytes;
        this.loadReport = report;
        this.channel = channel;
        this.written = report.validBytes();
        this.forced = written;
        this.compactAt = compactBytes;
    }

    /**
     * Opens (or creates) the journal in {@code dataDir} and replays it into {@code tracker}, which
     * should be empty.
     *
     * @throws IOException when the file cannot be read or written at all; a corrupt tail is not an
     *                     error (see {@link #loadReport()})
     */
    public static AlertJournal open(Path dataDir, AckTracker tracker, long compactBytes) throws IOException {
        Objects.requireNonNull(tracker, "tracker");
        if (compactBytes < 1) {
            throw new IllegalArgumentException("compactBytes must be positive, got " + compactBytes);
        }
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        byte[] content = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        LoadReport report = replay(content, tracker);
        if (report.corrupt()) {
            // Keep the evidence, then cut the tail so new records follow valid ones.
            Path aside = dataDir.resolve(FILE_NAME + ".corrupt-" + System.currentTimeMillis());
            Files.write(aside, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        ch.truncate(report.validBytes());
        ch.position(report.validBytes());
        ch.force(true);
        return new AlertJournal(file, tracker, compactBytes, report, ch);
    }

    public LoadReport loadReport() {
        return loadReport;
    }

    public Path file() {
        return file;
    }

    /** How many times the file was rewritten as a snapshot since opening. */
    public synchronized int compactions() {
        return compactions;
    }

    /** Bytes in the file now. */
    public synchronized long size() {
        return written;
    }

    /**
     * Appends a new alert and the sessions it is about to be sent to, and waits until that is on
     * disk. Call before enqueueing the alert to any session.
     */
    public void recordBroadcast(Alert alert, Instant at, List<AckTracker.Delivery> recipients) throws IOException {
        long end = append(alertRecord(alert, at, recipients));
        awaitDurable(end);
    }

    /** Appends a (re)delivery of an earlier alert to a session; not forced (see class comment). */
    public void recordSent(long alertId, String sessionId, String username, Instant at) throws IOException {
        appendLater(new Line().raw("{\"t\":\"sent\",\"at\":").number(at.toEpochMilli()).raw(",\"id\":").number(alertId)
                .raw(",\"session\":").string(sessionId).raw(",\"user\":").string(username).raw("}").finish());
    }

    /**
     * Appends a take-over: {@code sessionId} was sent the alert in place of {@code replacesSession},
     * a session of the same user that is gone; not forced.
     */
    public void recordSent(long alertId, String sessionId, String username, Instant at, String replacesSession)
            throws IOException {
        appendLater(new Line().raw("{\"t\":\"sent\",\"at\":").number(at.toEpochMilli()).raw(",\"id\":").number(alertId)
                .raw(",\"session\":").string(sessionId).raw(",\"user\":").string(username)
                .raw(",\"replaces\":").string(replacesSession).raw("}").finish());
    }

    /**
     * Appends an ACK; not forced (see class comment). ACKs of one alert in one batch share a
     * record: at a thousand clients that is one line per alert, not a thousand.
     */
    public synchronized void recordAck(long alertId, String sessionId, Instant at) throws IOException {
        if (closed) {
            throw new IOException("alert journal is closed");
        }
        Line acks = pendingAcks.get(alertId);
        if (acks == null) {
            acks = new Line(256).raw("{\"t\":\"acks\",\"at\":").number(at.toEpochMilli()).raw(",\"id\":")
                    .number(alertId).raw(",\"acks\":[");
            pendingAcks.put(alertId, acks);
        } else {
            acks.raw(",");
        }
        acks.raw("[").string(sessionId).raw(",").number(at.toEpochMilli()).raw("]");
        if (pendingBytes() >= PENDING_LIMIT) {
            writeBatch();
        }
    }

    /**
     * Hands the batched ACK and delivery records to the OS, then compacts the file if it has grown
     * past its threshold. The server calls this every {@link #BATCH_INTERVAL} on its timer thread,
     * so compaction never runs on a broadcasting thread; a broadcast, flush or close writes the
     * batch too.
     */
    public void writePending() throws IOException {
        synchronized (this) {
            writeBatch();
        }
        compactIfDue();
    }

    /** Holds the journal lock. */
    private void writeBatch() throws IOException {
        if ((pending.size() == 0 && pendingAcks.isEmpty()) || closed) {
            return;
        }
        // Deliveries first: an ACK in this batch may answer a delivery in this batch.
        java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream(pendingBytes() + 64);
        pending.writeTo(batch);
        for (Line acks : pendingAcks.values()) {
            batch.writeBytes(acks.finish("]}"));
        }
        writeAt(batch.toByteArray());
        pending.reset(); // only once written: a failed write keeps the batch for the next try
        pendingAcks.clear();
    }

    /** Bytes batched so far. Holds the journal lock. */
    private int pendingBytes() {
        int n = pending.size();
        for (Line acks : pendingAcks.values()) {
            n += acks.size();
        }
        return n;
    }

    /**
     * Writes at the end of the valid records. On failure (disk full) the file is cut back to them,
     * so a torn line can never sit in front of records written later. Holds the journal lock.
     */
    private void writeAt(byte[] data) throws IOException {
        ensureOpen();
        try {
            writeFully(channel, data);
        } catch (IOException e) {
            try {
                channel.truncate(written);
                channel.position(written);
            } catch (IOException ignored) {
                // the next write reopens and cuts back again
            }
            throw e;
        }
        written += data.length;
    }

    /** An interrupt during a write closes a FileChannel for good; reopen it rather than stay broken. */
    private void ensureOpen() throws IOException {
        if (!channel.isOpen() && !closed) {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
            channel.truncate(written);
            channel.position(written);
        }
    }

    /** Forces everything written so far to disk. */
    public void flush() throws IOException {
        long end;
        synchronized (this) {
            writeBatch();
            end = written;
        }
        awaitDurable(end);
    }

    @Override
    public void close() throws IOException {
        flush();
        synchronized (this) {
            if (closed) {
                return;
            }
            writeBatch(); // records that arrived during the flush
            ensureOpen();
            channel.force(false);
            closed = true;
            channel.close();
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Batches a small record: one write per {@link #BATCH_INTERVAL} or 64 KiB instead of one
     * system call per ACK (a thousand per alert with a thousand clients).
     */
    private synchronized void appendLater(byte[] record) throws IOException {
        if (closed) {
            throw new IOException("alert journal is closed");
        }
        pending.writeBytes(record);
        if (pendingBytes() >= PENDING_LIMIT) {
            writeBatch();
        }
    }

    /** Writes one record (after any batched ones) and returns the file offset after it. */
    private synchronized long append(byte[] record) throws IOException {
        if (closed) {
            throw new IOException("alert journal is closed");
        }
        writeBatch();
        writeAt(record);
        return written; // compaction is left to the timer thread (writePending)
    }

    /** Group commit: whoever gets the lock forces for everyone who wrote before the force began. */
    private void awaitDurable(long end) throws IOException {
        if (forced >= end) {
            return;
        }
        synchronized (forceLock) {
            if (forced >= end) {
                return;
            }
            FileChannel ch;
            long target;
            synchronized (this) {
                ensureOpen();
                ch = channel;
                target = written;
            }
            try {
                ch.force(false);
            } catch (java.nio.channels.ClosedChannelException e) {
                synchronized (this) {
                    if (channel == ch) {
                        throw e;
                    }
                }
                return; // compacted meanwhile: the snapshot, our record included, was forced before the swap
            }
            synchronized (this) {
                // Only for the file we forced: a compaction may have swapped in a new one with its own offsets.
                if (channel == ch) {
                    forced = Math.max(forced, target);
                }
            }
        }
    }

    /**
     * Rewrites the file as a snapshot of the retained window, in three steps so that broadcasts
     * and ACKs are not held up while megabytes are written (at 10,000 clients a snapshot is tens
     * of MB):
     * <ol>
     *   <li>under the lock: note the end of the file and take the tracker's snapshot;</li>
     *   <li>without the lock: write the snapshot to a temporary file (appends carry on);</li>
     *   <li>under the lock: copy the records appended since step 1 behind it, force, rename.</li>
     * </ol>
     * Every event is then in the snapshot, in the copied tail, or in both: callers update the
     * tracker before journalling, and replaying an event twice changes nothing (an alert record
     * for a known id, a delivery already known and a second ACK are all ignored).
     */
    private void compactIfDue() throws IOException {
        long start;
        List<AckTracker.AlertStatus> snapshot;
        synchronized (this) {
            if (closed || compacting || written < compactAt) {
                return;
            }
            writeBatch();
            start = written;
            snapshot = tracker.statuses();
            compacting = true;
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), FILE_NAME + ".", ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (AckTracker.AlertStatus status : snapshot) {
                    // One line per alert: each recipient carries its ACK time, if any.
                    writeFully(out, alertRecord(status.alert(), status.alert().time(), status.deliveries()));
                }
                out.force(false); // the big part reaches the disk outside the lock; the force below is small
                synchronized (this) {
                    if (closed) {
                        return;
                    }
                    writeBatch();
                    ensureOpen();
                    for (long pos = start; pos < written; ) {
                        pos += channel.transferTo(pos, written - pos, out);
                    }
                    out.force(true);
                    long size = out.size();
                    swapIn(temp, size);
                }
            }
        } finally {
            synchronized (this) {
                compacting = false;
            }
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Replaces the file by the forced snapshot at {@code temp}. Holds the journal lock. */
    private void swapIn(Path temp, long size) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(file.getParent());
        FileChannel old = channel;
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        channel.position(size);
        old.close();
        written = size;
        forced = size; // the snapshot was forced before the rename
        // A window bigger than the threshold would otherwise be rewritten on every append.
        compactAt = Math.max(baseCompactBytes, GROWTH_BEFORE_COMPACTION * size);
        compactions++;
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // makes the rename itself durable on Linux
        } catch (IOException e) {
            // Not supported everywhere (Windows); the rename is still atomic, just maybe not yet durable.
        }
    }

    private static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static byte[] alertRecord(Alert alert, Instant at, List<AckTracker.Delivery> recipients) {
        Line line = new Line(64 + recipients.size() * 32).raw("{\"t\":\"alert\",\"at\":").number(at.toEpochMilli())
                .raw(",\"alert\":").json(MessageCodec.encode(alert)).raw(",\"to\":[");
        for (int i = 0; i < recipients.size(); i++) {
            AckTracker.Delivery d = recipients.get(i);
            line.raw(i == 0 ? "[" : ",[").string(d.sessionId()).raw(",").string(d.username());
            if (d.acknowledged()) {
                line.raw(",").number(d.ackedAt().toEpochMilli());
            }
            line.raw("]");
        }
        return line.raw("]}").finish();
    }

    /**
     * One record, written straight as bytes: the ACK records of a thousand clients per alert made
     * building Jackson trees and {@code String.format} for the checksum a visible share of the
     * server's CPU (docs/BENCHMARKS.md). Strings are escaped by Jackson's own encoder.
     */
    private static final class Line {
        private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        private final java.io.ByteArrayOutputStream out;

        Line() {
            this(96);
        }

        Line(int capacity) {
            out = new java.io.ByteArrayOutputStream(capacity);
            out.write(HEX, 0, 9); // room for "crc32hex " (overwritten in finish)
        }

        int size() {
            return out.size();
        }

        Line raw(String ascii) {
            out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Line number(long n) {
            return raw(Long.toString(n));
        }

        Line string(String s) {
            out.write('"');
            out.writeBytes(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsUTF8(s));
            out.write('"');
            return this;
        }

        /** A complete JSON value, already encoded. */
        Line json(byte[] value) {
            out.writeBytes(value);
            return this;
        }

        byte[] finish() {
            return finish("");
        }

        /**
         * The record: checksum, the bytes so far, {@code tail} and a newline. Leaves this line as
         * it was, so a batched record can still grow if writing it fails.
         */
        byte[] finish(String tail) {
            byte[] end = tail.getBytes(StandardCharsets.US_ASCII);
            byte[] line = java.util.Arrays.copyOf(out.toByteArray(), out.size() + end.length + 1);
            System.arraycopy(end, 0, line, out.size(), end.length);
            line[line.length - 1] = '\n';
            CRC32 crc = new CRC32();
            crc.update(line, 9, line.length - 10);
            long v = crc.getValue();
            for (int i = 7; i >= 0; i--) {
                line[i] = HEX[(int) (v & 0xf)];
                v >>>= 4;
            }
            line[8] = ' ';
            return line;
        }
    }

    // ------------------------------------------------------------------ reading

    private static LoadReport replay(byte[] content, AckTracker tracker) {
        int records = 0;
        int pos = 0;
        long highestSession = 0;
        long highestAlert = 0;
        while (pos < content.length) {
            int nl = indexOf(content, (byte) '\n', pos);
            if (nl < 0) {
                return new LoadReport(records, pos, pos, "incomplete record (no end of line): "
                        + (content.length - pos) + " byte(s) cut off mid-write", highestSession, highestAlert);
            }
            String problem = null;
            JsonNode r = null;
            if (nl - pos < 10 || content[pos + 8] != ' ') {
                problem = "record too short or without a checksum";
            } else {
                try {
                    long expected = Long.parseLong(new String(content, pos, 8, StandardCharsets.US_ASCII), 16);
                    CRC32 crc = new CRC32();
                    crc.update(content, pos + 9, nl - pos - 9);
                    if (crc.getValue() != expected) {
                        problem = "checksum mismatch (stored " + String.format("%08x", expected) + ", computed "
                                + String.format("%08x", crc.getValue()) + ")";
                    } else {
                        r = JSON.readTree(content, pos + 9, nl - pos - 9);
                    }
                } catch (NumberFormatException e) {
                    problem = "checksum is not hexadecimal: " + HexFormat.of().formatHex(content, pos, pos + 8);
                } catch (IOException e) {
                    problem = "record is not JSON";
                }
            }
            if (problem == null) {
                try {
                    long[] ids = apply(r, tracker);
                    highestSession = Math.max(highestSession, ids[0]);
                    highestAlert = Math.max(highestAlert, ids[1]);
                } catch (MalformedMessageException | RuntimeException e) {
                    problem = "record cannot be replayed: " + e.getMessage();
                }
            }
            if (problem != null) {
                return new LoadReport(records, pos, pos, problem, highestSession, highestAlert);
            }
            records++;
            pos = nl + 1;
        }
        return new LoadReport(records, pos, -1, null, highestSession, highestAlert);
    }

    /** Applies one record; returns {highest session number, alert id} it mentions. */
    private static long[] apply(JsonNode r, AckTracker tracker) throws MalformedMessageException {
        Instant at = Instant.ofEpochMilli(required(r, "at").asLong());
        String type = required(r, "t").asText();
        switch (type) {
            case "alert" -> {
                byte[] alertJson = r.get("alert") == null ? null : r.get("alert").toString().getBytes(StandardCharsets.UTF_8);
                if (alertJson == null || !(MessageCodec.decode(alertJson) instanceof Alert alert)) {
                    throw new IllegalArgumentException("alert record without an ALERT");
                }
                long session = 0;
                // A snapshot and a later append may both hold an alert; the first one wins.
                if (tracker.status(alert.alertId()).isEmpty()) {
                    tracker.recordAlert(alert, at);
                }
                for (JsonNode to : required(r, "to")) {
                    String sessionId = to.get(0).asText();
                    tracker.recordSent(alert.alertId(), sessionId, to.get(1).asText(), at);
                    if (to.size() > 2) {
                        tracker.recordAck(alert.alertId(), sessionId, Instant.ofEpochMilli(to.get(2).asLong()));
                    }
                    session = Math.max(session, sessionNumber(sessionId));
                }
                return new long[] {session, alert.alertId()};
            }
            case "acks" -> {
                long alertId = required(r, "id").asLong();
                long session = 0;
                for (JsonNode ack : required(r, "acks")) {
                    String sessionId = ack.get(0).asText();
                    tracker.recordAck(alertId, sessionId, Instant.ofEpochMilli(ack.get(1).asLong()));
                    session = Math.max(session, sessionNumber(sessionId));
                }
                return new long[] {session, 0};
            }
            case "sent" -> {
                String sessionId = required(r, "session").asText();
                JsonNode replaces = r.get("replaces");
                if (replaces != null && replaces.isTextual()) {
                    tracker.recordTakeOver(required(r, "id").asLong(), replaces.asText(), sessionId,
                            required(r, "user").asText(), at);
                } else {
                    tracker.recordSent(required(r, "id").asLong(), sessionId, required(r, "user").asText(), at);
                }
                return new long[] {sessionNumber(sessionId), 0};
            }
            case "ack" -> {
                String sessionId = required(r, "session").asText();
                tracker.recordAck(required(r, "id").asLong(), sessionId, at);
                return new long[] {sessionNumber(sessionId), 0};
            }
            default -> throw new IllegalArgumentException("unknown record type '" + type + "'");
        }
    }

    private static JsonNode required(JsonNode r, String name) {
        JsonNode v = r.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("'" + name + "' is missing");
        }
        return v;
    }

    /** {@code s-42} → 42, so session ids stay unique across restarts; 0 for any other form. */
    static long sessionNumber(String sessionId) {
        if (sessionId.startsWith("s-")) {
            try {
                return Long.parseLong(sessionId.substring(2));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
