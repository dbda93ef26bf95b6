package ccn.alerts.client.gui;

import javafx.application.Platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands events from engine threads to the FX Application Thread in batches: however many events
 * arrive, at most one {@code Platform.runLater} is pending, and it delivers everything queued so
 * far in one call. A flood of 1,000 alerts a second thus becomes a few list updates per frame.
 *
 * <p>Thread-safety: {@link #post} may be called from any thread; the consumer runs on the FX
 * Application Thread only.
 */
public final class FxEventQueue<E> {
    /** Upper bound per batch, so one drain never holds the FX thread for long. */
    private static final int MAX_BATCH = 5_000;

    private final Queue<E> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<List<E>> consumer;

    public FxEventQueue(Consumer<List<E>> consumer) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
    }

    public void post(E event) {
        pending.add(Objects.requireNonNull(event, "event"));
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
    }

    private void drain() {
        // Cleared before polling: an event posted during the drain schedules another one.
        scheduled.set(false);
        List<E> batch = new ArrayList<>();
        E e;
        while (batch.size() < MAX_BATCH && (e = pending.poll()) != null) {
            batch.add(e);
        }
        if (!pending.isEmpty() && scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::drain);
        }
        if (!batch.isEmpty()) {
            consumer.accept(batch);
        }
    }
}
