package ccn.alerts.testing;

import ccn.alerts.server.ServerConfig;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One test's {@link TestServer}: a temporary data directory, the server on it, and everything the
 * test asked to be closed, all cleaned up after each test. Registered as a field, so a class can
 * give every test the same configuration:
 *
 * <pre>{@code
 * @RegisterExtension
 * final TestServerExtension server = TestServerExtension.withConfig(c -> c.withLoginTimeout(Duration.ofSeconds(1)));
 *
 * @Test
 * void aTest() throws IOException {
 *     TestServer ts = server.start();                          // or server.start(c -> c.withLoops(2))
 *     ...
 *     ts = server.restart();                                   // same directory, the journal replays
 * }
 * }</pre>
 *
 * <p>After each test (after the class's own {@code @AfterEach} methods, so a GUI can shut down
 * first) it closes what {@link #own} was given, newest first, then the server and every client
 * the server handed out, then deletes the directory. If any of that fails, the test fails with
 * an {@link AssertionError} naming the test and the step; the other steps still run.
 *
 * <p>Thread-safety: for the test's own thread; a {@code static} field is fine (the state is reset
 * after each test) but not with tests running concurrently.
 */
public final class TestServerExtension implements AfterEachCallback {
    private final UnaryOperator<ServerConfig> base;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private Path dir;
    private TestServer current;
    private UnaryOperator<ServerConfig> lastTweak = UnaryOperator.identity();

    private TestServerExtension(UnaryOperator<ServerConfig> base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    /** Servers with the suite's base configuration, {@link TestServer#config(Path)}. */
    public static TestServerExtension withDefaults() {
        return new TestServerExtension(UnaryOperator.identity());
    }

    /** Servers with {@code tweak} applied to the base configuration, for every test of the class. */
    public static TestServerExtension withConfig(UnaryOperator<ServerConfig> tweak) {
        return new TestServerExtension(tweak);
    }

    /** This test's temporary directory, the servers' data directory; made on first use. */
    public Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("ccn-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /**
     * The configuration a {@link #start()} would use, for a test that builds its own
     * {@code AlertServer} (the console starts its server itself).
     */
    public ServerConfig config() {
        return config(UnaryOperator.identity());
    }

    private ServerConfig config(UnaryOperator<ServerConfig> tweak) {
        return tweak.apply(base.apply(TestServer.config(dir())));
    }

    /** Starts a server with the class's configuration. */
    public TestServer start() throws IOException {
        return start(UnaryOperator.identity());
    }

    /** Starts a server with {@code tweak} applied after the class's configuration. */
    public TestServer start(UnaryOperator<ServerConfig> tweak) throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("a server is already running on " + dir + " (port " + current.port()
                    + "); stop() or restart() it first: two servers on one data directory would share its journal");
        }
        lastTweak = tweak;
        current = TestServer.start(config(tweak));
        return current;
    }

    /** The running server, started with the class's configuration if there is none yet. */
    public TestServer get() throws IOException {
        return isRunning() ? current : start();
    }

    /** Closes the running server and its clients, keeping the directory for a later {@link #start()}. */
    public void stop() {
        if (current != null) {
            TestServer closing = current;
            current = null;
            closing.close();
        }
    }

    /** Stops the server and starts another on the same directory with the same configuration. */
    public TestServer restart() throws IOException {
        return restart(lastTweak);
    }

    /** Like {@link #restart()}, with {@code tweak} instead of the last one (e.g. to keep the port). */
    public TestServer restart(UnaryOperator<ServerConfig> tweak) throws IOException {
        stop();
        return start(tweak);
    }

    /** Closes {@code resource} after the test, before the server. */
    public <T extends AutoCloseable> T own(T resource) {
        owned.add(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    private boolean isRunning() {
        return current != null && !current.isClosed();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<Throwable> failures = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        for (AutoCloseable resource : owned.reversed()) {
            attempt("closing " + resource, resource::close, failures, steps);
        }
        owned.clear();
        attempt("closing the server on " + dir, this::stop, failures, steps);
        current = null;
        lastTweak = UnaryOperator.identity();
        if (dir != null) {
            Path deleting = dir;
            dir = null;
            attempt("deleting " + deleting, () -> deleteTree(deleting), failures, steps);
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("after " + context.getDisplayName() + ": " + String.join("; ", steps)
                    + " failed", failures.getFirst());
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void attempt(String what, Step step, List<Throwable> failures, List<String> steps) {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            failures.add(e);
            steps.add(what + " (" + e + ")");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
