package ccn.alerts.alert;

import ccn.alerts.io.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Hands out alert ids: unique, strictly increasing, starting at 1, and never reused, not even after
 * a restart or a crash. Clients drop alerts whose id they have already shown, so a reused id would
 * silently hide a new alert.
 *
 * <p>Persistence: {@value #FILE_NAME} in the data directory holds the first id that has <em>not</em>
 * been reserved. Ids are reserved in blocks of {@value #DEFAULT_BLOCK} and the file is updated
 * (temporary file, fsync, atomic rename) <em>before</em> any id of a new block is handed out, so
 * under load the file is written once per block rather than once per id. After a crash the next
 * run starts at the reserved value: the unused rest of the block becomes a gap, which is harmless.
 * {@link #close()} records the actual next id, so a clean restart continues without a gap.
 *
 * <p>A file that does not hold a positive number is reported as an {@link IOException} naming the
 * file; it is never overwritten, because guessing could reuse ids.
 *
 * <p>Thread-safety: safe for concurrent use; {@link #next()} is serialized on the instance, so ids
 * are increasing in the order the calls return.
 */
public final class AlertIdSequence implements AutoCloseable {
    public static final String FILE_NAME = "alert-id.txt";
    static final int DEFAULT_BLOCK = 1_000;

    /** Null for the in-memory variant. */
    private final Path file;
    private final long block;
    private long next;
    /** First id not covered by the reservation on disk; {@code next < reservedUntil} means no write is needed. */
    private long reservedUntil;
    private boolean closed;

    private AlertIdSequence(Path file, long first, long block) {
        this.file = file;
        this.block = block;
        this.next = first;
        this.reservedUntil = file == null ? Long.MAX_VALUE : first;
    }

    /**
     * Opens the sequence persisted in {@code dataDir} (created if missing), starting at 1 if there
     * is no {@value #FILE_NAME} yet.
     *
     * @throws IOException if the file cannot be read or is corrupt; the message names the file
     */
    public static AlertIdSequence open(Path dataDir) throws IOException {
        return open(dataDir, DEFAULT_BLOCK);
    }

    static AlertIdSequence open(Path dataDir, int block) throws IOException {
        Objects.requireNonNull(dataDir, "dataDir");
        if (block < 1) {
            throw new IllegalArgumentException("block must be positive, got " + block);
        }
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE_NAME);
        return new AlertIdSequence(file, read(file), block);
    }

    /** A sequence that starts at 1 and forgets everything when the process ends; for tests and demos. */
    public static AlertIdSequence inMemory() {
        return new AlertIdSequence(null, 1, DEFAULT_BLOCK);
    }

    private static long read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return 1;
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw corrupt(file, text);
        }
        if (value < 1) {
            throw corrupt(file, text);
        }
        return value;
    }

    private static IOException corrupt(Path file, String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        return new IOException("alert id file " + file + " is corrupt: expected one positive whole number, found '"
                + shown + "'. Fix or delete it only if no client has seen alerts from this server.");
    }

    /**
     * The next id, greater than every id this sequence (or an earlier one on the same file) has
     * returned.
     *
     * @throws IOException if a new block could not be reserved on disk; no id is handed out then
     * @throws IllegalStateException after {@link #close()}, or if the ids are exhausted
     */
    public synchronized long next() throws IOException {
        if (closed) {
            throw new IllegalStateException("alert id sequence is closed");
        }
        if (next == Long.MAX_VALUE) {
            throw new IllegalStateException("alert ids are exhausted");
        }
        if (next >= reservedUntil) {
            long until = next > Long.MAX_VALUE - block ? Long.MAX_VALUE : next + block;
            write(until);
            reservedUntil = until;
        }
        return next++;
    }

    /**
     * Makes sure later ids are greater than {@code used}, an id known to be handed out already
     * (e.g. found in the alert journal). A no-op in the normal case; it repairs an id file that was
     * restored from an old backup or deleted.
     *
     * @return true if the sequence had to move forward
     */
    public synchronized boolean advancePast(long used) throws IOException {
        if (used < next) {
            return false;
        }
        next = used + 1;
        if (next >= reservedUntil) {
            long until = next > Long.MAX_VALUE - block ? Long.MAX_VALUE : next + block;
            write(until);
            reservedUntil = until;
        }
        return true;
    }

    /** The id {@link #next()} would return now; for status displays. */
    public synchronized long peek() {
        return next;
    }

    /** Where the sequence is persisted, or {@code null} for {@link #inMemory()}. */
    public Path file() {
        return file;
    }

    /**
     * Records the actual next id so a clean restart continues without a gap. Further calls to
     * {@link #next()} fail. Closing twice is harmless.
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        // Only shrink the reservation if something from it is unused; never move it backwards past
        // an id already handed out.
        if (file != null && next < reservedUntil) {
            write(next);
            reservedUntil = next;
        }
    }

    private void write(long value) throws IOException {
        AtomicFile.write(file, (value + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "AlertIdSequence[" + (file == null ? "in memory" : file) + "]";
    }
}
