package ccn.alerts.server;

import ccn.alerts.alert.Audience;

import ccn.alerts.protocol.Message.Alert;
import ccn.alerts.server.journal.JournalCodec;
import ccn.alerts.server.journal.JournalCompaction;
import ccn.alerts.server.journal.JournalFile;
import ccn.alerts.server.journal.JournalRecord;
import ccn.alerts.server.journal.JournalReplay;
import ccn.alerts.server.journal.JournalWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The server's memory across crashes: every alert with the sessions it was sent to, every later
 * delivery and every ACK, appended to {@value #FILE_NAME} in the data directory. On start-up the
 * journal is replayed into an {@link AckTracker}, so the alert history and each user's pending
 * (unacknowledged) deliveries survive a {@code kill -9} or a power cut.
 *
 * <p>This class joins the parts in {@link ccn.alerts.server.journal} to the tracker: the line
 * format ({@link JournalCodec}), the file and its group commit ({@link JournalFile}), batching
 * ({@link JournalWriter}), replay ({@link JournalReplay}) and compaction ({@link JournalCompaction}).
 *
 * <p>Format: one record per line, {@code crc32hex ' ' json '\n'}, the CRC over the JSON bytes:
 *
 * <pre>
 *  {"t":"alert","at":MILLIS,"alert":{ALERT message JSON},"to":[["s-1","admin"],["s-2","user1",ACKED_MILLIS],...]}
 *  {"t":"sent","at":MILLIS,"id":7,"session":"s-9","user":"admin"}
 *  {"t":"sent","at":MILLIS,"id":7,"session":"s-9","user":"admin","replaces":"s-3"}   (a take-over)
 *  {"t":"acks","at":MILLIS,"id":7,"acks":[["s-9",ACKED_MILLIS],["s-12",ACKED_MILLIS],...]}
 *  {"t":"ack","at":MILLIS,"id":7,"session":"s-9"}          (one ACK; older journals have these; still read)
 * </pre>
 *
 * Reading stops at the first line that is incomplete (no newline: power lost mid-write) or whose
 * CRC or JSON is wrong; that offset is reported, the whole file is copied aside to
 * {@code alerts.journal.corrupt-<millis>}, the bad tail is cut off and the valid prefix is kept.
 *
 * <p>Durability, precisely:
 * <ul>
 *   <li>{@link #recordBroadcast} writes the batched records and the alert record and returns only
 *       after a {@code FileChannel.force} that started after that write has returned: an alert is
 *       durable before any client can see it.</li>
 *   <li>{@link #recordSent} and {@link #recordAck} are batched: they reach the OS with the next
 *       {@link #writePending}, broadcast or {@link #flush}, or at 64 KiB, and the disk with the
 *       next force. The server's {@link DeliveryLedger} flushes after every round of its journal
 *       thread, so an ACK is on disk before ACK_OK is sent, and ACKs arriving together share one
 *       write and one force.</li>
 *   <li>{@link #flush} and {@link #close} write the batch and force everything.</li>
 * </ul>
 *
 * <p>Growth: when the file passes a size, {@link #writePending} rewrites it as a snapshot of what
 * the tracker retains through a temporary file, fsync and an atomic rename (see
 * {@link JournalCompaction}), so a crash during compaction leaves either the old or the new file.
 *
 * <p>Thread-safe. Callers must update the tracker <em>before</em> journalling the same event, so a
 * compaction snapshot never misses an event already appended.
 */
public final class AlertJournal implements AutoCloseable {
    public static final String FILE_NAME = "alerts.journal";
    /** Compaction threshold unless told otherwise; the retained window is normally far smaller. */
    public static final long DEFAULT_COMPACT_BYTES = 8L * 1024 * 1024;
    /** How long an ACK may wait in memory before it reaches the OS. */
    public static final Duration BATCH_INTERVAL = Duration.ofMillis(100);

    /** What loading found. {@code corruptAt} is -1 when the whole file was valid. */
    public record LoadReport(int records, long validBytes, long corruptAt, String problem, long highestSession,
                             long highestAlertId) {
        public boolean corrupt() {
            return corruptAt >= 0;
        }
    }

    private final JournalFile file;
    private final JournalWriter writer;
    private final JournalCompaction compaction;
    private final LoadReport loadReport;

    private AlertJournal(JournalFile file, AckTracker tracker, long compactBytes, LoadReport report) {
        this.file = file;
        this.writer = new JournalWriter(file);
        this.compaction = new JournalCompaction(file, compactBytes, () -> snapshot(tracker));
        this.loadReport = report;
    }

    /**
     * Opens (or creates) the journal in {@code dataDir} and replays it into {@code tracker}, which
     * should be empty.
     *
     * @throws IOException when the file cannot be read or written at all; a corrupt tail is not an
     *                     error (see {@link #loadReport()})
     */
    public static AlertJournal open(Path dataDir, AckTracker tracker, long compactBytes) throws IOException {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(tracker, "tracker");
        if (compactBytes < 1) {
            throw new IllegalArgumentException("compactBytes must be positive, got " + compactBytes);
        }
        Files.createDirectories(dataDir);
        Path path = dataDir.resolve(FILE_NAME);
        JournalReplay.Result r = JournalReplay.replay(JournalFile.readAll(path), new TrackerTarget(tracker));
        LoadReport report = new LoadReport(r.records(), r.validBytes(), r.corruptAt(), r.problem(),
                r.highestSession(), r.highestAlertId());
        return new AlertJournal(JournalFile.open(path, r.validBytes()), tracker, compactBytes, report);
    }

    public LoadReport loadReport() {
        return loadReport;
    }

    public Path file() {
        return file.path();
    }

    /** How many times the file was rewritten as a snapshot since opening. */
    public int compactions() {
        return compaction.compactions();
    }

    /** Forces of the file since it was opened; for tests and benchmarks. */
    public long forces() {
        return file.forces();
    }

    /** Bytes in the file now. */
    public long size() {
        return file.size();
    }

    /**
     * Appends a new alert and the sessions it is about to be sent to, and waits until that is on
     * disk. Call before enqueueing the alert to any session.
     */
    public void recordBroadcast(Alert alert, Instant at, List<AckTracker.Delivery> recipients) throws IOException {
        writer.writeAndForce(new JournalRecord.Broadcast(at, alert, recipientsOf(recipients)));
    }

    /** {@link #recordBroadcast(Alert, Instant, List)} with the audience and the users it resolved to. */
    public void recordBroadcast(Alert alert, Instant at, List<AckTracker.Delivery> recipients, Audience audience,
                                java.util.Collection<String> audienceUsers) throws IOException {
        writer.writeAndForce(new JournalRecord.Broadcast(at, alert, recipientsOf(recipients), audience,
                List.copyOf(audienceUsers), List.of()));
    }

    /** Appends a later revision of an alert (update, all clear, cancel) and waits until it is on disk. */
    public void recordRevision(Alert alert, Instant at) throws IOException {
        writer.writeAndForce(new JournalRecord.Revision(at, alert.asRecorded()));
    }

    /** Appends a user's read confirmation; batched, not forced, like an ACK. */
    public void recordRead(long alertId, String username, String sessionId, Instant at) throws IOException {
        writer.batch(new JournalRecord.Read(at, alertId, username, sessionId));
    }

    /** Appends a (re)delivery of an earlier alert to a session; batched, not forced (see class comment). */
    public void recordSent(long alertId, String sessionId, String username, Instant at) throws IOException {
        recordSent(alertId, sessionId, username, at, null);
    }

    /**
     * Appends a (re)delivery that takes over {@code replacesSessionId}'s pending delivery of the
     * alert (see {@link AckTracker#recordSent(long, String, String, Instant, String)}, which the
     * caller updates first); null takes nothing over. Batched, not forced.
     */
    public void recordSent(long alertId, String sessionId, String username, Instant at, String replacesSessionId)
            throws IOException {
        writer.batch(new JournalRecord.Sent(at, alertId, sessionId, username, replacesSessionId));
    }

    /**
     * Appends an ACK; batched, not forced (see class comment). ACKs of one alert in one batch share
     * a record: at a thousand clients that is one line per alert, not a thousand.
     */
    public void recordAck(long alertId, String sessionId, Instant at) throws IOException {
        recordAck(alertId, sessionId, at, 1);
    }

    /** Appends an ACK of an alert's {@code revision}; batched, not forced. */
    public void recordAck(long alertId, String sessionId, Instant at, int revision) throws IOException {
        writer.batchAck(alertId, new JournalRecord.Ack(sessionId, at, revision));
    }

    /**
     * Hands the batched ACK and delivery records to the OS, then compacts the file if it has grown
     * past its threshold. The server's journal thread calls this about every {@link #BATCH_INTERVAL},
     * so compaction never runs on a broadcasting or serving thread.
     */
    public void writePending() throws IOException {
        writer.writeBatch();
        compaction.compactIfDue();
    }

    /** Writes the batch and forces everything written so far. */
    public void flush() throws IOException {
        writer.flush();
    }

    /** Writes and forces everything, then closes the file; later records fail with an IOException. */
    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static List<JournalRecord.Recipient> recipientsOf(List<AckTracker.Delivery> deliveries) {
        return deliveries.stream().map(d -> new JournalRecord.Recipient(d.sessionId(), d.username(), d.ackedAt(),
                d.ackedAt() == null ? 0 : Math.max(1, d.ackedRevision()))).toList();
    }

    /**
     * One line per retained alert, its latest revision: each recipient carries its ACK time and
     * revision, if any, and the line its audience and reads.
     */
    private static List<JournalRecord.Broadcast> snapshot(AckTracker tracker) {
        return tracker.statuses().stream()
                .map(s -> new JournalRecord.Broadcast(s.alert().time(), s.alert(), recipientsOf(s.deliveries()),
                        // An alert from before audiences stays one (for whoever it is sent to).
                        s.audienceFromRecipients() ? null : s.audience(),
                        s.audienceFromRecipients() ? null : s.audienceUsers(), s.reads().stream()
                        .map(r -> new JournalRecord.Read(r.at(), s.alert().alertId(), r.username(), r.sessionId()))
                        .toList()))
                .toList();
    }

    /** Replay into the tracker (tests replay a file into a fresh tracker the same way). */
    record TrackerTarget(AckTracker tracker) implements JournalReplay.Target {
        @Override
        public boolean knowsAlert(long alertId) {
            return tracker.alert(alertId).isPresent(); // not status(): that copies every delivery
        }

        @Override
        public void recordAlert(Alert alert, Instant at, Audience audience, List<String> audienceUsers) {
            if (audience == null) {
                tracker.recordAlert(alert, at);
            } else {
                tracker.recordAlert(alert, at, audience, audienceUsers);
            }
        }

        @Override
        public void recordRevision(Alert alert, Instant at) {
            tracker.revise(alert);
        }

        @Override
        public void recordRead(long alertId, String username, String sessionId, Instant at) {
            tracker.recordRead(alertId, username, sessionId, at);
        }

        @Override
        public void recordSent(long alertId, String sessionId, String username, Instant at, String replacesSessionId) {
            tracker.recordSent(alertId, sessionId, username, at, replacesSessionId);
        }

        @Override
        public void recordAck(long alertId, String sessionId, Instant at, int revision) {
            tracker.recordAck(alertId, sessionId, at, revision);
        }
    }
}
