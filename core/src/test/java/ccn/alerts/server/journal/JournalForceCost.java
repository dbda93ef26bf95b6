package ccn.alerts.server.journal;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a forced broadcast record costs on this machine's disk. Not a
 * test (surefire runs classes named *Test only) and not JMH: the quantity is a disk flush, which
 * a micro-benchmark harness would only average away. Run it against the disk the server uses:
 *
 * <pre>
 * ./mvnw -B -q -pl core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=ccn.alerts.server.journal.JournalForceCost [-Dexec.args=DIR]
 * </pre>
 */
public final class JournalForceCost {
    private JournalForceCost() {
    }

    public static void main(String[] args) throws Exception {
        Path parent = Files.createDirectories(args.length > 0 ? Path.of(args[0]) : Path.of("target"));
        Path dir = Files.createTempDirectory(parent, "journal-cost-");
        System.out.println("journal in " + dir.toAbsolutePath());
        broadcasts(dir.resolve("broadcast-1.journal"), 1, 2_000);
        broadcasts(dir.resolve("broadcast-1000.journal"), 1_000, 300);
    }

    private static Message.Alert alert(long id) {
        return new Message.Alert(id, Priority.HIGH, "Extreme heat: 41.0 °C, humidity 85 %. Stay indoors, drink water.",
                "2026-11-30T12:00:00Z", Message.AlertSource.AUTO, "server", new Message.Weather(41.0, 85.0, "sunny"), false);
    }

    /** One broadcast record with {@code recipients} sessions, written and forced, {@code rounds} times. */
    private static void broadcasts(Path path, int recipients, int rounds) throws IOException {
        List<JournalRecord.Recipient> to = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            to.add(new JournalRecord.Recipient("s-" + (100_000 + i), "user" + i, null));
        }
        try (JournalFile file = JournalFile.open(path, 0); JournalWriter writer = new JournalWriter(file)) {
            long[] micros = new long[rounds];
            for (int i = 0; i < rounds + 50; i++) {
                JournalRecord.Broadcast record = new JournalRecord.Broadcast(Instant.now(), alert(i + 1), to);
                long t = System.nanoTime();
                writer.writeAndForce(record);
                if (i >= 50) { // the first ones warm up the JIT and the file's first blocks
                    micros[i - 50] = (System.nanoTime() - t) / 1_000;
                }
            }
            Arrays.sort(micros);
            System.out.printf("broadcast record (%d recipient(s), %d bytes) + force: p50 %d µs, p90 %d µs, p99 %d µs, max %d µs%n",
                    recipients, JournalCodec.encode(new JournalRecord.Broadcast(Instant.now(), alert(1), to)).length,
                    micros[rounds / 2], micros[rounds * 9 / 10], micros[rounds * 99 / 100], micros[rounds - 1]);
        }
    }
}
