package ccn.alerts.testing;

import ccn.alerts.client.ClientConfig;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.log.EventLog;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A real {@link AlertServer} on 127.0.0.1, any free port, with its data in a test's temporary
 * directory, a recording listener, and helpers to read {@code server_log.txt}. Closing it closes
 * every client it made, then the server; a second close does nothing. A test gets one through
 * {@link TestServerExtension}, which also makes and deletes the directory.
 */
public final class TestServer implements AutoCloseable {
    /** {@code [2026-11-30 12:00:00] [AUTH] message}: the seed's line format. */
    public static final Pattern LINE = Pattern.compile("^\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}] \\[([A-Z]+)] (.+)$");
    public static final Duration TEST_BACKOFF = Duration.ofMillis(100);

    private final Path dataDir;
    private final AlertServer server;
    private final ServerEvents events = new ServerEvents();
    private final List<AutoCloseable> owned = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private TestServer(ServerConfig config) throws IOException {
        this.dataDir = config.dataDir();
        this.server = new AlertServer(config);
        server.addListener(events);
    }

    /** The suite's base configuration: loopback, port 0, cheap hashing, no automatic alerts. */
    public static ServerConfig config(Path dataDir) {
        return ServerConfig.defaults().withPort(0).withDataDir(dataDir).withPasswordIterations(1_000).withAutoAlerts(false);
    }

    public static TestServer start(Path dataDir) throws IOException {
        return start(dataDir, UnaryOperator.identity());
    }

    public static TestServer start(Path dataDir, UnaryOperator<ServerConfig> tweak) throws IOException {
        return start(tweak.apply(config(dataDir)));
    }

    public static TestServer start(ServerConfig config) throws IOException {
        TestServer ts = new TestServer(config);
        ts.server.start();
        return ts;
    }

    public AlertServer server() {
        return server;
    }

    /** What the listener saw, once every event that happened before this call has reached it. */
    public ServerEvents events() {
        if (!server.awaitListeners(java.time.Duration.ofSeconds(10))) {
            throw new AssertionError("listener events were not delivered within 10 s");
        }
        return events;
    }

    public int port() {
        return server.port();
    }

    public SharedKey key() {
        return server.key();
    }

    public Path dataDir() {
        return dataDir;
    }

    public ClientConfig clientConfig(String username, String password) {
        return ClientConfig.of("127.0.0.1", port(), username, password, key()).withBackoff(TEST_BACKOFF, Duration.ofMillis(500));
    }

    /** A client that is not connected yet; closed with this server. */
    public TestClient client(String username, String password) {
        return own(new TestClient(clientConfig(username, password)));
    }

    public TestClient client(ClientConfig config) {
        return own(new TestClient(config));
    }

    /** A client that has logged in. */
    public TestClient connected(String username, String password) {
        return client(username, password).connected();
    }

    public RawClient rawLogin(String username, String password) throws IOException {
        RawClient raw = own(RawClient.handshake(port(), key()));
        raw.login(username, password);
        return raw;
    }

    public RawClient rawHandshake() throws IOException {
        return own(RawClient.handshake(port(), key()));
    }

    public <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    // ------------------------------------------------------------ server_log.txt

    public Path logFile() {
        return dataDir.resolve(EventLog.FILE_NAME);
    }

    public List<String> logLines() {
        server.eventLog().flush(); // the file is written by the log's own thread
        try {
            return Files.exists(logFile()) ? Files.readAllLines(logFile(), StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of one type whose text after the type matches {@code regex} (find, not whole match). */
    public List<String> logLines(String type, String regex) {
        Pattern p = Pattern.compile(regex);
        List<String> out = new ArrayList<>();
        for (String line : logLines()) {
            var m = LINE.matcher(line);
            if (m.matches() && m.group(1).equals(type) && p.matcher(m.group(2)).find()) {
                out.add(line);
            }
        }
        return out;
    }

    /** Waits for {@code count} such lines and returns them all. */
    public List<String> awaitLogLines(String type, String regex, int count) {
        Await.until(() -> logLines(type, regex).size() >= count,
                count + " [" + type + "] line(s) matching /" + regex + "/ in " + EventLog.FILE_NAME + "; it has:\n"
                        + String.join("\n", logLines()));
        return logLines(type, regex);
    }

    public String awaitLogLine(String type, String regex) {
        return awaitLogLines(type, regex, 1).getFirst();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes every client, then the server, even when a client fails to close; then reports those
     * failures, so a client that cannot be closed fails the test instead of leaking into the next.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable c : owned.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                failures.add(e); // reported below: the server still has to stop
            }
        }
        server.close();
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException(failures.size() + " of the " + owned.size()
                    + " clients of the server on " + dataDir + " did not close (the server did)", failures.getFirst());
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
    }
}
