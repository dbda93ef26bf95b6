package ccn.alerts.server;

import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first {@link ServerConfig#platformThreadSessions()} sessions run on platform threads, later
 * ones on virtual threads, and both kinds serve alike. {@link Thread#getAllStackTraces()} lists
 * platform threads only, which is how the kind is told apart here.
 */
class SessionThreadsTest {
    @TempDir
    Path dir;
    private TestServer ts;

    @AfterEach
    void tearDown() {
        if (ts != null) {
            ts.close();
        }
    }

    @Test
    void the_first_session_gets_platform_threads_and_the_next_one_virtual_threads() throws IOException {
        ts = TestServer.start(dir, c -> c.withPlatformThreadSessions(1));
        TestClient first = ts.connected("admin", "admin123");
        TestClient second = ts.connected("user1", "pass123");
        String firstId = sessionOf("admin");
        String secondId = sessionOf("user1");

        Set<String> platform = platformThreadNames();
        assertTrue(platform.contains("ccn-session-" + firstId), platform.toString());
        assertTrue(platform.contains("ccn-writer-" + firstId), platform.toString());
        assertFalse(platform.contains("ccn-session-" + secondId), platform.toString());
        assertFalse(platform.contains("ccn-writer-" + secondId), platform.toString());

        long id = broadcast();
        first.awaitAckConfirmed(id);
        second.awaitAckConfirmed(id);
    }

    @Test
    void zero_puts_every_session_on_virtual_threads() throws IOException {
        ts = TestServer.start(dir, c -> c.withPlatformThreadSessions(0));
        TestClient only = ts.connected("user2", "pass456");
        String sessionId = sessionOf("user2");

        Set<String> platform = platformThreadNames();
        assertFalse(platform.contains("ccn-session-" + sessionId), platform.toString());
        only.awaitAckConfirmed(broadcast());
    }

    @Test
    void a_negative_count_is_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().withPlatformThreadSessions(-1));
        assertTrue(e.getMessage().contains("platformThreadSessions"), e.getMessage());
        assertEquals(ServerConfig.DEFAULT_PLATFORM_THREAD_SESSIONS, ServerConfig.defaults().platformThreadSessions());
    }

    private long broadcast() throws IOException {
        return ts.server().broadcastManualAlert(Priority.LOW, "thread check", "admin").alertId();
    }

    private String sessionOf(String username) {
        return ts.server().clients().stream().filter(c -> username.equals(c.username())).findFirst()
                .orElseThrow(() -> new AssertionError(username + " is not connected")).sessionId();
    }

    private static Set<String> platformThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }
}
