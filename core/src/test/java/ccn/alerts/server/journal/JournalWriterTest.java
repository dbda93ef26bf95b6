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

/** Batching: deliveries before ACKs, one line per alert, nothing written before the batch is. */
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
    void afterClose_recordsAreRefused() throws Exception {
        JournalWriter writer = new JournalWriter(JournalFile.open(dir.resolve("alerts.journal"), 0));
        writer.batchAck(7, ack(1));

        // when:
        writer.close();

        // then:
        assertEquals(List.of(new JournalRecord.Acks(ack(1).at(), 7, List.of(ack(1)))), records(dir.resolve("alerts.journal")));
        assertThrows(IOException.class, () -> writer.batchAck(7, ack(3)));
    }
}
