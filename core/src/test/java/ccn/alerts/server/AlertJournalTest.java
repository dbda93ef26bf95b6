package ccn.alerts.server;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.journal.JournalRecord;
import ccn.alerts.server.journal.JournalReplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal on its own: replay, a damaged tail, and bounded growth. */
class AlertJournalTest {
    private static final Instant T0 = Instant.now();

    @TempDir
    Path dir;

    private static Message.Alert alert(long id) {
        return new Message.Alert(id, Priority.HIGH, "alert " + id, T0.toString(), Message.AlertSource.MANUAL,
                "admin", null, false);
    }

    private static AckTracker tracker() {
        return new AckTracker(100, Duration.ofHours(1));
    }

    private static List<AckTracker.Delivery> to(String session, String user) {
        return List.of(new AckTracker.Delivery(session, user, T0, null));
    }

    /** Journals an alert the way the server does: tracker first, then the journal. */
    private static void broadcast(AlertJournal journal, AckTracker tracker, long id, String session, String user)
            throws IOException {
        tracker.recordAlert(alert(id), T0);
        tracker.recordSent(id, session, user, T0);
        journal.recordBroadcast(alert(id), T0, to(session, user));
    }

    private static List<Long> ids(List<Message.Alert> alerts) {
        return alerts.stream().map(Message.Alert::alertId).toList();
    }

