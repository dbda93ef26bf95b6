package ccn.alerts.server.gui;

import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientState;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.log.EventLog;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.ChildJvm;
import ccn.alerts.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM (and so Ctrl+C) to the console in its own JVM does what closing the window does: every
 * client is told SERVER_SHUTDOWN and the log ends with "Server shutdown complete", no stack trace.
 */
class ConsoleSignalTest {
    private static final Duration SLOW = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void sigterm_stopsTheServerGracefullyLikeClosingTheWindow() throws Exception {
        try (ChildJvm console = ChildJvm.start(ChildJvm.HEADLESS_FX, ServerConsole.class.getName(),
                "--autostart", "--port", "0", "--data-dir", dir.toString(), "--no-auto-alerts", "--password-iterations", "1000")) {
            int port = Integer.parseInt(Await.value(SLOW, () -> startedPort(console), console::output));
            SharedKey key = SharedKey.parse(Files.readString(dir.resolve(SharedKey.FILE_NAME)));
            try (TestClient client = new TestClient(ClientConfig.of("127.0.0.1", port, "user1", "pass123", key)).connected()) {
                // when:
                int exit = console.terminate(SLOW);
                // then:
                client.awaitState(ClientState.SERVER_SHUTDOWN, SLOW);
                List<String> log = Files.readAllLines(dir.resolve(EventLog.FILE_NAME), StandardCharsets.UTF_8);
                assertTrue(log.getLast().endsWith("[SERVER] Server shutdown complete"), "log ends with: " + log.getLast());
                assertFalse(console.output().contains("Exception"), "a stack trace:\n" + console.output());
                assertFalse(console.output().contains("\tat "), "a stack trace:\n" + console.output());
                assertTrue(exit == 0 || exit == 143, "exit code " + exit);
            }
        }
    }

    /** The port from the log's "Server started on 127.0.0.1:PORT", or null while not there yet. */
    private String startedPort(ChildJvm console) {
        Path log = dir.resolve(EventLog.FILE_NAME);
        try {
            Matcher m = Pattern.compile("Server started on [^ ]+:(\\d+)").matcher(Files.exists(log) ? Files.readString(log) : "");
            return m.find() ? m.group(1) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
