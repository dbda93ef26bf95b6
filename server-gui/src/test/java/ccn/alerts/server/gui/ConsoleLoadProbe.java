package ccn.alerts.server.gui;

import ccn.alerts.bench.BenchServer;
import ccn.alerts.bench.LoadClient;
import ccn.alerts.bench.LoadClientLoop;
import ccn.alerts.log.EventType;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertServer;
import ccn.alerts.testing.TestServer;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test: is the server console responsive with 1,000 connected clients, 1,000 log events a
 * second and an alert to all of them every second? Measures how late {@code Platform.runLater}
 * tasks run (posted every 10 ms) and the gaps between FX pulses, over 20 s. Headless (Monocle) by
 * default; {@code -Dprobe.window=true} opens a real window (e.g. under Xvfb).
 *
 * <pre>
 * ./mvnw -B -q -DskipTests install
 * ./mvnw -B -q -pl server-gui test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=ccn.alerts.server.gui.ConsoleLoadProbe [-Dexec.args="1000 1000 20"]
 * </pre>
 */
public final class ConsoleLoadProbe {
    static int clients = 1_000;
    static int eventsPerSecond = 1_000;
    static int seconds = 20;

    private ConsoleLoadProbe() {
    }

    public static void main(String[] args) {
        if (args.length >= 3) {
            clients = Integer.parseInt(args[0]);
            eventsPerSecond = Integer.parseInt(args[1]);
            seconds = Integer.parseInt(args[2]);
        }
        if (!Boolean.getBoolean("probe.window")) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("prism.text", "t2k");
        }
        Application.launch(App.class, args);
    }

    /** The application; separate so the class-path launcher accepts the main class. */
    public static final class App extends Application {
        private final List<Long> pulseGaps = new ArrayList<>();
        private long lastPulse;

        @Override
        public void start(Stage stage) throws Exception {
            Path dir = Files.createTempDirectory("ccn-console-probe");
            AlertServer server = new AlertServer(TestServer.config(dir).withMaxConnections(50_000));
            for (int i = 0; i < 100; i++) {
                server.users().add(BenchServer.userName(i), BenchServer.PASSWORD.toCharArray());
            }
            server.start();
            new ServerConsoleApp().show(stage, server, false);
            new AnimationTimer() {
                @Override
                public void handle(long now) {
                    if (lastPulse != 0) {
                        pulseGaps.add(now - lastPulse);
                    }
                    lastPulse = now;
                }
            }.start();
            Thread.ofPlatform().name("probe").daemon().start(() -> run(server));
        }

        private void run(AlertServer server) {
            List<LoadClient> loadClients = new ArrayList<>();
            LoadClientLoop clientLoop = new LoadClientLoop();
            try {
                InetSocketAddress address = new InetSocketAddress("127.0.0.1", server.port());
                for (int i = 0; i < clients; i++) {
                    loadClients.add(LoadClient.connect(clientLoop, i, address, server.key(),
                            BenchServer.userName(i % 100), BenchServer.PASSWORD, Duration.ofSeconds(20),
                            (client, id, nanos) -> { }));
                }
                for (LoadClient c : loadClients) {
                    c.awaitLogin();
                }
                System.out.printf("%d clients connected; flooding %d log events/s and one alert/s for %d s%n",
                        clients, eventsPerSecond, seconds);
                Platform.runLater(pulseGaps::clear);
                long[] lateness = new long[seconds * 100];
                int n = 0;
                long start = System.nanoTime();
                long nextEvent = start;
                long nextProbe = start;
                long nextAlert = start;
                long eventGap = 1_000_000_000L / eventsPerSecond;
                int events = 0;
                while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)) {
                    long now = System.nanoTime();
                    while (nextEvent <= now) {
                        server.eventLog().log(EventType.MESSAGE, "Load probe event " + events++);
                        nextEvent += eventGap;
                    }
                    if (nextAlert <= now) {
                        server.broadcastManualAlert(Priority.MEDIUM, "Load probe alert", "probe");
                        nextAlert += 1_000_000_000L;
                    }
                    if (nextProbe <= now && n < lateness.length) {
                        long posted = System.nanoTime();
                        int slot = n++;
                        Platform.runLater(() -> lateness[slot] = System.nanoTime() - posted);
                        nextProbe += 10_000_000L;
                    }
                    LockSupport.parkNanos(Math.max(0, Math.min(nextEvent, nextProbe) - System.nanoTime()));
                }
                long[] gaps = new long[0];
                java.util.concurrent.CompletableFuture<long[]> g = new java.util.concurrent.CompletableFuture<>();
                Platform.runLater(() -> g.complete(pulseGaps.stream().mapToLong(Long::longValue).toArray()));
                gaps = g.get(10, TimeUnit.SECONDS);
                long[] done = Arrays.copyOf(lateness, n);
                System.out.printf(Locale.ROOT, "runLater lateness over %d probes: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        n, pct(done, 50), pct(done, 99), pct(done, 100));
                System.out.printf(Locale.ROOT, "FX pulse gaps over %d pulses: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        gaps.length, pct(gaps, 50), pct(gaps, 99), pct(gaps, 100));
                System.out.printf(Locale.ROOT, "log events sent: %d (%.0f/s); load average %.2f%n", events,
                        events / (double) seconds,
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                server.close();
                clientLoop.close();
                Platform.exit();
                System.exit(0);
            }
        }

        private static double pct(long[] nanos, double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            long[] s = nanos.clone();
            Arrays.sort(s);
            return s[Math.max(0, (int) Math.ceil(p / 100 * s.length) - 1)] / 1e6;
        }
    }
}
