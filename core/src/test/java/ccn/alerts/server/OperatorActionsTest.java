package ccn.alerts.server;

import ccn.alerts.client.ClientState;
import ccn.alerts.client.ClientStatus;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's kick, and brute-force throttling of logins. */
class OperatorActionsTest {
    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;

    @Test
    void kick_disconnectsThatSessionNamingTheOperatorAndTheClientStaysDisconnected() throws Exception {
        ts = server.start();
        TestClient admin = ts.connected("admin", "admin123");
        TestClient user1 = ts.connected("user1", "pass123");
        String session = ts.server().clients().stream().filter(c -> "admin".equals(c.username()))
                .findFirst().orElseThrow().sessionId();

        assertTrue(ts.server().kick(session));

        admin.awaitState(ClientState.DISCONNECTED);
        assertTrue(admin.engine.status().reason().contains("operator"), admin.engine.status().reason());
        ts.awaitLogLine("DISCONNECT", "^Disconnecting admin \\(/127\\.0\\.0\\.1:\\d+\\) at the operator's request$");
        ts.awaitLogLine("DISCONNECT", "^Removed disconnected client: admin \\(/127\\.0\\.0\\.1:\\d+\\): kicked by operator$");
        Await.until(() -> ts.events().disconnectsOf(session).size() == 1, "clientDisconnected for the kicked session");
        assertEquals("kicked by operator", ts.events().disconnectsOf(session).getFirst().reason());
        assertFalse(ts.server().kick(session), "a second kick finds no session");
        // A kick is deliberate: the client does not come back by itself (its back-off is 100 ms).
        assertFalse(Await.within(Duration.ofSeconds(1), () -> ts.events().authenticated.size() > 2),
                "the kicked client logged in again");
        assertFalse(admin.states().contains(ClientState.RECONNECTING), admin.states().toString());
        assertEquals(ClientState.CONNECTED, user1.state());
    }

    @Test
    void fiveWrongPasswords_throttleTheSixthAttemptEvenWithTheRightPassword() throws Exception {
        ts = server.start();
        for (int i = 1; i <= 5; i++) {
            ClientStatus failed = ts.client("user2", "wrong" + i).connect();
            assertEquals(ClientState.AUTH_FAILED, failed.state(), "attempt " + i + ": " + failed);
        }

        ClientStatus sixth = ts.client("user2", "pass456").connect();

        assertEquals(ClientState.THROTTLED, sixth.state(), sixth.toString());
        assertTrue(sixth.reason().matches("Too many attempts — retry in \\d+ s"), sixth.reason());
        assertNotNull(sixth.retryAt());
        assertTrue(sixth.retryAt().isAfter(Instant.now().plusSeconds(20)), sixth.retryAt().toString());
        assertEquals(5, ts.logLines("AUTH", "^Authentication failed for user 'user2' ").size());
        ts.awaitLogLine("AUTH", "^Login refused for user 'user2' from /127\\.0\\.0\\.1:\\d+: too many failures, retry in \\d+ s$");
        assertTrue(ts.events().authenticated.isEmpty());
    }
}
