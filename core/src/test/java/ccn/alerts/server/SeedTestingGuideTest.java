package ccn.alerts.server;

import ccn.alerts.alert.FixedWeather;
import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientState;
import ccn.alerts.client.ClientStatus;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.ServerEvents;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed project's "Complete Testing Guide", tests 1–10, each run against a real server on a
 * loopback socket and checked through the engines' events and the lines of server_log.txt.
 */
class SeedTestingGuideTest {
    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();

    // 1 ----------------------------------------------------------------------------------------

    @Test
    void test1_basicConnection_adminIsConnectedAndTheLogShowsConnectionAndAuth() throws IOException {
        TestServer ts = server.start();

        TestClient admin = ts.client("admin", "admin123");
        ClientStatus status = admin.connect();

        assertEquals(ClientState.CONNECTED, status.state(), status.toString());
        String connection = ts.awaitLogLine("CONNECTION", "^New connection from /127\\.0\\.0\\.1:\\d+$");
        String auth = ts.awaitLogLine("AUTH", "^Client /127\\.0\\.0\\.1:\\d+ authenticated as admin$");
        assertTrue(TestServer.LINE.matcher(auth).matches(), auth);
        // The AUTH line names the same peer address as the CONNECTION line and the session.
        String address = ts.server().clients().getFirst().address();
        assertTrue(connection.endsWith("New connection from " + address), connection);
        assertTrue(auth.contains("Client " + address + " authenticated as admin"), auth);
        assertEquals(1, ts.events().authenticated.size());
        assertEquals("admin", ts.events().authenticated.getFirst().username());
    }

    // 2 ----------------------------------------------------------------------------------------

    @Test
    void test2_authentication_correctConnectsAndWrongPasswordAndUnknownUserFailAlike() throws IOException {
        TestServer ts = server.start();

        ClientStatus good = ts.client("admin", "admin123").connect();
        ClientStatus wrongPassword = ts.client("admin", "wrong").connect();
        ClientStatus unknownUser = ts.client("unknown", "anything").connect();

        assertEquals(ClientState.CONNECTED, good.state(), good.toString());
        assertEquals(ClientState.AUTH_FAILED, wrongPassword.state(), wrongPassword.toString());
        assertEquals("Wrong username or password", wrongPassword.reason());
        assertEquals(ClientState.AUTH_FAILED, unknownUser.state(), unknownUser.toString());
        assertEquals(wrongPassword.reason(), unknownUser.reason());
        ts.awaitLogLine("AUTH", "^Authentication failed for user 'admin' from /127\\.0\\.0\\.1:\\d+$");
        ts.awaitLogLine("AUTH", "^Authentication failed for user 'unknown' from /127\\.0\\.0\\.1:\\d+$");
        assertEquals(1, ts.events().authenticated.size(), "only the correct login authenticated");
    }

    @Test
    void test2_authentication_serverAnswersWrongPasswordAndUnknownUserWithTheSameFrame() throws IOException {
        TestServer ts = server.start();

        Message.AuthFailed wrongPassword;
        Message.AuthFailed unknownUser;
        try (RawClient raw = RawClient.handshake(ts.port(), ts.key())) {
            raw.hello();
            raw.send(new Message.Login("admin", "wrong"));
            wrongPassword = raw.expect(Message.AuthFailed.class);
            // The connection stays open for another try.
            raw.send(new Message.Login("unknown", "anything"));
            unknownUser = raw.expect(Message.AuthFailed.class);
        }

        assertEquals(Message.AuthFailure.BAD_CREDENTIALS, wrongPassword.reason());
        assertEquals(wrongPassword, unknownUser);
    }

    // 3 ----------------------------------------------------------------------------------------

    @Test
    void test3_alertPriorities_fixedWeatherGivesHighMediumAndLow() throws IOException {
        TestServer ts = server.start(c -> c.withWeather("fixed:35,90"));
        TestClient admin = ts.connected("admin", "admin123");

        Message.Alert high = ts.server().broadcastWeatherAlert();
        ts.server().setWeatherSource(new FixedWeather(27, 50, "Cloudy"));
        Message.Alert medium = ts.server().broadcastWeatherAlert();
        ts.server().setWeatherSource(new FixedWeather(20, 40, "Clear"));
        Message.Alert low = ts.server().broadcastWeatherAlert();

        assertEquals(Priority.HIGH, high.priority());
        assertEquals(Priority.MEDIUM, medium.priority());
        assertEquals(Priority.LOW, low.priority());
        ts.awaitLogLine("ALERT", "^Generated HIGH priority alert: Weather Alert: Temp: 35°C, Humidity: 90%, Condition: \\S+");
        ts.awaitLogLine("ALERT", "^Generated MEDIUM priority alert: Weather Alert: Temp: 27°C, Humidity: 50%, Condition: Cloudy$");
        ts.awaitLogLine("ALERT", "^Generated LOW priority alert: Weather Alert: Temp: 20°C, Humidity: 40%, Condition: Clear$");
        assertEquals(Priority.HIGH, admin.awaitAlert(high.alertId()).priority());
        assertEquals(Priority.MEDIUM, admin.awaitAlert(medium.alertId()).priority());
        assertEquals(Priority.LOW, admin.awaitAlert(low.alertId()).priority());
        assertEquals(List.of(high, medium, low), ts.events().created);
    }

