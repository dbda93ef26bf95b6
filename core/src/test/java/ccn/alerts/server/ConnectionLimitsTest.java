package ccn.alerts.server;

import ccn.alerts.cli.CommandLine;
import ccn.alerts.cli.ServerMain;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each limit refuses the peer that exceeds it with a clear ERROR and a log line; the server carries on. */
class ConnectionLimitsTest {
    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;

    @Test
    void aRefusedPeerThatKeepsSending_isCutWithinTheGracePeriod_andLeavesNothingBehind() throws IOException {
        ts = server.start(c -> c.withMaxUnauthenticatedPerAddress(1));
        ts.rawHandshake().hello(); // holds the one place
        RawClient refused = ts.rawHandshake();

        // when: the refused peer never stops talking
        long start = System.nanoTime();
        boolean cut = ccn.alerts.testing.Await.within(Duration.ofSeconds(8), () -> {
            try {
                refused.sendRaw(new byte[]{1});
                return false;
            } catch (IOException e) {
                return true; // reset: the server closed the socket
            }
        });

        // then: the server closed it anyway, after at most the 2 s grace period (plus slack)
        assertTrue(cut, "the server never closed a refused connection that kept sending");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 6);
    }

    @Test
    void stopAndStartAgain_keepsTheJournalWritable() throws IOException {
        ts = server.start(c -> c.withAutoAlerts(true).withAlertInterval(Duration.ofMillis(50)));
        TestClient admin = ts.connected("admin", "admin123");
        ts.awaitLogLines("ALERT", "^Generated .*", 3); // the scheduler thread has written the journal

        ts.server().stop();
        ts.server().start();
        admin.awaitState(ccn.alerts.client.ClientState.SERVER_SHUTDOWN);
        long id = ts.server().broadcastManualAlert(Priority.HIGH, "after a restart", "test").alertId();

        assertTrue(ts.logLines("ERROR", "^Alert journal.*").isEmpty(), String.join("\n", ts.logLines()));
        assertTrue(id > 0);
    }

    @Test
    void connectionsNotLoggedInBeyondThePerAddressLimit_areRefusedWhileLoggedInUsersAreServed() throws IOException {
        ts = server.start(c -> c.withMaxUnauthenticatedPerAddress(3));
        TestClient admin = ts.connected("admin", "admin123"); // logged in: not counted
        List<RawClient> waiting = List.of(ts.rawHandshake(), ts.rawHandshake(), ts.rawHandshake());
        for (RawClient w : waiting) {
            w.hello();
        }

        RawClient fourth = ts.rawHandshake();

        Message.ErrorReport refused = onlyError(fourth.readUntilClosed());
        assertEquals(Message.ErrorCode.TOO_MANY_CONNECTIONS, refused.code());
        assertTrue(refused.message().contains("not logged in (limit 3)"), refused.message());
        ts.awaitLogLine("ERROR", "^Refused /127\\.0\\.0\\.1:\\d+: 3 connections from 127\\.0\\.0\\.1 have not logged in yet$");
        long id = ts.server().broadcastManualAlert(Priority.LOW, "still here", "admin").alertId();
        admin.awaitAlert(id);

        // A login gives the place back.
        waiting.getFirst().send(new Message.Login("user1", "pass123"));
        waiting.getFirst().expect(Message.AuthSuccess.class);
        ts.rawHandshake().hello();
    }

    @Test
    void connectionBeyondMaxConnections_isRefusedWithTooManyConnections() throws IOException {
        ts = server.start(c -> c.withMaxConnections(2));
        TestClient admin = ts.connected("admin", "admin123");
        ts.rawHandshake().hello();

        Message.ErrorReport refused = onlyError(ts.rawHandshake().readUntilClosed());

        assertEquals(Message.ErrorCode.TOO_MANY_CONNECTIONS, refused.code());
        ts.awaitLogLine("ERROR", "^Refused /127\\.0\\.0\\.1:\\d+: at the limit of 2 connections$");
        admin.awaitAlert(ts.server().broadcastManualAlert(Priority.LOW, "still here", "admin").alertId());
    }

    @Test
    void frameLongerThanTheConfiguredMaximum_closesThatConnectionWithAnErrorLine() throws IOException {
        ts = server.start(c -> c.withMaxFrameLength(2_048));
        TestClient admin = ts.connected("admin", "admin123");
        RawClient raw = ts.rawHandshake();

        raw.sendRaw(new byte[] {0, 0, 0x08, 0x01}); // 2,049 bytes announced

        assertInstanceOf(Message.ServerHello.class, raw.readUntilClosed().getFirst());
        ts.awaitLogLine("ERROR", "frame length 2049 exceeds the maximum of 2048 bytes$");
        admin.awaitAlert(ts.server().broadcastManualAlert(Priority.LOW, "still here", "admin").alertId());
    }

    @Test
    void commandLine_setsEveryLimitAndKeepsTheDocumentedDefaults() {
        ServerConfig defaults = ServerMain.configFrom(parse());
        ServerConfig set = ServerMain.configFrom(parse("--max-connections", "50", "--max-unauthenticated-per-address", "5",
                "--login-timeout", "3", "--queue-size", "16", "--max-frame-bytes", "4096", "--password-iterations", "1000",
                "--loops", "2"));

        assertEquals(List.of(20_000, 64, 10L, 1_024, 65_536, 600_000, 1), List.of(defaults.maxConnections(),
                defaults.maxUnauthenticatedPerAddress(), defaults.loginTimeout().toSeconds(),
                defaults.sessionQueueCapacity(), defaults.maxFrameLength(), defaults.passwordIterations(),
                defaults.loops()));
        assertEquals(List.of(50, 5, Duration.ofSeconds(3), 16, 4_096, 1_000, 2), List.of(set.maxConnections(),
                set.maxUnauthenticatedPerAddress(), set.loginTimeout(), set.sessionQueueCapacity(), set.maxFrameLength(),
                set.passwordIterations(), set.loops()));
    }

    private static CommandLine parse(String... args) {
        return CommandLine.parse(args, ServerMain.OPTIONS_WITH_VALUE, Set.of("help", "no-auto-alerts"));
    }

    private static Message.ErrorReport onlyError(List<Message> got) {
        assertEquals(1, got.size(), got.toString());
        return assertInstanceOf(Message.ErrorReport.class, got.getFirst());
    }
}
