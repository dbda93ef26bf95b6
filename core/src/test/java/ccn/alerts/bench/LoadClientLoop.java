package ccn.alerts.bench;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.MessageCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one thread that reads, acknowledges and flushes for every {@link LoadClient} in this JVM: a
 * selector over their non-blocking sockets. A thread per client cost the machine under test
 * 25–30 µs of CPU per received alert in wake-ups alone; here one {@code epoll_wait} serves every
 * client that has something to read.
 *
 * <p>Lazily started on first use, a daemon, and never stopped: once every client is closed it
 * sleeps in {@code select} holding nothing but the selector.
 *
 * <p>Thread-safety: {@link #register} and {@link #wakeup} may be called from any thread; the rest
 * runs on the loop thread only. Client callbacks run on the loop thread and must not block.
 */
final class LoadClientLoop implements Runnable {
    /** Big enough that a burst of alerts to one client is read with one call. */
    private static final int READ_BUFFER_BYTES = 64 * 1024;

    private static final class Holder {
        static final LoadClientLoop SHARED = start();
    }

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Set while a wake-up is owed, so a burst of requests costs one write to the wake-up pipe. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    /** Shared by all clients: only the loop thread reads, and each read is consumed before the next. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private volatile Thread thread;
    private long ackId = -1;
    private byte[] ackJson;

    private LoadClientLoop(Selector selector) {
        this.selector = selector;
    }

    /** The loop of this JVM, started on first call. */
    static LoadClientLoop shared() {
        return Holder.SHARED;
    }

    private static LoadClientLoop start() {
        try {
            LoadClientLoop loop = new LoadClientLoop(Selector.open());
            loop.thread = Thread.ofPlatform().name("load-client-loop").daemon().start(loop);
            return loop;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the load clients", e);
        }
    }

    /**
     * Registers {@code client}'s channel (already non-blocking) on the loop thread, then calls
     * {@link LoadClient#registered}, which processes bytes read before the hand-over.
     */
    void register(LoadClient client) {
        execute(() -> {
            SelectionKey key;
            try {
                key = client.socketChannel().register(selector, SelectionKey.OP_READ, client);
            } catch (IOException | RuntimeException e) {
                // Closed before it got here (ClosedChannelException, CancelledKeyException).
                client.fail();
                return;
            }
            try {
                client.registered(key);
            } catch (RuntimeException e) {
                client.fail(); // a broken sink: as in ready()
            }
        });
    }

    /** Runs {@code task} on the loop thread, soon. */
    private void execute(Runnable task) {
        tasks.add(task);
        wakeup();
    }

    /**
     * Makes the loop look at interest-set changes and cancelled keys now rather than at its next
     * event; a no-op on the loop thread itself, which looks before every {@code select}.
     */
    void wakeup() {
        if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /**
     * The ACK for {@code alertId}, encoded once for all clients: they all acknowledge the same
     * alert one after the other. Loop thread only.
     */
    byte[] ack(long alertId) {
        if (alertId != ackId) {
            ackJson = MessageCodec.encode(new Message.Ack(alertId));
            ackId = alertId;
        }
        return ackJson;
    }

    @Override
    public void run() {
        while (true) {
            try {
                selector.select(this::ready);
            } catch (IOException e) {
                // An epoll failure is not something a retry fixes; surface it in the thread's log.
                throw new UncheckedIOException("load client selector failed", e);
            }
            // Cleared before the tasks run: a request queued from now on owes a new wake-up.
            wakeupPending.set(false);
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run(); // tasks catch their own failures: the loop must outlive any client
            }
        }
    }

    private void ready(SelectionKey key) {
        LoadClient client = (LoadClient) key.attachment();
        try {
            int ready = key.readyOps();
            if ((ready & SelectionKey.OP_WRITE) != 0) {
                client.writable();
            }
            if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) {
                client.readable(readBuffer);
            }
        } catch (RuntimeException e) {
            // CancelledKeyException from a close on another thread, or a broken sink: that client
            // is done, the others carry on.
            client.fail();
        }
    }
}
