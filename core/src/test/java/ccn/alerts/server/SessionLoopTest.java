package ccn.alerts.server;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session logs in on its own threads and is then served by the server's session loop: its
 * threads end, and nothing the client sent meanwhile is lost or answered out of order.
 * {@link Thread#getAllStackTraces()} lists platform threads only, so the first session is put
 * on platform threads to be seen.
 */
class SessionLoopTest {
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
    void after_login_the_session_threads_end_and_the_loop_serves_both_sessions() throws IOException {
        ts = TestServer.start(dir, c -> c.withPlatformThreadSessions(1));
        TestClient first = ts.connected("admin", "admin123");
        TestClient second = ts.connected("user1", "pass123");
        String firstId = sessionOf("admin");

        Await.until(() -> !platformThreadNames().contains("ccn-session-" + firstId)
                        && !platformThreadNames().contains("ccn-writer-" + firstId),
                "the logged-in session's reader and writer threads end: " + platformThreadNames());
        assertTrue(platformThreadNames().contains("ccn-session-loop"), platformThreadNames().toString());

        long id = broadcast();
        first.awaitAckConfirmed(id);
        second.awaitAckConfirmed(id);
    }

    @Test
    void messages_sent_together_with_the_login_are_answered_after_auth_success() throws IOException {
        ts = TestServer.start(dir);
        RawClient raw = ts.rawHandshake();
        raw.hello();

        // The server's login phase reads all three frames at once; the two heartbeats are still
        // in its buffer when it hands the socket over, and must reach the loop.
        raw.sendTogether(new Message.Login("user2", "pass456"), new Message.Heartbeat(7), new Message.Heartbeat(8));

        raw.expect(Message.AuthSuccess.class);
        assertEquals(new Message.HeartbeatOk(7), raw.receive());
        assertEquals(new Message.HeartbeatOk(8), raw.receive());
    }

    @Test
    void stop_sends_server_shutdown_to_a_looped_session_and_closes_it_gently() throws IOException {
        ts = TestServer.start(dir);
        RawClient raw = ts.rawLogin("user1", "pass123");
        raw.send(new Message.Heartbeat(1));
        assertEquals(new Message.HeartbeatOk(1), raw.receive());

        ts.server().stop();

        List<Message> rest = raw.readUntilClosed();
        assertEquals(1, rest.size(), rest.toString());
        assertInstanceOf(Message.ServerShutdown.class, rest.get(0));
    }

    @Test
    void a_negative_count_is_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().withPlatformThreadSessions(-1));
        assertTrue(e.getMessage().contains("platformThreadSessions"), e.getMessage());
        assertEquals(ServerConfig.DEFAULT_PLATFORM_THREAD_SESSIONS, ServerConfig.defaults().platformThreadSessions());
    }

    private long broadcast() throws IOException {
        return ts.server().broadcastManualAlert(Priority.LOW, "loop check", "admin").alertId();
    }

    private String sessionOf(String username) {
        return ts.server().clients().stream().filter(c -> username.equals(c.username())).findFirst()
                .orElseThrow(() -> new AssertionError(username + " is not connected")).sessionId();
    }

    private static Set<String> platformThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }
}
