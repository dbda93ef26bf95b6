package ccn.alerts.server.journal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal file: appends, group commit, the repair of a torn tail at open, and the swap to a
 * compacted snapshot. It knows bytes, not records.
 *
 * <p><b>Positions.</b> {@link #append} returns a <em>journal position</em>: the number of bytes
 * appended since {@link #open}, counted across compactions (a compaction shrinks the file but
 * never the position). {@link #awaitDurable} waits until every byte up to a position is on disk.
 * Counting this way, rather than by file offset, means a force that started before a compaction
 * and one after it compare directly.
 *
 * <p><b>Group commit.</b> {@code FileChannel.force} costs a disk flush (hundreds of µs to ms),
 * and no lock is held across it that an appender needs. {@link #append} takes only the append
 * lock, for the duration of one {@code write}. A caller of {@link #awaitDurable} whose bytes are
 * not yet durable either becomes the <em>leader</em> (nobody is forcing): it notes the position
 * appended so far, forces with no lock held, publishes that position as durable and wakes the
 * others; or it waits until the current leader is done, and then is either covered by that force
 * or leads the next one. So every caller waiting during one force shares the next one: at most
 * two forces per caller, and one force per batch of callers however many there are. Appenders
 * never wait for a force at all.
 *
 * <p><b>Durability.</b> A position is durable once a {@code force(false)} that started after the
 * bytes were written has returned, or once a compaction has renamed in a forced snapshot holding
 * them. Bytes appended but not awaited reach the OS at once and the disk with the next force.
 *
 * <p><b>Failure.</b> A write that fails (disk full) is cut back so that a torn line never sits in
 * front of later records. An interrupt during a write or force closes a {@code FileChannel} for
 * good; the next call reopens the file instead of staying broken.
 *
 * <p>Thread-safe.
 */
public final class JournalFile implements AutoCloseable {

    /** How the file is forced; tests substitute one that counts or waits. */
    interface Forcer {
        void force(FileChannel channel) throws IOException;
    }

    private final Path file;
    private final Forcer forcer;
    private final Path corruptCopy;
    /** Guards the channel, its size and {@link #appended}; held for one write, never for a force. */
    private final Object appendLock = new Object();
    /** Guards {@link #forcing}; leaders and waiters meet here. */
    private final Object forceTurn = new Object();
    private final AtomicLong durable = new AtomicLong();
    private final AtomicLong forces = new AtomicLong();
    private FileChannel channel;
    private long size;
    private long appended;
    private boolean closed;
    private boolean forcing;

    private JournalFile(Path file, Forcer forcer, FileChannel channel, long size, Path corruptCopy) {
        this.file = file;
        this.forcer = forcer;
        this.channel = channel;
        this.size = size;
        this.corruptCopy = corruptCopy;
    }

    /** The whole file, or nothing when it does not exist yet. */
    public static byte[] readAll(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
    }

    /**
     * Opens (or creates) {@code file} for appending after its first {@code validBytes} bytes. When
     * the file is longer (a torn or corrupt tail found by replay), the whole file is first copied
     * to {@code <name>.corrupt-<millis>} beside it, so the reported offsets can be looked at
     * there, and then cut to {@code validBytes}: new records must follow valid ones.
     */
    public static JournalFile open(Path file, long validBytes) throws IOException {
        return open(file, validBytes, ch -> ch.force(false));
    }

    static JournalFile open(Path file, long validBytes, Forcer forcer) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(forcer, "forcer");
        long existing = Files.exists(file) ? Files.size(file) : 0;
        if (validBytes < 0 || validBytes > existing) {
            throw new IllegalArgumentException("validBytes " + validBytes + " outside 0.." + existing);
        }
        Path aside = null;
        if (validBytes < existing) {
            aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
            Files.copy(file, aside); // fails rather than overwrite earlier evidence
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        ch.truncate(validBytes);
        ch.position(validBytes);
        ch.force(true); // the cut, and a newly created file's size, before anything is appended
        return new JournalFile(file, forcer, ch, validBytes, aside);
    }

    public Path path() {
        return file;
    }

    /** Where {@link #open} kept the damaged file, when it had to cut a tail. */
    public Optional<Path> corruptCopy() {
        return Optional.ofNullable(corruptCopy);
    }

    /** Bytes in the file now. */
    public long size() {
        synchronized (appendLock) {
            return size;
        }
    }

    /** The journal position after the last append (see the class comment). */
    public long appendedPosition() {
        synchronized (appendLock) {
            return appended;
        }
    }

    /** Everything up to this journal position is on disk. */
    public long durablePosition() {
        return durable.get();
    }

    /** How many times the file was forced since opening (diagnostics and measurements). */
    public long forces() {
        return forces.get();
    }

    /**
     * Appends {@code bytes} (whole records) and returns the journal position after them. Does not
     * force; the bytes are with the OS when this returns.
     */
    public long append(byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        synchronized (appendLock) {
            if (closed) {
                throw new IOException("alert journal is closed");
            }
            ensureOpen();
            try {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                try {
                    channel.truncate(size);
                    channel.position(size);
                } catch (IOException ignored) {
                    // the next append reopens and cuts back again
                }
                throw e;
            }
            size += bytes.length;
            appended += bytes.length;
            return appended;
        }
    }

    /** Blocks until everything up to {@code position} is on disk (group commit: see the class comment). */
    public void awaitDurable(long position) throws IOException {
        if (durable.get() >= position) {
            return;
        }
        synchronized (forceTurn) {
            while (forcing && durable.get() < position) {
                try {
                    forceTurn.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the journal to be forced");
                }
            }
            if (durable.get() >= position) {
                return;
            }
            forcing = true;
        }
        try {
            forceAppended();
        } finally {
            synchronized (forceTurn) {
                forcing = false;
                forceTurn.notifyAll();
            }
        }
    }

    /** The leader's work; no lock held during the force. */
    private void forceAppended() throws IOException {
        FileChannel ch;
        long target;
        synchronized (appendLock) {
            if (closed) {
                throw new IOException("alert journal is closed");
            }
            ensureOpen();
            ch = channel;
            target = appended;
        }
        try {
            forcer.force(ch);
        } catch (ClosedChannelException e) {
            synchronized (appendLock) {
                if (channel == ch) {
                    throw e;
                }
            }
            return; // compacted meanwhile: the swap made everything up to then durable, target included
        }
        forces.incrementAndGet();
        durable.accumulateAndGet(target, Math::max);
    }

    /**
     * Replaces the file by {@code snapshot}, a file in the same directory whose content was forced
     * already: the bytes appended here from file offset {@code tailFrom} on are copied behind it,
     * it is forced, renamed over this file atomically, and the directory is forced. Appends wait
     * for the copy (it is the small part; the snapshot was written without any lock). Returns
     * false when this file is closed, leaving {@code snapshot} in place.
     */
    public boolean replaceWith(Path snapshot, long tailFrom) throws IOException {
        Objects.requireNonNull(snapshot, "snapshot");
        synchronized (appendLock) {
            if (closed) {
                return false;
            }
            if (tailFrom < 0 || tailFrom > size) {
                throw new IllegalArgumentException("tailFrom " + tailFrom + " outside 0.." + size);
            }
            ensureOpen();
            long newSize;
            try (FileChannel out = FileChannel.open(snapshot, StandardOpenOption.WRITE)) {
                out.position(out.size());
                for (long pos = tailFrom; pos < size; ) {
                    pos += channel.transferTo(pos, size - pos, out);
                }
                out.force(true);
                newSize = out.size();
            }
            try {
                Files.move(snapshot, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(snapshot, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(file.getParent());
            FileChannel old = channel;
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
            channel.position(newSize);
            old.close(); // a leader forcing it now gets ClosedChannelException and finds the swap
            size = newSize;
            durable.accumulateAndGet(appended, Math::max); // everything appended is in the forced snapshot
            return true;
        }
    }

    /** Forces what was appended and closes the file; later appends fail. */
    @Override
    public void close() throws IOException {
        synchronized (appendLock) {
            if (closed) {
                return;
            }
            try {
                ensureOpen();
                channel.force(false);
                forces.incrementAndGet();
                durable.accumulateAndGet(appended, Math::max);
            } finally {
                closed = true;
                channel.close();
            }
        }
    }

    /** Holds the append lock. */
    private void ensureOpen() throws IOException {
        if (!channel.isOpen()) {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
            channel.truncate(size);
            channel.position(size);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // makes the rename itself durable on Linux
        } catch (IOException e) {
            // Not supported everywhere (Windows); the rename is still atomic, just maybe not yet durable.
        }
    }
}
