package ccn.alerts.school;

import ccn.alerts.bench.BenchServer;
import ccn.alerts.bench.Crowd;
import ccn.alerts.bench.LoadClient;
import ccn.alerts.bench.LoadClientLoop;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.NatsCluster;
import ccn.alerts.testing.ServerProcess;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The school's fan-out on this machine (issue 19): a NATS cluster (1 or 3 nodes), R classroom
 * servers each in its own JVM ({@code ServerMain --upstream …}), N load clients per room in this
 * JVM, and the school. For each school alert, one at a time: the time from calling
 * {@code School.send} to the last client's receipt, and to the school's complete roster (every
 * room's counts in, delivered = every client).
 *
 * <pre>
 * java -cp core/target/classes:core/target/test-classes:$(cat cp.txt) ccn.alerts.school.SchoolBench \
 *     --rooms 4 --clients 2500 --alerts 10 --nodes 3
 * </pre>
 * A tool, in core's test tree like the load generator.
 */
public final class SchoolBench {
    private SchoolBench() {
    }

    public static void main(String[] args) throws Exception {
        int rooms = 4, clients = 2_500, alerts = 10, nodes = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int v = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--rooms" -> rooms = v;
                case "--clients" -> clients = v;
                case "--alerts" -> alerts = v;
                case "--nodes" -> nodes = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("ccn-school-bench-");
        SchoolSubjects subjects = new SchoolSubjects("bench.school");
        int replicas = Math.min(3, nodes);
        List<AutoCloseable> open = new ArrayList<>();
        try (NatsCluster nats = NatsCluster.start(dir.resolve("nats"), nodes)) {
            List<ServerProcess> servers = new ArrayList<>();
            for (int r = 0; r < rooms; r++) {
                Path data = dir.resolve("room-" + r);
                Crowd.main(new String[]{"prepare", data.toString(), Integer.toString(clients)});
                ServerProcess p = ServerProcess.start(data, 0, dir.resolve("room-" + r + ".err"), "--upstream",
                        String.join(",", nats.urls()), "--room", "room-" + r, "--school-prefix", subjects.prefix(),
                        "--school-replicas", Integer.toString(replicas), "--max-unauthenticated-per-address", "100000",
                        "--heartbeat", "30");
                servers.add(p);
                open.add(p);
            }
            // Receipts by local alert id: every room numbers the school's alerts 1, 2, … as they come.
            ConcurrentHashMap<Long, AtomicInteger> receipts = new ConcurrentHashMap<>();
            ConcurrentHashMap<Long, AtomicLong> last = new ConcurrentHashMap<>();
            LoadClient.Sink sink = (client, alertId, nanos) -> {
                receipts.computeIfAbsent(alertId, id -> new AtomicInteger()).incrementAndGet();
                last.computeIfAbsent(alertId, id -> new AtomicLong()).accumulateAndGet(nanos, Math::max);
            };
            LoadClientLoop loop = new LoadClientLoop(false);
            open.add(loop);
            List<LoadClient> crowd = java.util.Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            Semaphore slots = new Semaphore(100);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int r = 0; r < rooms; r++) {
                    ServerProcess p = servers.get(r);
                    for (int i = 0; i < clients; i++) {
                        int index = i;
                        slots.acquire();
                        pool.submit(() -> {
                            try {
                                LoadClient c = LoadClient.connect(loop, index, new InetSocketAddress("127.0.0.1", p.port()),
                                        p.key(), BenchServer.userName(index), BenchServer.PASSWORD, Duration.ofSeconds(60), sink);
                                c.awaitLogin();
                                crowd.add(c);
                            } catch (IOException e) {
                                System.err.println("client " + index + ": " + e.getMessage());
                            } finally {
                                slots.release();
                            }
                        });
                    }
                }
            }
            int total = crowd.size();
            System.out.printf(Locale.ROOT, "%d rooms x %d clients: %d logged in in %.1f s; %d NATS node(s), streams x%d%n",
                    rooms, clients, total, (System.nanoTime() - t0) / 1e9, nodes, replicas);
            School school = School.connect(new School.Settings(nats.urls(), null, null, subjects, "Bench High", replicas,
                    dir.resolve("school")));
            open.add(school);
            long[] toLast = new long[alerts];
            long[] toRoster = new long[alerts];
            for (int k = 0; k < alerts; k++) {
                long start = System.nanoTime();
                SchoolAlert a = school.send(Priority.HIGH, "Bench alert " + k, "bench", false, List.of(), null);
                long local = k + 1;
                long deadline = start + Duration.ofSeconds(120).toNanos();
                while (receipts.getOrDefault(local, new AtomicInteger()).get() < total && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(200_000);
                }
                toLast[k] = last.getOrDefault(local, new AtomicLong(deadline)).get() - start;
                while (school.totals(a.id()).delivered() < total && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(1_000_000);
                }
                toRoster[k] = System.nanoTime() - start;
                System.out.printf(Locale.ROOT, "alert %d: last receipt %.1f ms, complete roster %.1f ms (%s)%n", k + 1,
                        toLast[k] / 1e6, toRoster[k] / 1e6, school.totals(a.id()).sentence());
            }
            Arrays.sort(toLast);
            Arrays.sort(toRoster);
            System.out.printf(Locale.ROOT, "send -> last receipt: p50 %.1f ms, max %.1f ms; send -> complete roster: p50 %.1f ms, "
                            + "max %.1f ms; load average %s%n", toLast[alerts / 2] / 1e6, toLast[alerts - 1] / 1e6,
                    toRoster[alerts / 2] / 1e6, toRoster[alerts - 1] / 1e6, Files.readString(Path.of("/proc/loadavg")).strip());
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                try {
                    open.get(i).close();
                } catch (Exception ignored) {
                    // closing at the end of the run
                }
            }
        }
        System.exit(0);
    }
}
