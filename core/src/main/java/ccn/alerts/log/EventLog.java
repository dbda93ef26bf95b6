package ccn.alerts.log;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The server's event log: one instance per server, writing {@code server_log.txt} in that server's data
 * directory in the format
 * <pre>[2024-01-01 12:00:00] [AUTH] Client /127.0.0.1:54321 authenticated as admin</pre>
 *
 * <p>Every {@link #log(EventType, String)} call
 * <ol>
 *   <li>passes the whole message through {@link LogSanitizer} (cap {@value #MAX_MESSAGE_LENGTH} chars),
 *       so text from the network can never break or forge a line;</li>
 *   <li>queues the line for this log's {@link LogWriter writer thread}, which appends it to the size-capped
 *       {@link RollingLogFile} ({@code server_log.txt}, rolling over to {@code server_log.1.txt} …
 *       {@code server_log.N.txt}) and echoes it to the global SLF4J logger {@code ccn.events.<TYPE>};</li>
 *   <li>keeps it in a ring of the last {@value #RECENT_CAPACITY} events ({@link #recent()}) so a GUI
 *       opened late can show history;</li>
 *   <li>hands it to every registered listener.</li>
 * </ol>
 * This class owns the order of events and the history with its listeners; those share one lock (so
 * that {@link #addListenerWithHistory} is exact and the file agrees with {@link #recent()}), which is
 * why they are not split further.
 *
 * <p><b>Never log secrets.</b> Callers must not pass passwords, password hashes, session keys, private
 * keys or any other key material to this class, not even in error messages: the file is plain text,
 * readable by whoever can read the data directory, and kept across restarts.
 *
 * <p><b>Why a writer thread.</b> A file write now and then waits milliseconds for the disk; broadcasts
 * and ACKs log on their hot path (see {@link LogWriter}). The queue is bounded ({@value #QUEUE_CAPACITY}
 * lines): a flood waits for the disk rather than filling the heap, and it waits before this log's lock
 * is taken, so a slow disk never holds up {@link #recent()} or listener registration. {@link #flush()}
 * waits for what was logged so far; {@link #close()} writes everything still queued. A {@code kill -9}
 * can lose the lines still queued (at most a few milliseconds' worth); the alert journal, not this log,
 * is what must survive.
 *
 * <p><b>Thread-safety.</b> This class is thread-safe. Any number of threads may call {@code log} at
 * once; each event becomes exactly one whole line (lines never interleave) and the file and
 * {@link #recent()} hold events in the same order. Listeners are called on the logging thread, after
 * the event is recorded and without holding any lock, so they may run concurrently with each other
 * and must themselves be thread-safe, quick and non-blocking (a JavaFX view should hop to the FX thread
 * with {@code Platform.runLater}). A listener that throws is reported and skipped; logging and other
 * listeners carry on. No lock is held while waiting for the disk or writing to the console.
 */
public final class EventLog implements AutoCloseable {

    /** Name of the log file inside the data directory. */
    public static final String FILE_NAME = "server_log.txt";

    /** Cap on one sanitised message; larger than a single field's cap since messages combine fields. */
    public static final int MAX_MESSAGE_LENGTH = 2_000;

    /** How many recent events {@link #recent()} keeps. */
    public static final int RECENT_CAPACITY = 1_000;

    /** Size at which {@code server_log.txt} is rolled over. */
    public static final long DEFAULT_MAX_FILE_BYTES = 10L * 1024 * 1024;

    /** Lines that may wait for the writer thread before {@link #log} waits for the disk. */
    static final int QUEUE_CAPACITY = 10_000;

    /** Rolled-over files kept besides the active one, so at most 5 files and about 50 MB in total. */
    public static final int DEFAULT_ARCHIVED_FILES = 4;

    /** Prefix of the logger names; {@code %logger{0}} then prints just the event type. */
    static final String LOGGER_PREFIX = "ccn.events.";

    private static final org.slf4j.Logger SELF = LoggerFactory.getLogger(EventLog.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** Guards {@link #recent}, {@link #closed} and submitting to the writer, so file and history agree on order. */
    private final Object lock = new Object();
    private final ArrayDeque<LogEvent> recent = new ArrayDeque<>(RECENT_CAPACITY);
    private final CopyOnWriteArrayList<Consumer<LogEvent>> listeners = new CopyOnWriteArrayList<>();
    private final RollingLogFile file; // null when console-only
    private final LogWriter writer;
    private boolean closed;

    private EventLog(RollingLogFile file, String name) {
        this.file = file;
        this.writer = new LogWriter(file, QUEUE_CAPACITY, name);
    }

    /**
     * Opens (appending to) {@code dataDir/server_log.txt} with the default size cap of
     * {@value #DEFAULT_MAX_FILE_BYTES} bytes per file and {@value #DEFAULT_ARCHIVED_FILES} archives.
     *
     * @param dataDir the server's data directory; created if missing
     * @return an open log; close it when the server stops
     * @throws IOException if the directory cannot be created, the file cannot be opened for writing, or
     *                     the directory path contains '%' (which Logback's rollover cannot handle)
     */
    public static EventLog open(Path dataDir) throws IOException {
        return open(dataDir, DEFAULT_MAX_FILE_BYTES, DEFAULT_ARCHIVED_FILES);
    }

    /** Like {@link #open(Path)} with explicit limits; package-private so tests can use tiny files. */
    static EventLog open(Path dataDir, long maxFileBytes, int archivedFiles) throws IOException {
        String name = nextName();
        return new EventLog(RollingLogFile.open(dataDir, name, maxFileBytes, archivedFiles), name);
    }

    /**
     * Creates a log without a file: events still reach the console, {@link #recent()} and listeners.
     * Meant for tests and for tools that have no data directory.
     */
    public static EventLog consoleOnly() {
        return new EventLog(null, nextName());
    }

    private static String nextName() {
        return "ccn-event-log-" + SEQUENCE.incrementAndGet();
    }

    /**
     * Records one event. The message may contain untrusted text; it is sanitised here as a whole, but
     * callers should still {@link LogSanitizer#clean(String) clean} each untrusted field so that one long
     * field cannot push the rest of the message past the cap. Never pass secrets (see class comment).
     *
     * <p>After {@link #close()} the file is no longer written; console, history and listeners still are,
     * so late shutdown messages are not lost entirely.
     *
     * @param type    the kind of event
     * @param message human-readable text
     */
    public void log(EventType type, String message) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        String clean = LogSanitizer.clean(message, MAX_MESSAGE_LENGTH);
        // Never waits: the server logs from its selector loops, and a stalled disk must not stop
        // them (a full queue leaves this line out of the file, and the file says so later).
        boolean room = writer.tryRoom();
        LogEvent event;
        Object[] audience;
        boolean toFile;
        boolean afterClose;
        synchronized (lock) {
            // Timestamp under the lock so times in the file never go backwards.
            event = new LogEvent(Instant.now(), type, clean);
            if (recent.size() == RECENT_CAPACITY) {
                recent.removeFirst();
            }
            recent.addLast(event);
            toFile = room && !closed;
            afterClose = closed;
            if (toFile) {
                // Submitted under the lock, so the file holds events in the order of recent().
                writer.submit(event);
            }
            // Snapshot under the lock: a listener added via addListenerWithHistory sees each event
            // either in its history or through the callback, never both and never neither.
            audience = listeners.toArray();
        }
        if (!toFile) {
            if (room) {
                writer.giveBack();
            }
            if (afterClose || !writer.writing()) {
                LogWriter.toConsole(event); // no writer any more: late shutdown lines go straight out
            }
        }
        for (Object listener : audience) {
            notify(listener, event);
        }
    }

    @SuppressWarnings("unchecked")
    private static void notify(Object listener, LogEvent event) {
        try {
            ((Consumer<LogEvent>) listener).accept(event);
        } catch (RuntimeException e) {
            SELF.warn("Event listener {} failed; other listeners still notified", listener, e);
        }
    }

    /**
     * Registers a listener for events logged from now on.
     *
     * @param listener called on the logging thread for each event; must be thread-safe and quick
     */
    public void addListener(Consumer<LogEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            listeners.add(listener);
        }
    }

    /**
     * Registers a listener and returns the recent history atomically, so that each event is either in
     * the returned list or delivered to the listener, exactly once. Use this when opening a log view.
     *
     * @param listener called on the logging thread for each later event
     * @return recent events, oldest first, immutable
     */
    public List<LogEvent> addListenerWithHistory(Consumer<LogEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            listeners.add(listener);
            return List.copyOf(recent);
        }
    }

    /**
     * Unregisters a listener. It may still receive an event that was being logged concurrently.
     *
     * @return whether the listener was registered
     */
    public boolean removeListener(Consumer<LogEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            return listeners.remove(listener);
        }
    }

    /** Returns the last {@value #RECENT_CAPACITY} (or fewer) events, oldest first, as an immutable copy. */
    public List<LogEvent> recent() {
        synchronized (lock) {
            return List.copyOf(recent);
        }
    }

    /** Returns the active log file, or empty for a {@linkplain #consoleOnly() console-only} log. */
    public Optional<Path> file() {
        return Optional.ofNullable(file).map(RollingLogFile::path);
    }

    /**
     * Waits until every event logged before this call is in the file and on the console (or the
     * writer has stopped). Tests read {@code server_log.txt} after this.
     */
    public void flush() {
        writer.flush();
    }

    /** Writes what is still queued, then closes the log file. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        writer.close(); // after the lock: it waits for the disk
    }
}
