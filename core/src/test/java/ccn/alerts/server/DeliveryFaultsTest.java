package ccn.alerts.server;

import ccn.alerts.log.EventType;
import ccn.alerts.outsider.SpecClient;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.ServerProcess;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four known faults in alert delivery and message parsing, seen only from outside: the public
 * {@link AlertServer} API, the files of the data directory, {@link ServerProcess} for a real
 * {@code kill -9}, and {@link SpecClient} (a client written from {@code docs/PROTOCOL.md} alone).
 * Nothing here knows how sessions, the loop or the ACK tracker are built.
 */
class DeliveryFaultsTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static final Duration SLOW = Duration.ofSeconds(20);
    /** How long after the marker alert a (wrong) redelivery is waited for; today it comes within milliseconds. */
    private static final Duration REDELIVERY_WINDOW = Duration.ofSeconds(2);
    /** ACKed alerts before the one that matters, so both JVMs are warm when it is ACKed. */
    private static final int WARM_UP_ALERTS = 3;
    private static final String JOURNAL = "alerts.journal";
    private static final Pattern SENT_LINE = Pattern.compile("^Alert (\\d+) sent to ");

    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();

    private <T extends AutoCloseable> T own(T r) {
        return server.own(r);
    }

    private SpecClient login(int port, String key) throws IOException {
        return own(SpecClient.login(port, key, "user1", "pass123", T));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isAlert(JsonNode m, long id) {
        return SpecClient.type(m).equals("ALERT") && m.get("alertId").asLong() == id;
    }

    // ------------------------------------------------------------------ 1

    @Test
    void anAlertIsInTheJournalOnDiskBeforeItIsLoggedAsGeneratedOrSentOrPutOnTheWire() throws Exception {
        TestServer ts = server.start();
        Path journal = server.dir().resolve(JOURNAL);
        String text = "journal-first-" + UUID.randomUUID(); // unique, plain ASCII: appears verbatim wherever the alert is written
        List<String> violations = new CopyOnWriteArrayList<>();
        List<String> checked = new CopyOnWriteArrayList<>();
        // The listener runs when the event is logged; what the journal holds at that moment is what a kill -9 would leave.
        ts.server().eventLog().addListener(event -> {
            boolean generated = event.type() == EventType.ALERT && event.message().contains(text);
            boolean sent = event.type() == EventType.BROADCAST && SENT_LINE.matcher(event.message()).find();
            if (generated || sent) {
                checked.add(event.type() + " " + event.message());
                if (!read(journal).contains(text)) {
                    violations.add("[" + event.type() + "] " + event.message() + " was logged while " + JOURNAL + " held:\n" + read(journal));
                }
            }
        });
        SpecClient c = login(ts.port(), ts.key().asText());
        c.onMessage(m -> {
            if (SpecClient.type(m).equals("ALERT")) {
                checked.add("wire " + m);
                if (!read(journal).contains(text)) {
                    violations.add("ALERT " + m.get("alertId") + " reached the client while " + JOURNAL + " held:\n" + read(journal));
                }
            }
        });

        // when:
        long id = ts.server().broadcastManualAlert(Priority.HIGH, text, "admin").alertId();
        c.awaitMessage(m -> isAlert(m, id), T);
        Await.until(() -> checked.size() >= 3, "the generated line, the sent line and the wire frame were seen; saw " + checked);

        // then:
        assertEquals(List.of(), violations, "an alert must be journalled before it is logged as generated or sent");
        assertTrue(read(journal).contains(text), "the journal finally holds the alert");
    }

    // ------------------------------------------------------------------ 2

    @Test
    void twoSessionsOfOneUserBothGetTheRedeliveredAlertAfterARestart() throws Exception {
        TestServer first = server.start();
        String key = first.key().asText();
        SpecClient a = login(first.port(), key);
        SpecClient b = login(first.port(), key);
        long id = first.server().broadcastManualAlert(Priority.HIGH, "two sessions, no ACK", "admin").alertId();
        a.awaitMessage(m -> isAlert(m, id), T);
        b.awaitMessage(m -> isAlert(m, id), T);

        // when: the server restarts on the same data directory; neither session ACKed
        server.stop();
        a.close();
        b.close();
        TestServer second = server.start();
        SpecClient a2 = login(second.port(), key);
        JsonNode toA = a2.awaitMessage(m -> isAlert(m, id), T);
        a2.ack(id);
        a2.awaitMessage(m -> SpecClient.type(m).equals("ACK_OK") && m.get("alertId").asLong() == id, T);
        SpecClient b2 = login(second.port(), key);

        // then:
        assertTrue(toA.get("redelivery").asBoolean(), toA.toString());
        JsonNode toB = b2.findWithin(m -> isAlert(m, id), T);
        assertTrue(toB != null, "the second session of user1 must get alert " + id + " again after the restart too (the first session's ACK"
                + " covers only the first); within " + T.toMillis() + " ms it received " + b2.received());
        assertTrue(toB.get("redelivery").asBoolean(), toB.toString());
    }

    // ------------------------------------------------------------------ 3

    @Test
    void anAckAnsweredWithAckOkSurvivesAKillNineRightAfterAndTheAlertIsNotRedelivered() throws Exception {
        Path data = server.dir().resolve("server");
        Path journal = data.resolve(JOURNAL);
        Path stderr = server.dir().resolve("server-stderr.txt");
        ServerProcess first = own(ServerProcess.start(data, 0, stderr));
        String key = first.key().asText();
        SpecClient c = own(SpecClient.login(first.port(), key, "user1", "pass123", SLOW));
        // Warm-up: a few alerts ACKed until each ACK has reached the journal (it grows past the alert's own
        // record). A cold JVM can take longer to answer the ACK than the server takes to write it, and
        // then a kill at ACK_OK would come too late to show anything.
        List<Long> warmUp = new ArrayList<>();
        for (int i = 1; i <= WARM_UP_ALERTS; i++) {
            String text = "warm-up " + i;
            first.command("send LOW " + text);
            long w = c.awaitMessage(m -> SpecClient.type(m).equals("ALERT") && m.get("message").asText().equals(text), SLOW).get("alertId").asLong();
            long sizeWithAlert = Files.size(journal);
            c.ack(w);
            c.awaitMessage(m -> isAckOk(m, w), SLOW);
            Await.until(SLOW, () -> size(journal) > sizeWithAlert, "the ACK of warm-up alert " + w + " reaches " + JOURNAL);
            warmUp.add(w);
        }
        first.command("send HIGH durable ack");
        long id = c.awaitMessage(m -> SpecClient.type(m).equals("ALERT") && m.get("message").asText().equals("durable ack"), SLOW)
                .get("alertId").asLong();
        AtomicReference<Throwable> killFailed = new AtomicReference<>();
        c.onMessage(m -> { // on the reader thread, the moment ACK_OK is decrypted: nothing of ours runs in between
            if (isAckOk(m, id)) {
                try {
                    first.kill();
                } catch (Throwable e) {
                    killFailed.set(e);
                }
            }
        });

        // when: ACK, ACK_OK, kill -9, restart on the same data directory, log in again
        c.ack(id);
        c.awaitMessage(m -> isAckOk(m, id), SLOW);
        assertEquals(null, killFailed.get());
        ServerProcess second = own(ServerProcess.start(data, 0, stderr));
        SpecClient again = own(SpecClient.login(second.port(), key, "user1", "pass123", SLOW));
        // A new alert shows the restarted server delivers to this session. It is no barrier: today a
        // redelivery can reach the client after a new alert broadcast just after the login.
        second.command("send LOW marker after restart");
        JsonNode marker;
        try {
            marker = again.awaitMessage(m -> SpecClient.type(m).equals("ALERT") && m.get("message").asText().equals("marker after restart"), SLOW);
        } catch (AssertionError e) {
            // seen once under heavy load, not reproduced since: keep what the restarted server said
            throw new AssertionError(e.getMessage() + "\nrestarted " + second.describe(), e);
        }
        boolean redelivered = Await.within(REDELIVERY_WINDOW, () -> again.received().stream()
                .anyMatch(m -> SpecClient.type(m).equals("ALERT") && m.get("redelivery").asBoolean()));

        // then:
        assertTrue(marker.get("alertId").asLong() > id, marker.toString());
        assertFalse(redelivered, "alerts " + warmUp + " and " + id + " were ACKed and answered with ACK_OK before the kill, yet after the restart"
                + " the server sent: " + again.received());
    }

    private static boolean isAckOk(JsonNode m, long id) {
        return SpecClient.type(m).equals("ACK_OK") && m.get("alertId").asLong() == id;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ 4

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("first frame", "{\"type\":\"HELLO\",\"agent\":5}"),
                Arguments.of("after HELLO", "{\"type\":\"LOGIN\",\"username\":5,\"password\":\"pass123\"}"),
                Arguments.of("after HELLO", "{\"type\":1}"),
                Arguments.of("after login", "{\"type\":\"ACK\",\"alertId\":\"1\"}"),
                Arguments.of("after login", "{\"type\":\"ACK\",\"alertId\":1.5}"),
                Arguments.of("after login", "{\"type\":\"HEARTBEAT\",\"seq\":\"5\"}"));
    }

    @ParameterizedTest(name = "{0}: {1} is refused with BAD_MESSAGE")
    @MethodSource("wrongTypes")
    void aMemberOfTheWrongJsonTypeIsAnsweredWithBadMessageAndTheConnectionIsClosed(String stage, String json) throws Exception {
        TestServer ts = server.start();
        String key = ts.key().asText();
        SpecClient c = own(switch (stage) {
            case "first frame" -> SpecClient.preambled(ts.port(), key);
            case "after HELLO" -> SpecClient.hello(ts.port(), key);
            default -> SpecClient.login(ts.port(), key, "user1", "pass123", T);
        });
        if (stage.equals("after login")) {
            // the alert the ACKs name exists and was delivered, so a lenient server has something to acknowledge
            long id = ts.server().broadcastManualAlert(Priority.LOW, "to be acknowledged", "admin").alertId();
            c.awaitMessage(m -> isAlert(m, id), T);
        } else {
            c.awaitType("WELCOME", T);
        }
        int before = c.received().size();

        // when:
        c.sendJson(json);
        boolean reacted = Await.within(T, () -> c.received().size() > before || c.closedHow() != null);

        // then:
        JsonNode answer = c.received().size() > before ? c.received().get(before) : null;
        String got = !reacted ? "nothing within " + T.toMillis() + " ms, and the connection stayed open (the message was accepted)"
                : answer == null ? "no frame, connection " + c.describeClose()
                : SpecClient.type(answer) + (answer.has("code") ? " " + answer.get("code").asText() : "") + " " + answer;
        assertTrue(got.startsWith("ERROR BAD_MESSAGE "), json + " must be answered with ERROR BAD_MESSAGE (§5, §5.1), but the server answered: " + got);
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T), "the server closes after its ERROR");
    }
}
