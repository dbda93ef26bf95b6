package ccn.alerts.server.gui;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where the console's models run engine calls that may block (file I/O, start/stop, a graceful
 * stop's wait): never on the FX thread. Two executors of named daemon threads:
 * <ul>
 *   <li>{@link #run} — a pool, for actions that must not wait behind each other (a kick while a
 *       slow start is still binding);</li>
 *   <li>{@link #runInOrder} — one thread, for settings a user can flip quickly (auto alerts,
 *       interval, weather source, wire capture): they reach the engine in click order, so it ends
 *       in the state the control shows.</li>
 * </ul>
 * Results and failures come back on the FX thread; a failure becomes one sentence in
 * {@link #problemProperty()}, never a stack trace. After every command {@code afterEach} runs (the
 * console refreshes), so its effect shows without waiting for the next pulse.
 *
 * <p>Thread-safety: {@code run}, {@code runInOrder} and the properties are for the FX thread only;
 * {@link #shutdown()} may be called from any thread.
 */
public final class CommandRunner {
    private final ExecutorService pool = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("ccn-console-io-", 0).daemon().factory());
    private final ExecutorService ordered = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("ccn-console-settings").daemon().factory());
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final Runnable afterEach;
    // Commands overlap (a send while a kick runs): busy ends with the last, not the first.
    private int running;

    public CommandRunner(Runnable afterEach) {
        this.afterEach = Objects.requireNonNull(afterEach, "afterEach");
    }

    /** Runs blocking engine work on the pool. The future completes on the FX thread. */
    public <T> CompletableFuture<T> run(Callable<T> work, String failurePrefix) {
        return submit(pool, work, failurePrefix);
    }

    /** Runs engine work on the one settings thread, after every setting queued before it. */
    public <T> CompletableFuture<T> runInOrder(Callable<T> work, String failurePrefix) {
        return submit(ordered, work, failurePrefix);
    }

    private <T> CompletableFuture<T> submit(ExecutorService executor, Callable<T> work, String failurePrefix) {
        // A new action makes the last failure old news.
        problem.set("");
        running++;
        busy.set(true);
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(work.call());
                } catch (Exception e) {
                    result.completeExceptionally(e);
                } catch (Error e) {
                    result.completeExceptionally(e); // busy must still end
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the console is closing"));
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        result.whenComplete((value, error) -> Platform.runLater(() -> {
            running--;
            busy.set(running > 0);
            if (error != null) {
                problem.set(failurePrefix + ": " + messageOf(error));
            }
            afterEach.run();
            // Completed last, so a caller's thenAccept sees the refreshed model; a failed
            // command's future fails and its thenAccept does not run.
            if (error == null) {
                done.complete(value);
            } else {
                done.completeExceptionally(error);
            }
        }));
        return done;
    }

    /** Shows a failure found on the FX thread (e.g. a form the engine would reject). */
    public void reportProblem(String text) {
        problem.set(Objects.requireNonNull(text, "text"));
    }

    /** The last failure as a sentence for people, or empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** True while any command runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Abandons queued commands and interrupts running ones; any thread. */
    public void shutdown() {
        pool.shutdownNow();
        ordered.shutdownNow();
    }

    /** The exception's own message, not its class and trace: the engine writes them for people. */
    static String messageOf(Throwable error) {
        Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (t.getMessage() != null && !t.getMessage().isBlank()) {
            return t.getMessage();
        }
        // A bug rather than a condition the engine explains: the trace goes to whoever debugs it.
        System.getLogger(CommandRunner.class.getName()).log(System.Logger.Level.WARNING, "Console command failed", t);
        return "unexpected " + t.getClass().getSimpleName();
    }
}