    @Test
    void a_snapshot_keeps_an_alert_from_before_audiences_for_whoever_it_is_sent_to() throws IOException {
        AckTracker tracker = tracker();
        try (AlertJournal journal = AlertJournal.open(dir, tracker, 1)) { // compacts at the first chance
            tracker.recordAlert(alert(1), T0); // as replay of an old journal does: no audience
            tracker.recordSent(1, "s-1", "user1", T0);
            journal.recordSent(1, "s-1", "user1", T0);
            journal.writePending();
            assertTrue(journal.compactions() >= 1, "compacted");
        }
        AckTracker replayed = tracker();
        try (AlertJournal ignored = AlertJournal.open(dir, replayed, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            // when: the alert is later re-sent to another user's session
            replayed.recordSent(1, "s-2", "user2", T0);
        }

        // then: the audience grew with it, as before the snapshot
        assertEquals(2, replayed.summaries().getFirst().audienceSize());
    }

    @Test
    void records_are_checksummed_json_lines_and_odd_names_and_texts_survive_the_round_trip() throws IOException {
        String user = "q\"uo\\te \u00e9\u4e2d\u0001";
        Message.Alert odd = new Message.Alert(5, Priority.LOW, "line\nbreak \"quoted\" \u00e9", T0.toString(),
                Message.AlertSource.MANUAL, user, null, false);
        AckTracker tracker = tracker();
        try (AlertJournal journal = AlertJournal.open(dir, tracker, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            tracker.recordAlert(odd, T0);
            tracker.recordSent(5, "s-3", user, T0);
            tracker.recordSent(5, "s-4", "user2", T0);
            journal.recordBroadcast(odd, T0, List.of(new AckTracker.Delivery("s-3", user, T0, null),
                    new AckTracker.Delivery("s-4", "user2", T0, null)));
            tracker.recordSent(5, "s-9", user, T0);
            journal.recordSent(5, "s-9", user, T0);
            tracker.recordAck(5, "s-4", T0);
            journal.recordAck(5, "s-4", T0);
        }

        // Every line: 8 hex digits of CRC32 over the JSON, a space, one JSON object.
        List<String> lines = Files.readAllLines(dir.resolve(AlertJournal.FILE_NAME), StandardCharsets.UTF_8);
        assertEquals(3, lines.size());
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String line : lines) {
            byte[] body = line.substring(9).getBytes(StandardCharsets.UTF_8);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(body);
            assertEquals(String.format("%08x ", crc.getValue()), line.substring(0, 9), line);
            assertTrue(json.readTree(body).isObject(), line);
        }
        assertEquals(user, json.readTree(lines.get(0).substring(9)).get("to").get(0).get(1).asText());

        AckTracker restored = tracker();
        try (AlertJournal journal = AlertJournal.open(dir, restored, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            assertFalse(journal.loadReport().corrupt());
        }
        AckTracker.AlertStatus status = restored.status(5).orElseThrow();
        assertEquals(odd, status.alert());
        assertEquals(1, status.acknowledged());
        assertEquals(List.of(5L), ids(Pending.of(restored, user)));
        assertEquals(List.of(), ids(Pending.of(restored, "user2")));
    }

    @Test
    void single_ack_records_of_older_journals_are_still_read() throws IOException {
        AckTracker tracker = tracker();
        try (AlertJournal journal = AlertJournal.open(dir, tracker, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            broadcast(journal, tracker, 1, "s-1", "user1");
            broadcast(journal, tracker, 2, "s-2", "user1");
        }
        String json = "{\"t\":\"ack\",\"at\":" + T0.toEpochMilli() + ",\"id\":1,\"session\":\"s-1\"}";
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve(AlertJournal.FILE_NAME), String.format("%08x %s%n", crc.getValue(), json),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        AckTracker restored = tracker();
        try (AlertJournal journal = AlertJournal.open(dir, restored, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            assertFalse(journal.loadReport().corrupt());
            assertEquals(3, journal.loadReport().records());
        }
        assertEquals(List.of(2L), ids(Pending.of(restored, "user1")));
    }

    @Test
    void records_appended_while_a_compaction_writes_its_snapshot_are_kept() throws Exception {
        AckTracker tracker = new AckTracker(50, Duration.ofHours(1));
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        int compactions;
        try (AlertJournal journal = AlertJournal.open(dir, tracker, 2_048)) {
            // The server's timer: batches and compactions, racing the broadcasts below.
            Thread timer = Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    try {
                        journal.writePending();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            try {
                for (long id = 1; id <= 4_000; id++) {
                    broadcast(journal, tracker, id, "s-" + id, "user" + (id % 3));
                    if (id % 2 == 0) {
                        tracker.recordAck(id, "s-" + id, T0);
                        journal.recordAck(id, "s-" + id, T0);
                    }
                    if (id % 300 == 0) {
                        // However the two threads are scheduled, the timer gets to compact now and
                        // then (300 alerts grow the file past 4 x its 50-alert snapshot).
                        int atLeast = (int) (id / 300);
                        ccn.alerts.testing.Await.until(() -> journal.compactions() >= atLeast,
                                atLeast + " compactions by alert " + id);
                    }
                }
            } finally {
                done.set(true);
                timer.join();
            }
            compactions = journal.compactions();
        }

        assertTrue(compactions > 10, "compacted " + compactions + " times");
        AckTracker restored = new AckTracker(50, Duration.ofHours(1));
        try (AlertJournal journal = AlertJournal.open(dir, restored, 2_048)) {
            assertFalse(journal.loadReport().corrupt());
        }
        assertEquals(tracker.statuses().stream().map(s -> s.alert().alertId()).toList(),
                restored.statuses().stream().map(s -> s.alert().alertId()).toList());
        for (String user : List.of("user0", "user1", "user2")) {
            assertEquals(ids(Pending.of(tracker, user)),
                    ids(Pending.of(restored, user)), user);
        }
        assertEquals(25, restored.statuses().stream().mapToLong(AckTracker.AlertStatus::acknowledged).sum());
    }

    @Test
    void reopening_restoresHistoryPendingDeliveriesAndAcks() throws IOException {
        AckTracker tracker = tracker();
        try (AlertJournal journal = AlertJournal.open(dir, tracker, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            broadcast(journal, tracker, 1, "s-1", "user1");
            broadcast(journal, tracker, 2, "s-1", "user1");
            tracker.recordSent(2, "s-7", "user2", T0);
            journal.recordSent(2, "s-7", "user2", T0);
            tracker.recordAck(1, "s-1", T0);
            journal.recordAck(1, "s-1", T0);
        }

        AckTracker restored = tracker();
        AlertJournal.LoadReport report;
        try (AlertJournal journal = AlertJournal.open(dir, restored, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            report = journal.loadReport();
        }

        assertFalse(report.corrupt());
        assertEquals(4, report.records());
        assertEquals(7, report.highestSession());
        assertEquals(2, report.highestAlertId());
        assertEquals(List.of(2L), ids(Pending.of(restored, "user1")));
        assertEquals(List.of(2L), ids(Pending.of(restored, "user2")));
        assertEquals(1, restored.status(1).orElseThrow().acknowledged());
    }

    @Test
    void truncatedTail_isReportedAtItsByteOffsetAndTheValidPrefixIsKept() throws IOException {
        AckTracker tracker = tracker();
        long validBytes;
        try (AlertJournal journal = AlertJournal.open(dir, tracker, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            broadcast(journal, tracker, 1, "s-1", "user1");
            broadcast(journal, tracker, 2, "s-1", "user1");
            validBytes = journal.size();
        }
        // Power lost in the middle of the third record: half a line, no newline.
        Path file = dir.resolve(AlertJournal.FILE_NAME);
        Files.write(file, "1234abcd {\"t\":\"alert\",\"at\":1,\"al".getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.APPEND);

        AckTracker restored = tracker();
        try (AlertJournal journal = AlertJournal.open(dir, restored, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            AlertJournal.LoadReport report = journal.loadReport();
            assertTrue(report.corrupt());
            assertEquals(validBytes, report.corruptAt());
            assertTrue(report.problem().contains("incomplete record"), report.problem());
            assertEquals(2, report.records());
            assertEquals(validBytes, Files.size(file), "the bad tail is cut so new records follow valid ones");
            broadcast(journal, restored, 3, "s-2", "user1");
        }
        try (var aside = Files.list(dir)) {
            assertEquals(1, aside.filter(p -> p.getFileName().toString().startsWith(AlertJournal.FILE_NAME + ".corrupt-")).count(),
                    "the damaged file is kept aside for inspection");
        }

        AckTracker again = tracker();
        try (AlertJournal journal = AlertJournal.open(dir, again, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            assertFalse(journal.loadReport().corrupt());
        }
        assertEquals(List.of(1L, 2L, 3L), ids(Pending.of(again, "user1")));
    }

    @Test
    void flippedByte_failsTheChecksumAndStopsReplayAtThatRecord() throws IOException {
        AckTracker tracker = tracker();
        long firstRecordEnd;
        try (AlertJournal journal = AlertJournal.open(dir, tracker, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            broadcast(journal, tracker, 1, "s-1", "user1");
            firstRecordEnd = journal.size();
            broadcast(journal, tracker, 2, "s-1", "user1");
        }
        Path file = dir.resolve(AlertJournal.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        int target = (int) firstRecordEnd + 40; // inside the second record's JSON
        bytes[target] = (byte) (bytes[target] ^ 0x01);
        Files.write(file, bytes);

        AckTracker restored = tracker();
        try (AlertJournal journal = AlertJournal.open(dir, restored, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            AlertJournal.LoadReport report = journal.loadReport();
            assertEquals(firstRecordEnd, report.corruptAt());
            assertTrue(report.problem().startsWith("checksum mismatch"), report.problem());
        }
        assertEquals(List.of(1L), ids(Pending.of(restored, "user1")));
    }

    @Test
    void growth_isBoundedByCompactingToTheRetainedWindow() throws IOException {
        AckTracker tracker = new AckTracker(5, Duration.ofHours(1));
        long compactAt = 4_096;
        long largest = 0;
        int compactions;
        try (AlertJournal journal = AlertJournal.open(dir, tracker, compactAt)) {
            for (long id = 1; id <= 500; id++) {
                broadcast(journal, tracker, id, "s-" + id, "user1");
                if (id % 2 == 0) {
                    tracker.recordAck(id, "s-" + id, T0);
                    journal.recordAck(id, "s-" + id, T0);
                }
                largest = Math.max(largest, Files.size(journal.file()));
                journal.writePending(); // as the server's timer does: the batch, then compaction if due
            }
            compactions = journal.compactions();
        }

        assertTrue(compactions > 10, "compacted " + compactions + " times");
        assertTrue(largest < 2 * compactAt, "the file peaked at " + largest + " bytes");
        AckTracker restored = new AckTracker(5, Duration.ofHours(1));
        try (AlertJournal journal = AlertJournal.open(dir, restored, compactAt)) {
            assertFalse(journal.loadReport().corrupt());
        }
        assertEquals(List.of(496L, 497L, 498L, 499L, 500L),
                restored.statuses().stream().map(s -> s.alert().alertId()).toList());
        assertEquals(List.of(497L, 499L), ids(Pending.of(restored, "user1")));
    }

    @Test
    void takeOver_isJournalled_andReplayDropsTheReplacedDelivery_alsoAfterCompaction() throws IOException {
        AckTracker tracker = tracker();
        try (AlertJournal journal = AlertJournal.open(dir, tracker, 1)) {
            broadcast(journal, tracker, 1, "s-3", "user1");
            // when: user1's window reconnects as s-9 and takes over s-3's pending delivery
            tracker.recordSent(1, "s-9", "user1", T0, "s-3");
            journal.recordSent(1, "s-9", "user1", T0, "s-3");
        }
        assertTrue(Files.readString(dir.resolve(AlertJournal.FILE_NAME)).contains("\"replaces\":\"s-3\""));

        // then:
        AckTracker restored = tracker();
        try (AlertJournal journal = AlertJournal.open(dir, restored, 1)) {
            assertEquals(9, journal.loadReport().highestSession());
            assertEquals(List.of("s-9"), sessions(restored, 1));
            journal.writePending(); // compacts (threshold 1 byte): the snapshot holds s-9 only
            assertEquals(1, journal.compactions());
        }
        AckTracker again = tracker();
        try (AlertJournal journal = AlertJournal.open(dir, again, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            assertFalse(journal.loadReport().corrupt());
        }
        assertEquals(List.of("s-9"), sessions(again, 1));
        assertEquals(List.of(1L), ids(Pending.of(again, "user1")));
    }

    private static List<String> sessions(AckTracker tracker, long alertId) {
        return tracker.status(alertId).orElseThrow().deliveries().stream().map(AckTracker.Delivery::sessionId).toList();
    }

    /** Replays the way {@link AlertJournal#open} does, without opening the file for writing. */
    private static JournalReplay.Target target(AckTracker tracker) {
        return new AlertJournal.TrackerTarget(tracker);
    }
}
