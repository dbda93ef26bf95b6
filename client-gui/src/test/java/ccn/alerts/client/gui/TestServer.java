package ccn.alerts.client.gui;

import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real core server on a free loopback port with its own data directory, for one test. */
final class TestServer implements AutoCloseable {
    private final Path dir;
    private final AlertServer server;

    private TestServer(Path dir, AlertServer server) {
        this.dir = dir;
        this.server = server;
    }

    static TestServer start() {
        try {
            Path dir = Files.createTempDirectory("ccn-client-gui-test");
            AlertServer server = new AlertServer(ServerConfig.defaults().withPort(0).withDataDir(dir)
                    .withPasswordIterations(1_000).withAutoAlerts(false).withHeartbeatInterval(Duration.ofSeconds(1)));
            server.start();
            return new TestServer(dir, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    AlertServer engine() {
        return server;
    }

    int port() {
        return server.port();
    }

    String key() {
        return server.key().asText();
    }

    /** Pre-filled form for this server; the test presses Connect. */
    LaunchOptions login(String user, String password) {
        return LaunchOptions.parse(java.util.List.of("--host", "127.0.0.1", "--port", Integer.toString(port()),
                "--user", user, "--key", key(), "--password", password));
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }
}
