package ccn.alerts.server;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A server started on the data directory of an earlier one continues where it stopped. */
class JournalRestartTest {
    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;

    @Test
    void restart_restoresHistoryAndRedeliversOnlyTheUnacknowledgedAlert() throws Exception {
        ts = server.start();
        RawClient raw = ts.rawLogin("user1", "pass123");
        String firstSession = ts.server().clients().getFirst().sessionId();
        Message.Alert acked = ts.server().broadcastManualAlert(Priority.LOW, "Drill at noon", "admin");
        Message.Alert pending = ts.server().broadcastManualAlert(Priority.HIGH, "Evacuate building B", "admin");
        raw.expect(Message.Alert.class);
        raw.expect(Message.Alert.class);
        raw.send(new Message.Ack(acked.alertId()));
        raw.expect(Message.AckOk.class);

        ts = server.restart();
        TestClient user1 = ts.connected("user1", "pass123");

        assertEquals(List.of(acked.alertId(), pending.alertId()),
                ts.server().recentAlerts().stream().map(s -> s.alert().alertId()).toList());
        Message.Alert again = user1.awaitAlert(pending.alertId());
        assertTrue(again.redelivery());
        user1.awaitAckConfirmed(pending.alertId());
        assertEquals(List.of(pending.alertId()), user1.alertIds(), "the acknowledged alert is not sent again");
        assertNotEquals(firstSession, ts.server().clients().getFirst().sessionId(),
                "session ids are not reused: deliveries are recorded by session id");
        Message.Alert next = ts.server().broadcastManualAlert(Priority.LOW, "All clear", "admin");
        assertTrue(next.alertId() > pending.alertId(), "ids continue after " + pending.alertId() + ": " + next.alertId());
    }

    @Test
    void damagedJournalTail_isAnErrorEventNamingTheByteOffsetAndTheServerStillStarts() throws Exception {
        ts = server.start();
        ts.rawLogin("user1", "pass123");
        Message.Alert kept = ts.server().broadcastManualAlert(Priority.HIGH, "Kept", "admin");
        server.stop();
        Path journal = server.dir().resolve(AlertJournal.FILE_NAME);
        long validBytes = Files.size(journal);
        Files.write(journal, "0000dead {\"t\":\"ack\"".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);

        ts = server.start();

        ts.awaitLogLine("ERROR", "^Alert journal .* is damaged at byte offset " + validBytes
                + ": incomplete record .*; kept the 1 valid record\\(s\\) before it$");
        TestClient user1 = ts.connected("user1", "pass123");
        assertTrue(user1.awaitAlert(kept.alertId()).redelivery());
    }
}
