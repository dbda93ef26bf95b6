package ccn.alerts.bench;

import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ClientInfo;
import ccn.alerts.server.ServerConfig;
import ccn.alerts.server.ServerListener;
import ccn.alerts.server.ServerStats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server side of a load run: a real {@link AlertServer} on loopback with load-test users, and
 * a listener that times each broadcast until its last ACK. Used in the generator's JVM
 * ({@code --in-process}) or, through {@link #main}, as a separate JVM driven over stdin/stdout.
 *
 * <p>Thread-safety: {@link #broadcast} must not be called concurrently (broadcasts are timed one
 * at a time); the other methods may be called from any thread.
 */
public final class BenchServer implements ServerControl {
    /** Replies on stdout start with this, so they stand out from the server's own console lines. */
    static final String REPLY = "@bench ";
    public static final String PASSWORD = "load-pass-1";

    private final AlertServer server;
    private final Map<Long, Tally> tallies = new ConcurrentHashMap<>();
    private final AtomicLong heartbeats = new AtomicLong();
    private volatile int expectedForNext;

    /** The ACKs of one alert. */
    private static final class Tally {
        final CountDownLatch done;
        final AtomicInteger acks = new AtomicInteger();
        volatile long lastAckNanos;

        Tally(int expected) {
            done = new CountDownLatch(expected);
        }
    }

    private BenchServer(AlertServer server) {
        this.server = server;
        server.addListener(new ServerListener() {
            @Override
            public void alertCreated(Message.Alert alert) {
                // Listeners run in event order: this comes before any ACK of the alert.
                tallies.computeIfAbsent(alert.alertId(), id -> new Tally(expectedForNext));
            }

            @Override
            public void alertAcknowledged(long alertId, ClientInfo client, Duration latency) {
                Tally t = tallies.computeIfAbsent(alertId, id -> new Tally(expectedForNext));
                if (t != null) {
                    t.lastAckNanos = System.nanoTime();
                    t.acks.incrementAndGet();
                    t.done.countDown();
                }
            }

            @Override
            public void clientHeartbeat(ClientInfo client) {
                heartbeats.incrementAndGet();
            }
        });
    }

    /**
     * Starts a server on 127.0.0.1, any free port, with {@code users} accounts {@code load-00000} …
     * sharing one password, hashed with {@code passwordIterations} PBKDF2 rounds.
     */
    public static BenchServer start(Path dataDir, int users, int passwordIterations, Duration heartbeat)
            throws IOException {
        ServerConfig config = ServerConfig.defaults()
                .withDataDir(dataDir)
                .withPort(0)
                .withAutoAlerts(false)
                .withPasswordIterations(passwordIterations)
                .withHeartbeatInterval(heartbeat)
                .withMaxConnections(50_000)
                // --server-opts "-Dccn.bench.loops=2" measures the server with two selector loops.
                .withLoops(Integer.getInteger("ccn.bench.loops", ServerConfig.DEFAULT_LOOPS))
                // Every load client comes from 127.0.0.1: the per-address guard against login
                // floods would refuse the generator's own connection burst.
                .withMaxUnauthenticatedPerAddress(50_000);
        AlertServer server = new AlertServer(config);
        java.util.Map<String, char[]> accounts = new java.util.LinkedHashMap<>();
        for (int i = 0; i < users; i++) {
            accounts.put(userName(i), PASSWORD.toCharArray());
        }
        server.users().addAll(accounts); // one write of users.json, not one per user
        server.start();
        return new BenchServer(server);
    }

    public static String userName(int i) {
        return String.format("load-%05d", i);
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public SharedKey key() {
        return server.key();
    }

    @Override
    public FanOut broadcast(int expectedAcks, Duration timeout) throws IOException {
        expectedForNext = expectedAcks;
        long start = System.nanoTime();
        Message.Alert alert = server.broadcastManualAlert(Priority.MEDIUM, "Load test alert", "load-generator");
        Tally t = tallies.computeIfAbsent(alert.alertId(), id -> new Tally(expectedAcks));
        try {
            t.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for ACKs", e);
        }
        tallies.remove(alert.alertId());
        return new FanOut(alert.alertId(), start, t.lastAckNanos, t.acks.get(), expectedAcks);
    }

    @Override
    public Metrics metrics() {
        long cpu = processCpuNanos();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        var threads = ManagementFactory.getThreadMXBean();
        ServerStats stats = server.stats();
        return new Metrics(cpu, heap, threads.getThreadCount(), threads.getPeakThreadCount(), stats.connections(),
                stats.clients(), heartbeats.get());
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * The server JVM: {@code BenchServer DATA_DIR USERS ITERATIONS HEARTBEAT_SECONDS}. Prints
     * {@code @bench READY port key}, then answers one line per command read from stdin:
     * {@code broadcast EXPECTED TIMEOUT_MS}, {@code metrics}, {@code quit}.
     */
    public static void main(String[] args) throws IOException {
        // Our replies must not interleave with console log lines mid-line: print each with one call.
        PrintStream out = System.out;
        Path dataDir = Path.of(args[0]);
        Files.createDirectories(dataDir);
        try (BenchServer bench = start(dataDir, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Duration.ofSeconds(Integer.parseInt(args[3])))) {
            out.println(REPLY + "READY " + bench.port() + " " + bench.key().asText());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] cmd = line.trim().split(" ");
                switch (cmd[0]) {
                    case "broadcast" -> {
                        FanOut f = bench.broadcast(Integer.parseInt(cmd[1]), Duration.ofMillis(Long.parseLong(cmd[2])));
                        out.println(REPLY + "FANOUT " + f.alertId() + " " + f.startNanos() + " " + f.lastAckNanos()
                                + " " + f.acks() + " " + f.expected());
                    }
                    case "metrics" -> {
                        Metrics m = bench.metrics();
                        out.println(REPLY + "METRICS " + m.cpuNanos() + " " + m.heapAfterGc() + " " + m.threads()
                                + " " + m.peakThreads() + " " + m.sessions() + " " + m.clients() + " " + m.heartbeats());
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> out.println(REPLY + "ERROR unknown command " + cmd[0]);
                }
            }
        } finally {
            out.println(REPLY + "BYE");
        }
    }
}
