package ccn.alerts.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Calls the server's {@link ServerListener}s from one named daemon thread, {@code ccn-listeners},
 * in the order the events happened. The engine only enqueues: no engine thread ever runs listener
 * code, so no engine lock can be held across a listener call, a slow listener delays no client,
 * and a listener may call back into the server (even {@code stop()}) without deadlocking it.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
final class ListenerDispatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatch.class);
    private static final Runnable END = () -> { };
    /** While events came within this long, the thread polls instead of sleeping until woken. */
    private static final long BUSY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long it waits between polls meanwhile: what a listener event may be late by, at most. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final List<ServerListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();
    /**
     * Set while the thread sleeps. A producer wakes it only when it was asleep: a broadcast to a
     * thousand clients queues a thousand events but costs one wake-up, not a thousand (a blocking
     * queue signals its taker on every put into an empty queue).
     */
    private final AtomicBoolean asleep = new AtomicBoolean();
    private final Thread thread;

    ListenerDispatch() {
        thread = Thread.ofPlatform().name("ccn-listeners").daemon().start(this::run);
    }

    void add(ServerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void remove(ServerListener listener) {
        listeners.remove(listener);
    }

    /** Whether anyone listens: callers skip building an event nobody would see. */
    boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** Queues one event for every listener; returns at once. */
    void fire(Consumer<ServerListener> event) {
        if (!listeners.isEmpty()) {
            enqueue(() -> {
                for (ServerListener l : listeners) {
                    try {
                        event.accept(l);
                    } catch (VirtualMachineError e) {
                        throw e;
                    } catch (RuntimeException | Error e) {
                        LOG.warn("A server listener failed; ignoring it", e);
                    }
                }
            });
        }
    }

    private void enqueue(Runnable event) {
        events.add(event);
        if (asleep.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        long lastEvent = 0;
        while (true) {
            Runnable next = events.poll();
            if (next == null) {
                if (System.nanoTime() - lastEvent < BUSY_NANOS) {
                    // Events are flowing (a broadcast's deliveries and ACKs): look again shortly
                    // instead of being woken for each one. Measured at 1,000 clients, a wake-up
                    // per event cost this thread 17 % of a core, mostly in futex calls.
                    LockSupport.parkNanos(this, LINGER_NANOS);
                    continue;
                }
                asleep.set(true);
                if (events.isEmpty()) { // checked after announcing the sleep: no event is missed
                    LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                }
                asleep.set(false);
                continue;
            }
            lastEvent = System.nanoTime();
            if (next == END) {
                return;
            }
            try {
                next.run();
            } catch (Throwable e) {
                LOG.error("Listener dispatch: unexpected failure; carrying on", e);
            }
        }
    }

    /**
     * Waits until every event queued before this call has been delivered (bounded); for callers
     * that must see what the listeners saw, such as tests and a console's final refresh.
     *
     * @return false when the wait timed out
     */
    boolean awaitDelivered(java.time.Duration timeout) throws InterruptedException {
        if (Thread.currentThread() == thread) {
            return true; // a listener asking: everything before it is delivered already
        }
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        enqueue(done::countDown);
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Delivers what is queued, then ends the thread (bounded wait, never from the thread itself). */
    @Override
    public void close() {
        enqueue(END);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
