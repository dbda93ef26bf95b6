package ccn.alerts.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
 *   <li>queues the line for this log's writer thread, which appends it to {@code server_log.txt}
 *       through a Logback {@link LoggerContext} private to this instance (several servers in one JVM,
 *       as in tests, each get their own file; the global {@code logback.xml} is not involved) and
 *       echoes it to the global SLF4J logger {@code ccn.events.<TYPE>} (the console, via
 *       {@code logback.xml}). The file is size-capped: it rolls over to {@code server_log.1.txt} …
 *       {@code server_log.N.txt} and the oldest archive is deleted;</li>
 *   <li>keeps it in a ring of the last {@value #RECENT_CAPACITY} events ({@link #recent()}) so a GUI
 *       opened late can show history;</li>
 *   <li>hands it to every registered listener.</li>
 * </ol>
 *
 * <p><b>Never log secrets.</b> Callers must not pass passwords, password hashes, session keys, private
 * keys or any other key material to this class, not even in error messages: the file is plain text,
 * readable by whoever can read the data directory, and kept across restarts.
 *
 * <p><b>Why a writer thread.</b> A file write now and then waits milliseconds for the disk (a page
 * under writeback, a {@code stat} for the size cap, a console pipe that is full). Broadcasts and
 * ACKs log on their hot path; writing there put those milliseconds into alert latency (the 1-client
 * end-to-end p99 in docs/BENCHMARKS.md). The queue is bounded ({@value #QUEUE_CAPACITY} lines): a
 * flood waits for the disk rather than filling the heap. {@link #flush()} waits for what was logged
 * so far; {@link #close()} writes everything still queued. A {@code kill -9} can lose the lines still
 * queued (at most a few milliseconds' worth); the alert journal, not this log, is what must survive.
 *
 * <p><b>Thread-safety.</b> This class is thread-safe. Any number of threads may call {@code log} at
 * once; each event becomes exactly one whole line (lines never interleave) and the file and
 * {@link #recent()} hold events in the same order. Listeners are called on the logging thread, after
 * the event is recorded and without holding any lock, so they may run concurrently with each other
 * and must themselves be thread-safe, quick and non-blocking (a JavaFX view should hop to the FX thread
 * with {@code Platform.runLater}). A listener that throws is reported and skipped; logging and other
 * listeners carry on.
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

    static final String LINE_PATTERN = "[%d{yyyy-MM-dd HH:mm:ss}] [%logger{0}] %msg%n";

    /** Logback's FixedWindowRollingPolicy refuses larger windows. */
    private static final int MAX_ARCHIVED_FILES = 20;

    private static final String FQCN = EventLog.class.getName();
    private static final org.slf4j.Logger SELF = LoggerFactory.getLogger(EventLog.class);
    private static final Map<EventType, org.slf4j.Logger> CONSOLE = consoleLoggers();
    private static final AtomicInteger CONTEXT_SEQUENCE = new AtomicInteger();

    /** Guards {@link #recent}, {@link #closed} and the queue to the writer, so file and history agree on order. */
    private final Object lock = new Object();
    private final ArrayDeque<LogEvent> recent = new ArrayDeque<>(RECENT_CAPACITY);
    private final CopyOnWriteArrayList<Consumer<LogEvent>> listeners = new CopyOnWriteArrayList<>();
    private final FileSink file; // null when console-only
    /** Lines for the writer thread; {@link #END} after close. */
    private final BlockingQueue<LogEvent> toWrite = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread writer;
    /** Lines queued so far (under {@link #lock}) and lines the writer has finished (under {@link #written}). */
    private long queued;
    private final Object written = new Object();
    private long writtenCount;
    private boolean closed;

    private static final LogEvent END = new LogEvent(Instant.EPOCH, EventType.SERVER, "end of log");

    private EventLog(FileSink file) {
        this.file = file;
        this.writer = Thread.ofPlatform().daemon().name("ccn-event-log-" + CONTEXT_SEQUENCE.incrementAndGet())
                .start(this::writeLoop);
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
        Objects.requireNonNull(dataDir, "dataDir");
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        }
        if (archivedFiles < 1 || archivedFiles > MAX_ARCHIVED_FILES) {
            throw new IllegalArgumentException(
                    "archivedFiles must be in 1.." + MAX_ARCHIVED_FILES + ": " + archivedFiles);
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        String archivePattern = FileSink.archivePattern(dir); // validate before creating anything
        Files.createDirectories(dir);
        return new EventLog(FileSink.start(dir, archivePattern, maxFileBytes, archivedFiles));
    }

    /**
     * Creates a log without a file: events still reach the console, {@link #recent()} and listeners.
     * Meant for tests and for tools that have no data directory.
     */
    public static EventLog consoleOnly() {
        return new EventLog(null);
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
        LogEvent event;
        Object[] audience;
        boolean afterClose;
        synchronized (lock) {
            // Timestamp under the lock so times in the file never go backwards.
            event = new LogEvent(Instant.now(), type, clean);
            if (recent.size() == RECENT_CAPACITY) {
                recent.removeFirst();
            }
            recent.addLast(event);
            afterClose = closed;
            if (!afterClose) {
                // Queued under the lock, so the file holds events in the order of recent().
                enqueue(event);
            }
            // Snapshot under the lock: a listener added via addListenerWithHistory sees each event
            // either in its history or through the callback, never both and never neither.
            audience = listeners.toArray();
        }
        if (afterClose) {
            CONSOLE.get(type).info(clean); // no writer any more: late shutdown lines go straight out
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
        return Optional.ofNullable(file).map(FileSink::path);
    }

    /**
     * Waits until every event logged before this call is in the file and on the console (or the
     * writer has stopped). Tests read {@code server_log.txt} after this.
     */
    public void flush() {
        long target;
        synchronized (lock) {
            target = queued;
        }
        synchronized (written) {
            while (writtenCount < target && writer.isAlive()) {
                try {
                    written.wait(100); // woken at once by the writer; the timeout only rechecks isAlive
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Writes what is still queued, then closes the log file. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            enqueue(END);
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true; // the lines still queued must reach the file before it closes
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (file != null) {
            file.stop();
        }
    }

    /**
     * Caller holds {@link #lock}. Waits for room when the writer is behind by a whole queue; should
     * the writer have died, writes to the console instead of waiting for ever.
     */
    private void enqueue(LogEvent event) {
        boolean interrupted = false;
        while (true) {
            try {
                if (toWrite.offer(event, 100, TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (!writer.isAlive()) {
                    if (event != END) {
                        CONSOLE.get(event.type()).info(event.message());
                    }
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // a line must not be lost because its logging thread was interrupted
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        queued++;
    }

    /** The writer thread: file, then console, one event at a time, in queue order. */
    private void writeLoop() {
        while (true) {
            LogEvent event;
            try {
                event = toWrite.take();
            } catch (InterruptedException e) {
                continue; // nobody interrupts this thread on purpose; only END stops it
            }
            if (event == END) {
                markWritten();
                return;
            }
            try {
                if (file != null) {
                    file.write(event);
                }
                CONSOLE.get(event.type()).info(event.message());
            } catch (Throwable e) { // even an Error: a dead writer would leave every logging thread waiting
                SELF.warn("Could not write an event to the log", e);
            }
            markWritten();
        }
    }

    private void markWritten() {
        synchronized (written) {
            writtenCount++;
            written.notifyAll();
        }
    }

    private static Map<EventType, org.slf4j.Logger> consoleLoggers() {
        Map<EventType, org.slf4j.Logger> map = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            map.put(type, LoggerFactory.getLogger(LOGGER_PREFIX + type.name()));
        }
        return map;
    }

    /** The file half of an EventLog: a private Logback context with one size-capped rolling appender. */
    private static final class FileSink {
        private final Path path;
        private final LoggerContext context;
        private final Map<EventType, Logger> loggers = new EnumMap<>(EventType.class);

        private FileSink(Path path, LoggerContext context) {
            this.path = path;
            this.context = context;
            for (EventType type : EventType.values()) {
                loggers.put(type, context.getLogger(LOGGER_PREFIX + type.name()));
            }
        }

        static FileSink start(Path dir, String archivePattern, long maxFileBytes, int archivedFiles)
                throws IOException {
            Path path = dir.resolve(FILE_NAME);
            LoggerContext context = new LoggerContext();
            context.setName("ccn-event-log-" + CONTEXT_SEQUENCE.incrementAndGet());
            // Normally installed by SLF4J's service provider; a hand-made context has none and every
            // append would fail inside Logback.
            context.setMDCAdapter(new LogbackMDCAdapter());
            // Logback records its own failures (disk full, rollover refused...) only in a status list
            // nobody reads; surface them on the console.
            context.getStatusManager().add(status -> {
                if (status.getLevel() >= Status.ERROR) {
                    SELF.error("Event log {}: {}", path, status.getMessage(), status.getThrowable());
                }
            });
            context.start();

            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern(LINE_PATTERN);
            encoder.setCharset(StandardCharsets.UTF_8);
            encoder.start();

            RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
            appender.setContext(context);
            appender.setName("server-log");
            appender.setFile(path.toString());
            appender.setAppend(true);
            appender.setEncoder(encoder);

            FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
            rolling.setContext(context);
            rolling.setParent(appender);
            rolling.setFileNamePattern(archivePattern);
            rolling.setMinIndex(1);
            rolling.setMaxIndex(archivedFiles);
            rolling.start();

            SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
            trigger.setContext(context);
            trigger.setMaxFileSize(new FileSize(maxFileBytes));
            // Logback only checks the size once a minute by default, which lets a flood overshoot the
            // cap by far; a stat() per event is cheap at an alert server's rate.
            trigger.setCheckIncrement(Duration.buildByMilliseconds(0));
            trigger.start();

            appender.setRollingPolicy(rolling);
            appender.setTriggeringPolicy(trigger);
            appender.start();

            if (!rolling.isStarted() || !trigger.isStarted() || !appender.isStarted()) {
                context.stop();
                throw new IOException("Cannot open event log " + path);
            }
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            root.setLevel(Level.INFO);
            root.addAppender(appender);
            return new FileSink(path, context);
        }

        /**
         * Logback parses '%' in rollover file-name patterns and turns every backslash into '/', so a
         * '%' in the directory cannot be escaped; refuse it up front rather than fail obscurely.
         */
        static String archivePattern(Path dir) throws IOException {
            String text = dir.toString();
            if (text.indexOf('%') >= 0) {
                throw new IOException("Event log directory must not contain '%': " + text);
            }
            return text.replace('\\', '/') + "/server_log.%i.txt";
        }

        Path path() {
            return path;
        }

        /** Called on the writer thread only. */
        void write(LogEvent event) {
            Logger logger = loggers.get(event.type());
            // Build the event ourselves so the file shows the same instant as LogEvent.time().
            LoggingEvent line = new LoggingEvent(FQCN, logger, Level.INFO, event.message(), null, null);
            line.setInstant(event.time());
            logger.callAppenders(line);
        }

        void stop() {
            context.stop();
        }
    }
}
