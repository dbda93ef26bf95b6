package ccn.alerts.server;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every connection lives on the server's session loop from accept to close: no thread per
 * connection, and nothing the client sent while its login was checked is lost or answered out
 * of order.
 */
class SessionLoopTest {
    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;

    @Test
    void forty_logged_in_connections_add_no_thread_beyond_the_password_pool() throws IOException {
        ts = server.start();
        ts.rawLogin("admin", "admin123"); // the password pool and every engine thread now exist
        int before = Thread.activeCount();

        // when:
        List<RawClient> clients = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            clients.add(ts.rawLogin(i % 2 == 0 ? "user1" : "user2", i % 2 == 0 ? "pass123" : "pass456"));
        }

        // then:
        int pool = Runtime.getRuntime().availableProcessors();
        assertTrue(Thread.activeCount() <= before + pool, "threads before " + before + ", after " + Thread.activeCount()
                + ": " + threadNames());
        assertTrue(threadNames().stream().noneMatch(n -> n.startsWith("ccn-session-") || n.startsWith("ccn-writer-")),
                threadNames().toString());
        long id = broadcast();
        for (RawClient c : clients) {
            assertEquals(id, c.expect(Message.Alert.class).alertId());
        }
    }

    @Test
    void messages_sent_together_with_the_login_are_answered_after_auth_success() throws IOException {
        ts = server.start();
        RawClient raw = ts.rawHandshake();
        raw.hello();

        // The loop reads all three frames at once and pauses while the password is checked: the
        // heartbeats must be answered after AUTH_SUCCESS, not lost and not first.
        raw.sendTogether(new Message.Login("user2", "pass456"), new Message.Heartbeat(7), new Message.Heartbeat(8));

        raw.expect(Message.AuthSuccess.class);
        assertEquals(new Message.HeartbeatOk(7), raw.receive());
        assertEquals(new Message.HeartbeatOk(8), raw.receive());
    }

    @Test
    void stop_sends_server_shutdown_to_a_looped_session_and_closes_it_gently() throws IOException {
        ts = server.start();
        RawClient raw = ts.rawLogin("user1", "pass123");
        raw.send(new Message.Heartbeat(1));
        assertEquals(new Message.HeartbeatOk(1), raw.receive());

        ts.server().stop();

        List<Message> rest = raw.readUntilClosed();
        assertEquals(1, rest.size(), rest.toString());
        assertInstanceOf(Message.ServerShutdown.class, rest.get(0));
    }

    @Test
    void a_loop_count_below_one_is_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.defaults().withLoops(0));
        assertTrue(e.getMessage().contains("loops"), e.getMessage());
        assertEquals(ServerConfig.DEFAULT_LOOPS, ServerConfig.defaults().loops());
    }

    @Test
    void two_loops_serve_sessions_spread_across_them() throws IOException {
        ts = server.start(c -> c.withLoops(2));
        TestClient first = ts.connected("admin", "admin123");
        TestClient second = ts.connected("user1", "pass123");

        // when:
        long id = broadcast();

        // then:
        first.awaitAckConfirmed(id);
        second.awaitAckConfirmed(id);
        assertTrue(threadNames().containsAll(Set.of("ccn-loop-0", "ccn-loop-1")), threadNames().toString());
    }

    private long broadcast() throws IOException {
        return ts.server().broadcastManualAlert(Priority.LOW, "loop check", "admin").alertId();
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(Collectors.toSet());
    }
}