    @Test
    void test3_automaticAlerts_arriveWithoutAnyBroadcastCall() throws IOException {
        TestServer ts = server.start(c -> c.withWeather("fixed:35,90").withAutoAlerts(true)
                .withAlertInterval(Duration.ofMillis(200)));
        TestClient admin = ts.connected("admin", "admin123");

        Await.until(() -> admin.alerts.size() >= 2, "two automatic alerts reach the client (has " + admin.alertIds() + ")");

        assertTrue(admin.alerts.stream().allMatch(a -> a.source() == Message.AlertSource.AUTO
                && a.priority() == Priority.HIGH), admin.alerts.toString());
        assertTrue(ts.events().created.size() >= 2);
        ts.awaitLogLines("ALERT", "^Generated HIGH priority alert: Weather Alert: Temp: 35°C", 2);
    }

    // 4 ----------------------------------------------------------------------------------------

    @Test
    void test4_broadcast_reachesAllThreeClientsWithTheSameAlertId() throws IOException {
        TestServer ts = server.start();
        TestClient admin = ts.connected("admin", "admin123");
        TestClient user1 = ts.connected("user1", "pass123");
        TestClient user2 = ts.connected("user2", "pass456");

        Message.Alert sent = ts.server().broadcastManualAlert(Priority.HIGH, "Fire drill at 3 pm", "admin");

        for (TestClient c : List.of(admin, user1, user2)) {
            Message.Alert got = c.awaitAlert(sent.alertId());
            assertEquals("Fire drill at 3 pm", got.message());
            assertEquals(Priority.HIGH, got.priority());
        }
        List<String> lines = ts.awaitLogLines("BROADCAST", "^Alert " + sent.alertId() + " sent to ", 3);
        assertEquals(3, lines.size(), String.join("\n", lines));
        for (String user : List.of("admin", "user1", "user2")) {
            assertEquals(1, lines.stream().filter(l -> l.contains(" sent to " + user + " (/127.0.0.1:")).count(), user);
        }
        Await.until(() -> ts.events().deliveriesOf(sent.alertId()).size() == 3, "three alertDelivered events");
    }

    // 5 ----------------------------------------------------------------------------------------

    @Test
    void test5_ack_clientAcknowledgesAndTheServerRecordsIt() throws IOException {
        TestServer ts = server.start();
        TestClient admin = ts.connected("admin", "admin123");

        Message.Alert sent = ts.server().broadcastManualAlert(Priority.MEDIUM, "Check the ACK path", "admin");

        admin.awaitAckConfirmed(sent.alertId());
        assertTrue(admin.acksSent.contains(sent.alertId()));
        ts.awaitLogLine("ACK", "^Received ACK from admin for alert " + sent.alertId() + "$");
        Await.until(() -> !ts.events().acknowledged.isEmpty(), "alertAcknowledged event");
        ServerEvents.Acknowledged ack = ts.events().acknowledged.getFirst();
        assertEquals(sent.alertId(), ack.alertId());
        assertEquals("admin", ack.client().username());
        assertFalse(ack.latency().isNegative(), ack.latency().toString());
        AckTracker.AlertStatus status = ts.server().recentAlerts().stream()
                .filter(s -> s.alert().alertId() == sent.alertId()).findFirst().orElseThrow();
        assertEquals(1, status.deliveries().size());
        assertTrue(status.deliveries().getFirst().acknowledged());
        assertEquals("admin", status.deliveries().getFirst().username());
        assertEquals(1, ts.server().stats().acknowledgements());
    }

    // 6 ----------------------------------------------------------------------------------------

    @Test
    void test6_logFile_holdsServerConnectionAuthAlertBroadcastAckInOrderInTheSeedFormat() throws IOException {
        TestServer ts = server.start();
        TestClient admin = ts.connected("admin", "admin123");
        Message.Alert sent = ts.server().broadcastWeatherAlert();
        admin.awaitAckConfirmed(sent.alertId());
        ts.awaitLogLine("ACK", "for alert " + sent.alertId());

        List<String> lines = ts.logLines();
        List<String> types = new ArrayList<>();
        for (String line : lines) {
            Matcher m = TestServer.LINE.matcher(line);
            assertTrue(m.matches(), "not in the seed format: " + line);
            types.add(m.group(1));
        }
        int previous = -1;
        for (String type : List.of("SERVER", "CONNECTION", "AUTH", "ALERT", "BROADCAST", "ACK")) {
            int at = types.indexOf(type);
            assertTrue(at > previous, type + " comes after the previous kinds in:\n" + String.join("\n", lines));
            previous = at;
        }
    }

    // 7 ----------------------------------------------------------------------------------------

