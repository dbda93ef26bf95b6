package ccn.alerts.client.gui;

import ccn.alerts.testing.Await;
import ccn.alerts.testing.ChildJvm;
import ccn.alerts.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** SIGTERM (and so Ctrl+C) to a client window in its own JVM logs out, as closing the window does. */
class ClientSignalTest {
    private static final Duration SLOW = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void sigterm_logsOutLikeClosingTheWindow() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"))) {
            List<String> options = new ArrayList<>(ChildJvm.HEADLESS_FX);
            // The remembered login goes to a throwaway preferences tree, not the developer's own.
            options.add("-Djava.util.prefs.userRoot=" + dir.resolve("prefs"));
            try (ChildJvm client = ChildJvm.start(options, ClientMain.class.getName(), "--host", "127.0.0.1",
                    "--port", Integer.toString(server.port()), "--user", "user1", "--key", server.key().asText(),
                    "--password", "pass123", "--auto-login")) {
                Await.until(SLOW, () -> !server.logLines("AUTH", "authenticated as user1").isEmpty(),
                        "the client logs in:\n" + client.output());
                // when:
                int exit = client.terminate(SLOW);
                // then:
                Await.until(SLOW, () -> !server.logLines("MESSAGE", "user1.* logged out").isEmpty(),
                        "the server logs the logout:\n" + String.join("\n", server.logLines()) + "\nclient (exit " + exit + "):\n" + client.output() + "\nclients: " + server.server().clients());
                assertFalse(client.output().contains("\tat "), "a stack trace:\n" + client.output());
            }
        }
    }
}
