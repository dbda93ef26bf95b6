package ccn.alerts.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Bounds the journal's growth: once the file passes a threshold it is rewritten as a snapshot
 * of what the alert state retains, in three steps so that broadcasts and ACKs are not held up
 * while megabytes are written (at 10,000 clients a snapshot is tens of MB):
 * <ol>
 *   <li>note the file's size, then take the snapshot (one {@code alert} record per retained
 *       alert, each recipient with its ACK time);</li>
 *   <li>write it to a temporary file beside the journal and force it, with no lock held (appends
 *       carry on);</li>
 *   <li>{@link JournalFile#replaceWith}: under the append lock, copy the bytes appended since
 *       step 1 behind the snapshot, force, rename atomically over the journal, force the
 *       directory.</li>
 * </ol>
 * A crash at any point leaves either the old file or the new one. Every event is in the snapshot,
 * in the copied tail, or in both, provided callers update the state <em>before</em> journalling
 * the same event: the snapshot is taken after the size was noted, so it holds every event written
 * before that; replay ignores the doubles ({@link JournalReplay}).
 *
 * <p>The threshold is the larger of the configured bytes and {@value #GROWTH_BEFORE_COMPACTION}
 * times the last snapshot: each byte appended then costs a third of a byte rewritten, not one,
 * and a retained window bigger than the threshold is not rewritten on every append.
 *
 * <p>Thread-safe; a call while a compaction runs returns at once.
 */
public final class JournalCompaction {
    private static final int GROWTH_BEFORE_COMPACTION = 4;

    private final JournalFile file;
    private final long baseThreshold;
    private final Supplier<List<JournalRecord.Broadcast>> snapshot;
    private long threshold;
    private int compactions;
    private boolean running;

    /**
     * @param snapshot called once per compaction, on the compacting thread, for the retained
     *                 alerts oldest first
     */
    public JournalCompaction(JournalFile file, long thresholdBytes, Supplier<List<JournalRecord.Broadcast>> snapshot) {
        this.file = Objects.requireNonNull(file, "file");
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
        if (thresholdBytes < 1) {
            throw new IllegalArgumentException("compactBytes must be positive, got " + thresholdBytes);
        }
        this.baseThreshold = thresholdBytes;
        this.threshold = thresholdBytes;
    }

    /** How many times the file was rewritten since this was created. */
    public synchronized int compactions() {
        return compactions;
    }

    /** Compacts when the file has reached the threshold; true when it did. */
    public boolean compactIfDue() throws IOException {
        synchronized (this) {
            if (running || file.size() < threshold) {
                return false;
            }
            running = true;
        }
        Path temp = null;
        try {
            long start = file.size(); // before the snapshot: see the class comment
            List<JournalRecord.Broadcast> alerts = snapshot.get();
            Path dir = file.path().toAbsolutePath().getParent();
            temp = Files.createTempFile(dir, file.path().getFileName() + ".", ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (JournalRecord.Broadcast alert : alerts) {
                    ByteBuffer line = ByteBuffer.wrap(JournalCodec.encode(alert));
                    while (line.hasRemaining()) {
                        out.write(line);
                    }
                }
                out.force(false); // the big part reaches the disk outside the lock; the force in the swap is small
            }
            if (!file.replaceWith(temp, start)) {
                return false; // closed meanwhile
            }
            long size = file.size();
            synchronized (this) {
                threshold = Math.max(baseThreshold, GROWTH_BEFORE_COMPACTION * size);
                compactions++;
            }
            return true;
        } finally {
            synchronized (this) {
                running = false;
            }
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
