package ccn.alerts.log;

import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer thread of an {@link EventLog}: takes events in the order they were submitted and writes
 * each to the {@link RollingLogFile} (if any), then echoes it to the global SLF4J logger
 * {@code ccn.events.<TYPE>} (the console, via {@code logback.xml}).
 *
 * <p><b>Why a writer thread.</b> A file write now and then waits milliseconds for the disk (a page
 * under writeback, a {@code stat} for the size cap, a console pipe that is full). Broadcasts and
 * ACKs log on their hot path; writing there put those milliseconds into alert latency (the 1-client
 * end-to-end p99 in docs/BENCHMARKS.md).
 *
 * <p><b>Why room is reserved apart from submitting, and never waited for.</b> At most {@code capacity}
 * events wait for the disk, so a flood cannot fill the heap. The server logs from its selector
 * loops, which serve every client: a logging call that waited for a stalled disk would stop them
 * all. So {@link #tryRoom()} waits at most {@value #BRIEF_WAIT_MILLIS} ms, once per stall: when the
 * queue stays full the line is left out of the file (the event log's history and listeners still
 * get it), counted, and the next line written is preceded by one that says how many were left out. {@link #submit} never blocks either, so the
 * event log can submit under the lock that orders the file like its history.
 *
 * <p><b>Thread-safety.</b> Thread-safe. {@link #awaitRoom()}, {@link #submit} and {@link #flush()} may be
 * called from any thread; events are written in the order of their {@code submit} calls, so a caller
 * that needs an order across threads submits under its own lock. {@link #close()} may be called once.
 */
final class LogWriter {

    private static final org.slf4j.Logger SELF = LoggerFactory.getLogger(LogWriter.class);
    private static final Map<EventType, org.slf4j.Logger> CONSOLE = consoleLoggers();
    private static final LogEvent END = new LogEvent(java.time.Instant.EPOCH, EventType.SERVER, "end of log");

    private final RollingLogFile file; // null when console-only
    /** Unbounded itself; {@link #room} bounds it, so {@link #submit} never waits. */
    private final BlockingQueue<LogEvent> toWrite = new LinkedBlockingQueue<>();
    /** One permit per event that may still wait for the disk; the writer returns it once written. */
    private final Semaphore room;
    private final Thread thread;
    private final AtomicLong submitted = new AtomicLong();
    /** The longest a logging thread waits for room: a loop serving clients must not wait for a disk. */
    static final long BRIEF_WAIT_MILLIS = 20;
    /** Set when a brief wait failed; cleared when the writer has emptied its queue. */
    private volatile boolean stalled;
    /** Events left out of the file because the queue was full, not yet reported in it. */
    private final AtomicLong leftOut = new AtomicLong();
    /** Events the writer has finished; guarded by itself, which flush() waits on. */
    private final Object written = new Object();
    private long writtenCount;

    /**
     * Starts the writer thread.
     *
     * @param file     where events go besides the console; null for console only
     * @param capacity events that may wait for the disk before {@link #awaitRoom()} waits
     * @param name     the writer thread's name
     */
    LogWriter(RollingLogFile file, int capacity, String name) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.file = file;
        this.room = new Semaphore(capacity);
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::writeLoop);
    }

    /**
     * Reserves room for one more event without waiting; pair each {@code true} with one
     * {@link #submit} or {@link #giveBack()}. False while the queue is full (the event is counted
     * as left out of the file) or when the writer has stopped.
     */
    boolean tryRoom() {
        if (room.tryAcquire()) {
            return true;
        }
        if (!thread.isAlive()) {
            return false;
        }
        // A healthy disk frees room within microseconds: wait that long, so a burst still reaches
        // the file whole. A stalled one is waited for once; until the writer catches up, lines
        // are left out at once instead of each costing a loop the wait again.
        if (!stalled) {
            try {
                if (room.tryAcquire(BRIEF_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stalled = true;
        }
        leftOut.incrementAndGet();
        return false;
    }

    /** Whether the writer thread still writes (after {@link #close()}, or if it died, it does not). */
    boolean writing() {
        return thread.isAlive();
    }

    /**
     * Waits until one more event may be submitted (for callers that may wait, e.g. tests). Call
     * without holding a lock; pair each {@code true} with one {@link #submit} or {@link #giveBack()}.
     *
     * @return true when room was reserved; false when the writer has stopped, in which case the
     *         caller should {@link #toConsole echo} the event itself rather than wait for ever
     */
    boolean awaitRoom() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (room.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                    if (!thread.isAlive()) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    interrupted = true; // a line must not be lost because its logging thread was interrupted
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Returns room reserved by {@link #awaitRoom()} that will not be used. */
    void giveBack() {
        room.release();
    }

    /** Queues an event for which {@link #awaitRoom()} reserved room. Never blocks. */
    void submit(LogEvent event) {
        toWrite.add(event);
        submitted.incrementAndGet();
    }

    /**
     * Waits until every event submitted before this call is written (or the writer has stopped).
     * Returns early, with the interrupt flag set, if the calling thread is interrupted.
     */
    void flush() {
        long target = submitted.get();
        synchronized (written) {
            while (writtenCount < target && thread.isAlive()) {
                try {
                    written.wait(100); // woken at once by the writer; the timeout only rechecks isAlive
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Writes everything submitted so far, stops the thread, then closes the file. Call once, after the
     * last {@link #submit}; waits for the disk, so call it without holding a lock.
     */
    void close() {
        toWrite.add(END);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
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

    /** Echoes an event to the console directly, for when no writer thread will. */
    static void toConsole(LogEvent event) {
        CONSOLE.get(event.type()).info(event.message());
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
                return;
            }
            try {
                long missing = leftOut.getAndSet(0);
                if (missing > 0) {
                    LogEvent gap = new LogEvent(event.time(), EventType.ERROR, missing
                            + " log line(s) before this one were not written here: the disk could not keep up");
                    if (file != null) {
                        file.write(gap);
                    }
                    toConsole(gap);
                }
                if (file != null) {
                    file.write(event);
                }
                toConsole(event);
            } catch (Throwable e) { // even an Error: a dead writer would leave every logging thread waiting
                SELF.warn("Could not write an event to the log", e);
            }
            room.release();
            if (stalled && toWrite.isEmpty()) {
                stalled = false; // caught up: a full queue is worth a brief wait again
            }
            synchronized (written) {
                writtenCount++;
                written.notifyAll();
            }
        }
    }

    private static Map<EventType, org.slf4j.Logger> consoleLoggers() {
        Map<EventType, org.slf4j.Logger> map = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            map.put(type, LoggerFactory.getLogger(EventLog.LOGGER_PREFIX + type.name()));
        }
        return map;
    }
}
