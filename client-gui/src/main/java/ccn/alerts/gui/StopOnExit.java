package ccn.alerts.gui;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A window's stop path (stop the server and tell the clients; log out), run exactly once whether
 * the window closed or the JVM was asked to end: Ctrl+C, SIGTERM, the desktop session logging out.
 * A JVM shutdown hook is the only way to hear those signals in portable Java, the way the headless
 * server ({@code ServerMain}) does.
 *
 * <p>The hook never touches the JavaFX Application Thread: it runs the stop path on its own thread
 * and waits only for that. {@code Platform.exit()} may not run during a shutdown hook, and waiting
 * for the FX thread there could deadlock with an FX callback that is itself waiting for the
 * engine. The stop path must therefore be safe off the FX thread (the models' {@code shutdown()}
 * methods are).
 *
 * <p>Thread-safety: all methods may be called from any thread; the first call runs the stop path
 * and later ones wait for it (bounded by the timeout), so a signal that arrives while the window
 * is closing waits for that close instead of starting a second one.
 */
public final class StopOnExit {
    private final String name;
    private final Runnable stop;
    private final Duration timeout;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    /**
     * @param name    the threads' name, e.g. {@code ccn-console-stop}
     * @param stop    blocking stop path; must not need the FX thread
     * @param timeout how long a signal waits for it before the JVM ends regardless
     */
    public StopOnExit(String name, Runnable stop, Duration timeout) {
        this.name = Objects.requireNonNull(name, "name");
        this.stop = Objects.requireNonNull(stop, "stop");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Registers the JVM shutdown hook; once per launch (tests that build windows themselves skip it). */
    public StopOnExit onSignals() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::runAndWait, name + "-on-exit"));
        return this;
    }

    /** Runs the stop path on a new thread (e.g. from a window's close request) and returns at once. */
    public void runInBackground(Runnable then) {
        Objects.requireNonNull(then, "then");
        Thread.ofPlatform().name(name).start(() -> {
            runAndWait();
            then.run();
        });
    }

    /** Runs the stop path here, or waits for the run already under way; returns false on timeout. */
    public boolean runAndWait() {
        if (started.compareAndSet(false, true)) {
            try {
                stop.run();
            } finally {
                done.countDown();
            }
            return true;
        }
        try {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True once the stop path has finished. */
    public boolean isDone() {
        return done.getCount() == 0;
    }
}
