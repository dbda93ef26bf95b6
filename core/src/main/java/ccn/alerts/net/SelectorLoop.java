package ccn.alerts.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One thread and one selector owning a set of {@link Connection}s, in the manner of Jetty's
 * {@code ManagedSelector}: it accepts (when listening), reads, decodes and answers, writes what
 * other threads hand it, and checks every connection's clocks a few times a second. Nothing here
 * blocks. The server runs one or more (each connection lives on one from accept to close); the
 * load generator runs one for all its simulated clients. Other threads never touch a connection directly: they hand the loop a task
 * ({@link #execute}), which runs on the loop thread in the order given.
 *
 * <p>Thread-safety: {@link #execute}, {@link #listen} and {@link #close} may be called from any
 * thread; everything else runs on the loop thread.
 */
public final class SelectorLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelectorLoop.class);
    /** How often deadlines are checked: login and heartbeat timeouts are whole seconds, so 1/4 s is exact enough. */
    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long ACCEPT_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Told of each accepted socket, on the loop thread. */
    public interface Acceptor {
        void accepted(SocketChannel socket);
    }

    private final Selector selector;
    private final Thread thread;
    private final long stallLimitNanos;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Direct, so a read lands in it without the JDK copying through a temporary buffer. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final java.util.concurrent.atomic.AtomicBoolean wakeupPending = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean running = true;
    private SelectionKey acceptKey;
    private long acceptPausedUntil;

    /**
     * @param stallLimit a connection whose oldest queued frame waits longer is reported stalled
     */
    public SelectorLoop(String name, Duration stallLimit) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.stallLimitNanos = stallLimit.toNanos();
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::run);
    }

    /**
     * Runs {@code task} on the loop thread, after the tasks handed over before it.
     *
     * @return false when the loop has stopped: the task will never run, and the caller must
     *         release what it meant to hand over
     */
    public boolean execute(Runnable task) {
        if (!running) {
            return false;
        }
        tasks.add(task);
        if (!running && tasks.remove(task)) {
            return false; // stopped meanwhile, before its last drain could take the task
        }
        // One wake-up for a burst: a thousand ACKs made durable together are one write to the
        // selector's wake-up pipe, not a thousand.
        if (Thread.currentThread() != thread && !wakeupPending.getAndSet(true)) {
            selector.wakeup();
        }
        return true;
    }

    /**
     * Accepts connections on {@code server} from now on; the socket must be non-blocking.
     *
     * @throws IOException when the socket cannot be registered (the server must not claim to run)
     */
    public void listen(ServerSocketChannel server, Acceptor acceptor) throws IOException {
        java.util.concurrent.CompletableFuture<Void> registered = new java.util.concurrent.CompletableFuture<>();
        boolean queued = execute(() -> {
            try {
                acceptKey = server.register(selector, SelectionKey.OP_ACCEPT, acceptor);
                registered.complete(null);
            } catch (IOException | RuntimeException e) {
                registered.completeExceptionally(e);
            }
        });
        try {
            if (!queued) {
                throw new IOException("the selector loop has stopped");
            }
            registered.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting to accept", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot accept on the listening socket: " + e.getMessage(), e);
        }
    }

    /** Registers a connected socket (accepted, or connected by a client) with this loop's selector; on the loop thread. */
    public SelectionKey register(SocketChannel socket) throws IOException {
        socket.configureBlocking(false);
        socket.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        try {
            return socket.register(selector, SelectionKey.OP_READ);
        } catch (java.nio.channels.ClosedChannelException e) {
            throw new IOException("closed before it could be served", e);
        }
    }

    private void run() {
        long nextSweep = System.nanoTime() + SWEEP_INTERVAL_NANOS;
        while (running) {
            try {
                wakeupPending.set(false); // before draining: a task added after this wakes us again
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    runSafely(task);
                }
                long wait = TimeUnit.NANOSECONDS.toMillis(nextSweep - System.nanoTime());
                if (wait > 0 && tasks.isEmpty()) {
                    selector.select(this::ready, wait);
                } else {
                    selector.selectNow(this::ready);
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    nextSweep = now + SWEEP_INTERVAL_NANOS;
                    sweep(now);
                }
            } catch (Throwable e) {
                // Whatever reaches here is a bug or an Error (e.g. out of memory); the other
                // connections must still be served: a dead loop would leave every client unanswered.
                LOG.error("Selector loop: unexpected failure; carrying on", e);
            }
        }
        // Handed over before the stop: run them now, so nothing waits for a task that would never
        // run (a connection opened by one is cut with the others just below).
        for (Runnable task; (task = tasks.poll()) != null; ) {
            runSafely(task);
        }
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection c) {
                runSafely(c::cut);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the selector", e);
        }
    }

    /** Every connection's clocks, and the accept pause. One allocation-free pass over the keys. */
    private void sweep(long now) {
        if (acceptPausedUntil != 0 && now - acceptPausedUntil >= 0 && acceptKey != null && acceptKey.isValid()) {
            acceptPausedUntil = 0;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof Connection c) {
                try {
                    c.sweep(now, stallLimitNanos);
                } catch (VirtualMachineError e) {
                    throw e;
                } catch (Throwable e) {
                    LOG.error("Selector loop: failure while checking a connection's clocks; closing it", e);
                    c.cut();
                }
            }
        }
    }

    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.error("Selector loop: a task failed; carrying on", e);
        }
    }

    private void ready(SelectionKey key) {
        Object attachment = key.attachment();
        if (attachment instanceof Acceptor acceptor) {
            accept((ServerSocketChannel) key.channel(), acceptor);
            return;
        }
        Connection c = (Connection) attachment;
        try {
            if (key.isValid() && key.isWritable()) {
                c.flush();
            }
            if (key.isValid() && key.isReadable()) {
                c.readable(readBuffer);
            }
        } catch (VirtualMachineError e) {
            c.cut();
            throw e;
        } catch (Throwable e) {
            // A bug or an Error (a listener's AssertionError): this connection goes, the loop stays.
            LOG.error("Selector loop: failure while serving a connection; closing it", e);
            c.cut();
        }
    }

    private void accept(ServerSocketChannel server, Acceptor acceptor) {
        // A bounded batch: a connection flood must not starve the connections already served.
        for (int i = 0; i < 64; i++) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (server.isOpen() && acceptKey != null && acceptKey.isValid()) {
                    // Out of file descriptors, typically: the socket stays ready, and retrying at
                    // once would spin. Pause accepting for a second (the sweep resumes it).
                    LOG.warn("Accepting a connection failed ({}); pausing accepts for 1 s", e.getMessage());
                    acceptKey.interestOps(0);
                    acceptPausedUntil = System.nanoTime() + ACCEPT_PAUSE_NANOS;
                }
                return;
            }
            if (socket == null) {
                return;
            }
            acceptor.accepted(socket);
        }
    }

    /** Cuts what is still registered and ends the thread. */
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
