package ccn.alerts.bench;

import ccn.alerts.crypto.SharedKey;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an alert server and N simulated clients, each a real encrypted, authenticated connection,
 * and measures connect + login rate, per-alert fan-out (broadcast until the last ACK), end-to-end
 * latency to one client, server CPU, heap and threads, and the idle cost of N heart-beating
 * connections. Prints a table and one JSON line per run.
 *
 * <pre>
 * ./mvnw -q -pl core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=ccn.alerts.bench.LoadGenerator -Dexec.args="--clients 1000 --alerts 200"
 * </pre>
 *
 * A tool, not part of the product: it lives in core's test tree so that no jar ships it.
 *
 * By default the server runs in its own JVM (same java, same class path) so its figures exclude
 * the clients and each process has its own open-file limit; {@code --in-process} keeps both here.
 */
public final class LoadGenerator {

    /**
     * @param serverJvm     run the server in a separate JVM
     * @param warmup        alerts broadcast and not counted, so the JIT has compiled the hot path
     * @param concurrency   connections being opened at once
     * @param users         distinct accounts the clients log in as (round robin)
     * @param idleSeconds   how long to measure the idle cost; 0 skips it
     * @param jsonOut       file to append the JSON line to, or null
     */
    public record Options(int clients, int alerts, int warmup, boolean serverJvm, int passwordIterations,
                          int heartbeatSeconds, int concurrency, int users, int idleSeconds,
                          List<String> serverJvmOptions, Path dataDir, Path jsonOut, boolean reads) {

        public static Options defaults() {
            return new Options(1_000, 200, 20, true, 1_000, 10, 128, 100, 10, List.of(), null, null, false);
        }

        public Options withClients(int n) {
            return new Options(n, alerts, warmup, serverJvm, passwordIterations, heartbeatSeconds, concurrency,
                    users, idleSeconds, serverJvmOptions, dataDir, jsonOut, reads);
        }

        public Options withAlerts(int k, int warmupAlerts) {
            return new Options(clients, k, warmupAlerts, serverJvm, passwordIterations, heartbeatSeconds, concurrency,
                    users, idleSeconds, serverJvmOptions, dataDir, jsonOut, reads);
        }

        public Options inProcess(Path dir) {
            return new Options(clients, alerts, warmup, false, passwordIterations, heartbeatSeconds, concurrency,
                    users, idleSeconds, serverJvmOptions, dir, jsonOut, reads);
        }

        public Options withDataDir(Path dir) {
            return new Options(clients, alerts, warmup, serverJvm, passwordIterations, heartbeatSeconds, concurrency,
                    users, idleSeconds, serverJvmOptions, dir, jsonOut, reads);
        }

        public Options withIdleSeconds(int seconds) {
            return new Options(clients, alerts, warmup, serverJvm, passwordIterations, heartbeatSeconds, concurrency,
                    users, seconds, serverJvmOptions, dataDir, jsonOut, reads);
        }
    }

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: LoadGenerator [--clients N] [--alerts K] [--warmup W] [--in-process | --server-jvm]"
                    + " [--iterations P] [--heartbeat S] [--idle S] [--concurrency C] [--users U]"
                    + " [--server-opts \"-Xmx512m ...\"] [--data-dir DIR] [--json FILE] [--reads]");
            System.exit(2);
            return;
        }
        LoadReport report = run(o);
        System.out.print(report.toTable());
        System.out.println(report.toJson());
        if (o.jsonOut() != null) {
            Files.writeString(o.jsonOut(), report.toJson() + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(report.allAcknowledged() ? 0 : 1);
    }

    static Options parse(String[] args) {
        Options d = Options.defaults();
        int clients = d.clients(), alerts = d.alerts(), warmup = d.warmup(), iterations = d.passwordIterations();
        int heartbeat = d.heartbeatSeconds(), concurrency = d.concurrency(), idle = d.idleSeconds();
        Integer users = null;
        boolean serverJvm = true;
        boolean reads = false;
        List<String> jvm = List.of();
        Path dataDir = null, json = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--in-process" -> serverJvm = false;
                case "--reads" -> reads = true;
                case "--server-jvm" -> serverJvm = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value after " + a);
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--clients" -> clients = positive(a, v);
                        case "--alerts" -> alerts = positive(a, v);
                        case "--warmup" -> warmup = Integer.parseInt(v);
                        case "--iterations" -> iterations = positive(a, v);
                        case "--heartbeat" -> heartbeat = positive(a, v);
                        case "--idle" -> idle = Integer.parseInt(v);
                        case "--concurrency" -> concurrency = positive(a, v);
                        case "--users" -> users = positive(a, v);
                        case "--server-opts" -> jvm = List.of(v.trim().split("\\s+"));
                        case "--data-dir" -> dataDir = Path.of(v);
                        case "--json" -> json = Path.of(v);
                        default -> throw new IllegalArgumentException("unknown option " + a);
                    }
                }
            }
        }
        int u = users != null ? users : Math.min(clients, d.users());
        return new Options(clients, alerts, warmup, serverJvm, iterations, heartbeat, concurrency, u, idle, jvm,
                dataDir, json, reads);
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return n;
    }

    /** One whole run; the server and all clients are closed when it returns. */
    public static LoadReport run(Options o) throws IOException, InterruptedException {
        Path dataDir = o.dataDir() != null ? o.dataDir() : Files.createTempDirectory("ccn-load-");
        int users = Math.max(1, Math.min(o.users(), o.clients()));
        Duration heartbeat = Duration.ofSeconds(o.heartbeatSeconds());
        List<LoadClient> clients = Collections.synchronizedList(new ArrayList<>());
        LoadClientLoop clientLoop = new LoadClientLoop(o.reads());
        try (ServerControl server = o.serverJvm()
                ? new ServerProcess(dataDir, users, o.passwordIterations(), heartbeat, o.serverJvmOptions())
                : BenchServer.start(dataDir, users, o.passwordIterations(), heartbeat)) {
            Map<Long, Long> firstClientReceived = new ConcurrentHashMap<>();
            LoadClient.Sink sink = (client, alertId, nanos) -> {
                if (client.index() == 0) {
                    firstClientReceived.put(alertId, nanos);
                }
            };

            // ---- connect + login
            ServerControl.Metrics beforeConnect = server.metrics();
            AtomicInteger failures = new AtomicInteger();
            long t0 = System.nanoTime();
            connectAll(o, clientLoop, new InetSocketAddress("127.0.0.1", server.port()), server.key(), users, sink,
                    clients, failures);
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            ServerControl.Metrics connected = server.metrics();

            // ---- alerts, one at a time
            int n = clients.size();
            Duration timeout = Duration.ofMillis(Math.max(10_000, n * 5L));
            for (int i = 0; i < o.warmup(); i++) {
                server.broadcast(n, timeout);
            }
            long cpuBefore = server.metrics().cpuNanos();
            long[] fanOut = new long[o.alerts()];
            long[] e2e = new long[o.alerts()];
            int e2eCount = 0;
            int minAcks = Integer.MAX_VALUE;
            for (int i = 0; i < o.alerts(); i++) {
                ServerControl.FanOut f = server.broadcast(n, timeout);
                fanOut[i] = f.complete() ? f.nanos() : timeout.toNanos();
                minAcks = Math.min(minAcks, f.acks());
                Long received = firstClientReceived.remove(f.alertId());
                if (received != null) {
                    // System.nanoTime is CLOCK_MONOTONIC on Linux, so this holds across JVMs too.
                    e2e[e2eCount++] = received - f.startNanos();
                }
            }
            ServerControl.Metrics afterAlerts = server.metrics();

            // ---- idle with heartbeats
            double idleCpu = 0, hbRate = 0;
            ServerControl.Metrics idle = afterAlerts;
            if (o.idleSeconds() > 0) {
                long idleStart = System.nanoTime();
                TimeUnit.SECONDS.sleep(o.idleSeconds());
                idle = server.metrics();
                double wall = (System.nanoTime() - idleStart) / 1e9;
                idleCpu = 100.0 * (idle.cpuNanos() - afterAlerts.cpuNanos()) / 1e9 / wall;
                hbRate = (idle.heartbeats() - afterAlerts.heartbeats()) / wall;
            }
            long[] e2eDone = java.util.Arrays.copyOf(e2e, e2eCount);
            return new LoadReport(o.serverJvm() ? "server-jvm" : "in-process", o.clients(), n, o.alerts(),
                    o.passwordIterations(), o.heartbeatSeconds(), connectSeconds, n / connectSeconds, failures.get(),
                    LoadReport.percentileMs(fanOut, 50), LoadReport.percentileMs(fanOut, 99),
                    LoadReport.percentileMs(fanOut, 100), minAcks >= n && n == o.clients(),
                    minAcks == Integer.MAX_VALUE ? 0 : minAcks,
                    LoadReport.percentileMs(e2eDone, 50), LoadReport.percentileMs(e2eDone, 99),
                    LoadReport.percentileMs(e2eDone, 100),
                    (connected.cpuNanos() - beforeConnect.cpuNanos()) / 1e6,
                    (afterAlerts.cpuNanos() - cpuBefore) / 1e6 / o.alerts(),
                    connected.heapAfterGc() / 1048576.0, connected.threads(), connected.peakThreads(), connected.clients(),
                    o.idleSeconds(), idleCpu, hbRate, idle.heapAfterGc() / 1048576.0,
                    Runtime.getRuntime().availableProcessors(), Runtime.version().toString(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            // The server is closed by now (it said SERVER_SHUTDOWN); what is left is cut here.
            clientLoop.close();
        }
    }

    /** Connects and logs in every client, {@code concurrency} logins at a time; returns when all are done. */
    private static void connectAll(Options o, LoadClientLoop loop, InetSocketAddress server, SharedKey key, int users,
                                   LoadClient.Sink sink, List<LoadClient> clients, AtomicInteger failures)
            throws InterruptedException {
        Semaphore slots = new Semaphore(o.concurrency());
        // A virtual thread per client only waits: the protocol itself runs on the client loop.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < o.clients(); i++) {
                int index = i;
                slots.acquire();
                pool.submit(() -> {
                    try {
                        clients.add(connectWithRetry(loop, index, server, key, BenchServer.userName(index % users), sink));
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        System.err.println("client " + index + " could not connect: " + e.getMessage());
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        // Index 0 must exist for the end-to-end figure; sort so it is first.
        synchronized (clients) {
            clients.sort(java.util.Comparator.comparingInt(LoadClient::index));
        }
    }

    private static LoadClient connectWithRetry(LoadClientLoop loop, int index, InetSocketAddress server, SharedKey key,
                                               String user, LoadClient.Sink sink) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            LoadClient client = null;
            try {
                client = LoadClient.connect(loop, index, server, key, user, BenchServer.PASSWORD, Duration.ofSeconds(20),
                        sink);
                client.awaitLogin();
                return client;
            } catch (IOException e) {
                last = e;
                if (client != null) {
                    client.close();
                }
            }
        }
        throw last;
    }
}
