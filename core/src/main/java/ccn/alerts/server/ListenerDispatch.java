package ccn.alerts.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
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

    private final List<ServerListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
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
            events.add(() -> {
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

    private void run() {
        while (true) {
            Runnable next;
            try {
                next = events.take();
            } catch (InterruptedException e) {
                return;
            }
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

    /** Delivers what is queued, then ends the thread (bounded wait, never from the thread itself). */
    @Override
    public void close() {
        events.add(END);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
