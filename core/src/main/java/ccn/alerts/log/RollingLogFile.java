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
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The file half of an {@link EventLog}: {@code server_log.txt} in one data directory, written through a
 * Logback {@link LoggerContext} private to this instance (several servers in one JVM, as in tests, each
 * get their own file; the global {@code logback.xml} is not involved), one line per event in the format
 * {@value #LINE_PATTERN}. The file is size-capped: it rolls over to {@code server_log.1.txt} …
 * {@code server_log.N.txt} and the oldest archive is deleted.
 *
 * <p><b>Thread-safety.</b> {@link #write} and {@link #stop} are meant for one thread, the log's writer
 * thread; Logback's appender would serialise concurrent writes, but the event log relies on a single
 * writer to keep the file in the order of {@link EventLog#recent()}. {@link #path()} may be read from any
 * thread.
 */
final class RollingLogFile {

    static final String LINE_PATTERN = "[%d{yyyy-MM-dd HH:mm:ss}] [%logger{0}] %msg%n";

    /** Logback's FixedWindowRollingPolicy refuses larger windows. */
    static final int MAX_ARCHIVED_FILES = 20;

    private static final String FQCN = RollingLogFile.class.getName();
    private static final org.slf4j.Logger SELF = LoggerFactory.getLogger(RollingLogFile.class);

    private final Path path;
    private final LoggerContext context;
    private final Map<EventType, Logger> loggers = new EnumMap<>(EventType.class);

    private RollingLogFile(Path path, LoggerContext context) {
        this.path = path;
        this.context = context;
        for (EventType type : EventType.values()) {
            loggers.put(type, context.getLogger(EventLog.LOGGER_PREFIX + type.name()));
        }
    }

    /**
     * Opens (appending to) {@code dataDir/server_log.txt}, creating the directory if missing.
     *
     * @param name          name of the Logback context, for Logback's own diagnostics
     * @param maxFileBytes  size at which the file rolls over
     * @param archivedFiles rolled-over files kept, 1..{@value #MAX_ARCHIVED_FILES}
     * @throws IOException if the directory cannot be created, the file cannot be opened for writing, or
     *                     the directory path contains '%' (which Logback's rollover cannot handle)
     */
    static RollingLogFile open(Path dataDir, String name, long maxFileBytes, int archivedFiles) throws IOException {
        Objects.requireNonNull(dataDir, "dataDir");
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        }
        if (archivedFiles < 1 || archivedFiles > MAX_ARCHIVED_FILES) {
            throw new IllegalArgumentException(
                    "archivedFiles must be in 1.." + MAX_ARCHIVED_FILES + ": " + archivedFiles);
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        String archivePattern = archivePattern(dir); // validate before creating anything
        Files.createDirectories(dir);
        return start(dir.resolve(EventLog.FILE_NAME), name, archivePattern, maxFileBytes, archivedFiles);
    }

    private static RollingLogFile start(Path path, String name, String archivePattern, long maxFileBytes,
                                        int archivedFiles) throws IOException {
        LoggerContext context = new LoggerContext();
        context.setName(name);
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
        return new RollingLogFile(path, context);
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

    /** The active file, {@code server_log.txt}. */
    Path path() {
        return path;
    }

    /** Appends one line; called on the writer thread only. */
    void write(LogEvent event) {
        Logger logger = loggers.get(event.type());
        // Build the event ourselves so the file shows the same instant as LogEvent.time().
        LoggingEvent line = new LoggingEvent(FQCN, logger, Level.INFO, event.message(), null, null);
        line.setInstant(event.time());
        logger.callAppenders(line);
    }

    /** Closes the file; later writes are dropped by Logback. */
    void stop() {
        context.stop();
    }
}
