package ccn.alerts.server;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The automatic weather alerts: while the server runs and they are on, one every interval, on
 * the timer thread {@code ccn-weather}.
 *
 * <p>Thread-safety: every method may be called from any thread; the monitor guards only the
 * schedule (no I/O, no listener call under it).
 */
final class WeatherAlerts {
    private final Runnable alert;
    private volatile boolean enabled;
    private volatile Duration interval;
    private ScheduledThreadPoolExecutor timer; // guarded by this
    private ScheduledFuture<?> task; // guarded by this

    WeatherAlerts(Runnable alert, boolean enabled, Duration interval) {
        this.alert = Objects.requireNonNull(alert, "alert");
        this.enabled = enabled;
        this.interval = interval;
    }

    boolean enabled() {
        return enabled;
    }

    Duration interval() {
        return interval;
    }

    /** The server started: alerts run from now on, if enabled. */
    synchronized void start() {
        timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("ccn-weather").daemon().factory());
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        timer.setRemoveOnCancelPolicy(true);
        reschedule();
    }

    /** The server stops: no alert starts from now on (one being sent finishes). */
    void stop() {
        ScheduledThreadPoolExecutor t;
        synchronized (this) {
            t = timer;
            timer = null;
            cancel();
        }
        if (t != null) {
            // shutdown(), never an interrupt: an interrupted thread writing the journal would close it.
            t.shutdown();
            try {
                t.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    synchronized void setEnabled(boolean on) {
        enabled = on;
        reschedule();
    }

    synchronized void setInterval(Duration every) {
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        interval = every;
        reschedule();
    }

    private void reschedule() {
        cancel();
        if (enabled && timer != null) {
            long ms = interval.toMillis();
            task = timer.scheduleAtFixedRate(alert, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
