package ccn.alerts.server.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batching, and durable ACKs sharing writes and forces. */
class JournalWriterTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_764_504_000_000L);

    @TempDir
    Path dir;

    private List<JournalRecord> records(Path path) throws MalformedRecordException, IOException {
        byte[] content = Files.readAllBytes(path);
        List<JournalRecord> out = new ArrayList<>();
        for (int pos = 0; pos < content.length; ) {
            int length = JournalCodec.lineLength(content, pos);
            out.add(JournalCodec.decode(content, pos, length));
            pos += length;
        }
        return out;
    }

    private static JournalRecord.Ack ack(int client) {
        return new JournalRecord.Ack("s-" + client, T0.plusMillis(client));
    }

    @Test
    void durableAck_isWrittenAndForcedBeforeItsFutureCompletes() throws Exception {
        HeldForcer forcer = new HeldForcer();
        Path path = dir.resolve("alerts.journal");
        try (JournalWriter writer = new JournalWriter(JournalFile.open(path, 0, forcer))) {
            // when:
            CompletableFuture<Void> done = writer.batchAcksAndForce(7, List.of(ack(1)));
            forcer.awaitFirstForce();

            // then: written (no timer ran), but not confirmed while the force is held
            assertEquals(List.of(new JournalRecord.Acks(ack(1).at(), 7, List.of(ack(1)))), records(path));
            assertFalse(done.isDone());
            forcer.release.countDown();
            done.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void acksArrivingDuringAForce_shareOneWriteAndOneForce() throws Exception {
        HeldForcer forcer = new HeldForcer();
        Path path = dir.resolve("alerts.journal");
        JournalFile file = JournalFile.open(path, 0, forcer);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (JournalWriter writer = new JournalWriter(file)) {
            futures.add(writer.batchAcksAndForce(7, List.of(ack(0))));
            forcer.awaitFirstForce();

            // when: 999 more clients ACK while the first round is forcing, from two threads
            CompletableFuture<List<CompletableFuture<Void>>> a = CompletableFuture.supplyAsync(() -> submit(writer, 1, 500));
            CompletableFuture<List<CompletableFuture<Void>>> b = CompletableFuture.supplyAsync(() -> submit(writer, 500, 1000));
            futures.addAll(a.get(10, TimeUnit.SECONDS));
            futures.addAll(b.get(10, TimeUnit.SECONDS));
            forcer.release.countDown();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

            // then: the first round, then one round for all the rest
            assertEquals(2, file.forces());
            List<JournalRecord> lines = records(path);
            assertEquals(2, lines.size(), "one acks line per round");
            assertEquals(999, ((JournalRecord.Acks) lines.get(1)).acks().size());
        }
    }

    @Test
    void plainBatchedAcks_waitForTheTimer_andShareOneLinePerAlert() throws Exception {
        Path path = dir.resolve("alerts.journal");
        try (JournalWriter writer = new JournalWriter(JournalFile.open(path, 0))) {
            writer.batch(new JournalRecord.Sent(T0, 7, "s-3", "user1"));
            writer.batchAck(7, ack(1));
            writer.batchAck(7, ack(2));
            assertEquals(0, Files.size(path), "batched: nothing written before the timer");

            // when:
            writer.writeBatch();

            // then: the delivery first, then one line for both ACKs
            assertEquals(List.of(new JournalRecord.Sent(T0, 7, "s-3", "user1"),
                    new JournalRecord.Acks(ack(1).at(), 7, List.of(ack(1), ack(2)))), records(path));
        }
    }

    @Test
    void afterClose_durableAcksFailAndRecordsAreRefused() throws Exception {
        JournalWriter writer = new JournalWriter(JournalFile.open(dir.resolve("alerts.journal"), 0));
        CompletableFuture<Void> before = writer.batchAcksAndForce(7, List.of(ack(1)));
        writer.close();

        before.get(10, TimeUnit.SECONDS); // batched before close: completes normally
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> writer.batchAcksAndForce(7, List.of(ack(2))).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IOException, e.toString());
        assertThrows(IOException.class, () -> writer.batchAck(7, ack(3)));
        assertThrows(IllegalArgumentException.class, () -> writer.batchAcksAndForce(7, List.of()));
    }

    private static List<CompletableFuture<Void>> submit(JournalWriter writer, int from, int to) {
        List<CompletableFuture<Void>> out = new ArrayList<>();
        for (int client = from; client < to; client++) {
            out.add(writer.batchAcksAndForce(7, List.of(ack(client))));
        }
        return out;
    }
}
