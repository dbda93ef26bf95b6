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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What a forced broadcast record and a burst of durable ACKs cost on this machine's disk. Not a
 * test (surefire runs classes named *Test only) and not JMH: the quantity is a disk flush, which
 * a micro-benchmark harness would only average away. Run it against the disk the server uses:
 *
 * <pre>
 * ./mvnw -B -q -pl core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=ccn.alerts.server.journal.JournalForceCost [-Dexec.args=DIR]
 * </pre>
 */
public final class JournalForceCost {
    private static final int ACKS = 1_000;
    private static final int THREADS = 2;

    private JournalForceCost() {
    }

    public static void main(String[] args) throws Exception {
        Path parent = Files.createDirectories(args.length > 0 ? Path.of(args[0]) : Path.of("target"));
        Path dir = Files.createTempDirectory(parent, "journal-cost-");
        System.out.println("journal in " + dir.toAbsolutePath());
        broadcasts(dir.resolve("broadcast-1.journal"), 1, 2_000);
        broadcasts(dir.resolve("broadcast-1000.journal"), 1_000, 300);
        ackBursts(dir.resolve("acks-burst.journal"), 0, 50);
        ackBursts(dir.resolve("acks-20ms.journal"), 20_000_000L / (ACKS / THREADS), 30);
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

    /**
     * {@value #ACKS} durable ACKs of one alert from {@value #THREADS} threads, {@code gapNanos}
     * apart on each thread (0: as fast as they can), {@code rounds} times: forces and the time from
     * the first submission to the last future.
     */
    private static void ackBursts(Path path, long gapNanos, int rounds) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(THREADS);
        try (JournalFile file = JournalFile.open(path, 0); JournalWriter writer = new JournalWriter(file)) {
            long[] forces = new long[rounds];
            double[] millis = new double[rounds];
            for (int r = -5; r < rounds; r++) {
                long alertId = r + 10;
                long forcesBefore = file.forces();
                long start = System.nanoTime();
                List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int first = t * (ACKS / THREADS);
                    submitted.add(clients.submit(() -> submit(writer, alertId, first, ACKS / THREADS, gapNanos)));
                }
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (Future<List<CompletableFuture<Void>>> f : submitted) {
                    all.addAll(f.get());
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
                if (r >= 0) {
                    forces[r] = file.forces() - forcesBefore;
                    millis[r] = (System.nanoTime() - start) / 1e6;
                }
            }
            Arrays.sort(forces);
            Arrays.sort(millis);
            System.out.printf("%d durable ACKs from %d threads %s: forces p50 %d (min %d, max %d); "
                            + "first submit to last ACK on disk p50 %.2f ms (min %.2f, max %.2f)%n",
                    ACKS, THREADS, gapNanos == 0 ? "at once" : "spread over " + (gapNanos * (ACKS / THREADS) / 1_000_000) + " ms",
                    forces[rounds / 2], forces[0], forces[rounds - 1], millis[rounds / 2], millis[0], millis[rounds - 1]);
        } finally {
            clients.shutdown();
        }
    }

    private static List<CompletableFuture<Void>> submit(JournalWriter writer, long alertId, int first, int count, long gapNanos) {
        List<CompletableFuture<Void>> out = new ArrayList<>(count);
        long next = System.nanoTime();
        for (int i = first; i < first + count; i++) {
            while (System.nanoTime() < next) {
                Thread.onSpinWait(); // pacing a load generator, not synchronisation
            }
            out.add(writer.batchAcksAndForce(alertId, List.of(new JournalRecord.Ack("s-" + (100_000 + i), Instant.now()))));
            next += gapNanos;
        }
        return out;
    }
}
