package ccn.alerts.server.journal;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replay into a recording target, on byte arrays. */
class JournalReplayTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_764_504_000_000L);
    private static final Message.Alert ALERT = new Message.Alert(7, Priority.HIGH, "Evacuate", "2026-11-30T12:00:00Z",
            Message.AlertSource.MANUAL, "admin", null, false);

    /** Remembers calls as text, and alerts so that a second alert record is skipped. */
    private static class Recorder implements JournalReplay.Target {
        final List<String> calls = new ArrayList<>();
        final Set<Long> alerts = new HashSet<>();

        @Override
        public boolean knowsAlert(long alertId) {
            return alerts.contains(alertId);
        }

        @Override
        public void recordAlert(Message.Alert alert, Instant at, ccn.alerts.alert.Audience audience, List<String> users) {
            alerts.add(alert.alertId());
            calls.add("alert " + alert.alertId() + (audience == null ? "" : " to " + audience.asText() + " " + users));
        }

        @Override
        public void recordRevision(Message.Alert alert, Instant at) {
            if (alert.revision() > 1) {
                calls.add("revise " + alert.alertId() + " r" + alert.revision() + " " + alert.state());
            }
        }

        @Override
        public void recordRead(long alertId, String username, String sessionId, Instant at) {
            calls.add("read " + alertId + " " + username + " " + sessionId + " " + at.toEpochMilli());
        }

        @Override
        public void recordSent(long alertId, String sessionId, String username, Instant at, String replaces) {
            calls.add("sent " + alertId + " " + sessionId + " " + username + (replaces == null ? "" : " replaces " + replaces));
        }

        @Override
        public void recordAck(long alertId, String sessionId, Instant at, int revision) {
            calls.add("ack " + alertId + " " + sessionId + " " + at.toEpochMilli() + (revision == 1 ? "" : " r" + revision));
        }
    }

    private static byte[] journal(JournalRecord... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (JournalRecord r : records) {
            out.writeBytes(JournalCodec.encode(r));
        }
        return out.toByteArray();
    }

    @Test
    void everyRecord_reachesTheTarget_andTheHighestIdsAreReported() {
        byte[] bytes = journal(
                new JournalRecord.Broadcast(T0, ALERT, List.of(new JournalRecord.Recipient("s-1", "user1", null),
                        new JournalRecord.Recipient("s-2", "user2", T0.plusMillis(1)))),
                new JournalRecord.Sent(T0, 7, "s-9", "user1", "s-12"),
                new JournalRecord.Acks(T0, 7, List.of(new JournalRecord.Ack("s-9", T0.plusMillis(2)))),
                new JournalRecord.LegacyAck(T0.plusMillis(3), 7, "s-1"),
                new JournalRecord.Broadcast(T0, ALERT, List.of())); // a snapshot's restatement: skipped
        Recorder target = new Recorder();

        // when:
        JournalReplay.Result result = JournalReplay.replay(bytes, target);

        // then:
        assertFalse(result.corrupt());
        assertEquals(5, result.records());
        assertEquals(bytes.length, result.validBytes());
        assertEquals(12, result.highestSession(), "a replaced session's id counts too");
        assertEquals(7, result.highestAlertId());
        long t = T0.toEpochMilli();
        assertEquals(List.of("alert 7", "sent 7 s-1 user1", "sent 7 s-2 user2", "ack 7 s-2 " + (t + 1),
                "sent 7 s-9 user1 replaces s-12", "ack 7 s-9 " + (t + 2), "ack 7 s-1 " + (t + 3)), target.calls);
    }

    @Test
    void replayStopsAtTheFirstBadLine_andReportsItsOffset() {
        byte[] good = journal(new JournalRecord.Broadcast(T0, ALERT, List.of(new JournalRecord.Recipient("s-1", "u", null))));
        byte[] bad = "00000000 {\"t\":\"sent\"}\n".getBytes(StandardCharsets.US_ASCII);
        byte[] after = journal(new JournalRecord.LegacyAck(T0, 7, "s-1"));
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(good);
        all.writeBytes(bad);
        all.writeBytes(after);
        Recorder target = new Recorder();

        // when:
        JournalReplay.Result result = JournalReplay.replay(all.toByteArray(), target);

        // then:
        assertTrue(result.corrupt());
        assertEquals(good.length, result.corruptAt());
        assertEquals(good.length, result.validBytes());
        assertEquals(1, result.records());
        assertTrue(result.problem().startsWith("checksum mismatch"), result.problem());
        assertEquals(List.of("alert 7", "sent 7 s-1 u"), target.calls, "nothing after the bad line is applied");
    }

    @Test
    void aTargetThatRejectsARecord_stopsReplayThere() {
        byte[] bytes = journal(new JournalRecord.LegacyAck(T0, 7, "s-1"));
        JournalReplay.Result result = JournalReplay.replay(bytes, new Recorder() {
            @Override
            public void recordAck(long alertId, String sessionId, Instant at, int revision) {
                throw new IllegalStateException("no such alert");
            }
        });

        assertEquals(0, result.corruptAt());
        assertEquals("record cannot be replayed: no such alert", result.problem());
    }

    @Test
    void anEmptyJournal_isValid() {
        JournalReplay.Result result = JournalReplay.replay(new byte[0], new Recorder());
        assertEquals(new JournalReplay.Result(0, 0, -1, null, 0, 0), result);
    }
}