    @Test
    void test7_gracefulShutdown_reachesTwoClientsLeavesNoThreadsAndFreesThePort() throws IOException {
        TestServer first = server.start();
        TestClient admin = first.connected("admin", "admin123");
        TestClient user1 = first.connected("user1", "pass123");
        int port = first.port();

        first.server().stop();

        admin.awaitState(ClientState.SERVER_SHUTDOWN);
        user1.awaitState(ClientState.SERVER_SHUTDOWN);
        List<String> lines = first.logLines();
        assertTrue(lines.getLast().endsWith("[SERVER] Server shutdown complete"), lines.getLast());
        assertEquals(1, first.logLines("SERVER", "^Shutting down: notifying 2 client\\(s\\)$").size());
        assertEquals(ServerState.STOPPED, first.server().state());
        Await.until(() -> serverThreads().isEmpty(), "no ccn-accept/ccn-scheduler threads remain: " + serverThreads());

        TestServer second = server.restart(c -> c.withPort(port));
        assertEquals(port, second.port());
        TestClient again = second.connected("admin", "admin123");
        assertEquals(ClientState.CONNECTED, again.state());
    }

    private static List<String> serverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("ccn-accept") || n.equals("ccn-scheduler"))
                .toList();
    }

    // 8 ----------------------------------------------------------------------------------------

    @Test
    void test8_wrongKey_isReportedToThatClientOnlyWhileOthersStayServed() throws IOException {
        TestServer ts = server.start();
        TestClient admin = ts.connected("admin", "admin123");
        TestClient intruder = ts.client(ClientConfig.of("127.0.0.1", ts.port(), "user1", "pass123",
                ts.key().withClassKey(ServerKeys.generate().classKey())));

        ClientStatus status = intruder.connect();

        assertEquals(ClientState.WRONG_KEY, status.state(), status.toString());
        String error = ts.awaitLogLine("ERROR", "^Wrong class key from ");
        assertTrue(error.contains("/127.0.0.1:"), error);
        Await.until(() -> ts.server().clients().size() == 1, "the wrong-key connection is dropped");
        assertEquals(ClientState.CONNECTED, admin.state());
        Message.Alert after = ts.server().broadcastManualAlert(Priority.LOW, "still here", "admin");
        admin.awaitAlert(after.alertId());
        assertTrue(intruder.alerts.isEmpty());
    }

    // 9 ----------------------------------------------------------------------------------------

    @Test
    void test9_fiveSimultaneousClients_haveDistinctSessionsAndAllReceiveAnAlert() throws IOException {
        TestServer ts = server.start();
        List<TestClient> clients = List.of(
                ts.client("admin", "admin123"), ts.client("user1", "pass123"), ts.client("user2", "pass456"),
                ts.client("admin", "admin123"), ts.client("user1", "pass123"));

        var futures = clients.stream().map(c -> c.engine.connect()).toList();
        for (var f : futures) {
            assertEquals(ClientState.CONNECTED, f.join().state());
        }

        List<ClientInfo> sessions = ts.server().clients();
        assertEquals(5, sessions.size());
        Set<String> ids = new HashSet<>();
        sessions.forEach(s -> ids.add(s.sessionId()));
        assertEquals(5, ids.size(), sessions.toString());
        assertTrue(sessions.stream().allMatch(ClientInfo::authenticated));
        Message.Alert sent = ts.server().broadcastManualAlert(Priority.HIGH, "All hands", "admin");
        clients.forEach(c -> c.awaitAlert(sent.alertId()));
        assertEquals(5, ts.awaitLogLines("BROADCAST", "^Alert " + sent.alertId() + " sent to ", 5).size());
    }

    // 10 ---------------------------------------------------------------------------------------

    @Test
    void test10_disconnect_removesTheClientAndTheNextAlertReachesOnlyTheOther() throws IOException {
        TestServer ts = server.start();
        TestClient admin = ts.connected("admin", "admin123");
        TestClient user1 = ts.connected("user1", "pass123");

        user1.engine.logout();

        assertEquals(ClientState.DISCONNECTED, user1.state());
        ts.awaitLogLine("DISCONNECT", "^Removed disconnected client: user1 \\(/127\\.0\\.0\\.1:\\d+\\): logged out$");
        Await.until(() -> ts.server().clients().size() == 1, "one session left");
        long deliveriesBefore = ts.server().stats().deliveries();
        Message.Alert sent = ts.server().broadcastManualAlert(Priority.MEDIUM, "Only admin hears this", "admin");
        assertEquals(deliveriesBefore + 1, ts.server().stats().deliveries());
        admin.awaitAlert(sent.alertId());
        Await.until(() -> ts.events().deliveriesOf(sent.alertId()).size() == 1, "one alertDelivered event");
        assertEquals("admin", ts.events().deliveriesOf(sent.alertId()).getFirst().client().username());
        assertTrue(user1.alerts.isEmpty(), user1.alertIds().toString());
        assertEquals(1, ts.events().disconnected.size());
        assertEquals("logged out", ts.events().disconnected.getFirst().reason());
    }
}
