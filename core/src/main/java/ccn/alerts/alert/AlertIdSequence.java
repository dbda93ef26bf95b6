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
 * <p>A reservation is written as {@code 1001 reserved}, a clean close as plain {@code 6}, so the
 * next run knows whether the previous one ended without closing. After such an unclean end the
 * server may {@link #continueAfter(long) continue after} the highest id its alert journal holds
 * (every alert is journalled before anyone sees it), so a {@code kill -9} leaves no gap either.
 * An id that was handed out without reaching the journal forbids that
 * ({@link #keepReservation()}).
 *
 * <p>A file that does not hold a positive number is reported as an {@link IOException} naming the
 * file; it is never overwritten, because guessing could reuse ids.
 *
 * <p>Thread-safety: safe for concurrent use; {@link #next()} is serialized on the instance, so ids
 * are increasing in the order the calls return.
 */
public final class AlertIdSequence implements AutoCloseable {
    public static final String FILE_NAME = "alert-id.txt";
    private static final String RESERVED = "reserved";
    static final int DEFAULT_BLOCK = 1_000;

    /** Null for the in-memory variant. */
    private final Path file;
    private final long block;
    private long next;
    /** First id not covered by the reservation on disk; {@code next < reservedUntil} means no write is needed. */
    private long reservedUntil;
    /** The file said "reserved": the run that wrote it ended without {@link #close()}. */
    private final boolean openedAfterUncleanEnd;
    /** Set once an id may have been seen without being journalled: reservations are never undone then. */
    private boolean keepReservations;
    private boolean closed;

    private AlertIdSequence(Path file, long first, long block, boolean openedAfterUncleanEnd) {
        this.file = file;
        this.block = block;
        this.next = first;
        this.reservedUntil = file == null ? Long.MAX_VALUE : first;
        this.openedAfterUncleanEnd = openedAfterUncleanEnd;
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
        String text = readText(file);
        if (text == null) {
            return new AlertIdSequence(file, 1, block, false);
        }
        String[] parts = text.split("\\s+");
        boolean reserved = parts.length == 2 && parts[1].equals(RESERVED);
        if (parts.length > 2 || parts.length == 2 && !reserved) {
            throw corrupt(file, text);
        }
        return new AlertIdSequence(file, parse(file, parts[0], text), block, reserved);
    }

    /** A sequence that starts at 1 and forgets everything when the process ends; for tests and demos. */
    public static AlertIdSequence inMemory() {
        return new AlertIdSequence(null, 1, DEFAULT_BLOCK, false);
    }

    /** The file's content without surrounding white space, or null if there is no file. */
    private static String readText(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static long parse(Path file, String number, String text) throws IOException {
        long value;
        try {
            value = Long.parseLong(number);
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
        return new IOException("alert id file " + file + " is corrupt: expected one positive whole number"
                + " (optionally followed by '" + RESERVED + "'), found '"
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

    /**
     * After an unclean end of the previous run (its reservation is still on disk), continues right
     * after {@code highestJournalled}, the highest id in the alert journal, instead of after the
     * whole reserved block: the ids in between were never journalled, so no client or log line
     * saw them. A no-op after a clean close, when {@code highestJournalled} is 0 (an empty journal
     * says nothing about the ids handed out), and when it is not behind.
     *
     * @return true if the sequence moved back to {@code highestJournalled + 1}
     */
    public synchronized boolean continueAfter(long highestJournalled) {
        if (!openedAfterUncleanEnd || highestJournalled < 1 || highestJournalled + 1 >= next || closed) {
            return false;
        }
        // The reservation on disk stays as it is (it still covers everything from here); close()
        // shrinks it to the real next id.
        next = highestJournalled + 1;
        return true;
    }

    /**
     * Called when an id was handed out but its alert could not be journalled (and may still reach
     * clients): from now on every reservation on disk counts as used after a crash, as if
     * {@link #continueAfter(long)} did not exist, so that id is never handed out again.
     */
    public synchronized void keepReservation() throws IOException {
        if (keepReservations || file == null) {
            return;
        }
        keepReservations = true;
        if (reservedUntil != Long.MAX_VALUE) {
            write(reservedUntil);
        }
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
        // Records the real next id (never below one handed out), which also clears the
        // "reserved" mark: the next run then knows this one ended cleanly.
        if (file != null) {
            writeClean(next);
            reservedUntil = next;
        }
    }

    /** A reservation: marked as such unless {@link #keepReservation()} made every one final. */
    private void write(long value) throws IOException {
        AtomicFile.write(file, (value + (keepReservations ? "" : " " + RESERVED) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    private void writeClean(long value) throws IOException {
        AtomicFile.write(file, (value + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "AlertIdSequence[" + (file == null ? "in memory" : file) + "]";
    }
}
