package ccn.alerts.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One thread and one selector serving every logged-in session: it reads what clients send (ACKs,
 * heartbeats — many per wake-up), answers on the spot, flushes sockets that could not take a
 * whole frame at once, and ends sessions that have sent nothing for the read timeout. Logins run
 * on the sessions' own threads and hand their socket over once the client is in
 * (see {@link ClientSession}).
 *
 * <p>Thread-safety: {@link #register}, {@link #wakeup} and {@link #close} may be called from any
 * thread.
 */
final class SessionLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLoop.class);
    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Selector selector;
    private final Thread thread;
    private final long readTimeoutNanos;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Direct, so a read lands in it without the JDK copying through a temporary buffer. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;

    /**
     * @param readTimeout a session that sends nothing for this long is told so and closed
     */
    SessionLoop(String name, Duration readTimeout) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.readTimeoutNanos = readTimeout.toNanos();
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    /** Starts serving a connection; {@code alreadyRead} are bytes its blocking phase read ahead. */
    void register(LoopConnection connection, byte[] alreadyRead) {
        tasks.add(() -> connection.attach(selector, alreadyRead));
        selector.wakeup();
    }

    void wakeup() {
        selector.wakeup();
    }

    private void run() {
        long nextSweep = System.nanoTime() + SWEEP_INTERVAL_NANOS;
        while (running) {
            try {
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                long wait = TimeUnit.NANOSECONDS.toMillis(nextSweep - System.nanoTime());
                if (wait > 0) {
                    selector.select(this::ready, wait);
                } else {
                    selector.selectNow(this::ready);
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    nextSweep = now + SWEEP_INTERVAL_NANOS;
                    for (SelectionKey key : selector.keys()) {
                        if (key.isValid() && key.attachment() instanceof LoopConnection c) {
                            c.sweep(now, readTimeoutNanos);
                        }
                    }
                }
            } catch (Throwable e) {
                // A failure belongs to one connection, which its own handler closes; whatever
                // reaches here is a bug or an Error (e.g. out of memory), and the other sessions
                // must still be served: a dead loop would leave every client unanswered.
                LOG.error("Session loop: unexpected failure; carrying on", e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector", e);
        }
    }

    private void ready(SelectionKey key) {
        LoopConnection c = (LoopConnection) key.attachment();
        try {
            if (key.isValid() && key.isWritable()) {
                c.writable();
            }
            if (key.isValid() && key.isReadable()) {
                c.readable(readBuffer);
            }
        } catch (RuntimeException e) {
            c.fail(e); // logged as an internal error; the client is told and closed
        } catch (Throwable e) {
            // An Error (out of memory, a listener's AssertionError): this connection goes, the loop stays.
            LOG.error("Session loop: error while serving a connection; closing it", e);
            c.cut();
        }
    }

    /** Stops the thread; connections still registered are the server's to have closed first. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
