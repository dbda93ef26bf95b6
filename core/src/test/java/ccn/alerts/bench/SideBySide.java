package ccn.alerts.bench;

import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.FrameDecoder;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.SecureChannel;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Our server and Mosquitto measured the same way, in the same run: N subscriber connections in
 * this process (one virtual thread and one blocking socket each), one publisher, and for each
 * message the time from publishing to the <em>last</em> subscriber's receipt. Ours: every
 * subscriber decrypts each ALERT and answers ACK (the server answers ACK_OK once it is on disk).
 * Mosquitto: MQTT 3.1.1, QoS 1, every subscriber answers PUBACK. Messages are paced: the next is
 * published once every subscriber has the previous one. Also measured: the server's CPU time per
 * recipient (from {@code /proc/PID/stat}) and its resident memory ({@code VmRSS}) after the
 * connections and after the messages.
 *
 * <pre>
 *   SideBySide --clients 1000,10000 [--alerts 100] [--warmup 20] [--systems ccn,mosquitto]
 *              [--mosquitto /usr/sbin/mosquitto] [--server-opts "-Xmx256m ..." | none]
 * </pre>
 *
 * A test-scope tool, run by {@code core/bench/side-by-side.sh}, which installs Mosquitto first.
 */
public final class SideBySide {
    private static final String TOPIC = "ccn/alerts";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);
    private static final int CONNECT_CONCURRENCY = 200;
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux
    /**
     * What the application image's launchers pass (the root pom's {@code launcher.memory.flags}):
     * the server is measured as it is shipped. {@code --server-opts none} measures the JVM's defaults.
     */
    static List<String> launcherFlags() throws IOException {
        String pom = java.nio.file.Files.readString(Path.of("pom.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<launcher\\.memory\\.flags>([^<]*)</launcher\\.memory\\.flags>").matcher(pom);
        if (!m.find()) {
            throw new IOException("pom.xml names no launcher.memory.flags: run from the project's top folder");
        }
        return List.of(m.group(1).strip().split("\\s+"));
    }

    private SideBySide() {
    }

    /** One system's figures at one client count. */
    /**
     * @param threadsUsPerRecipient the server's CPU per recipient by thread (digits dropped from
     *                              the names, so the GC's or the JIT's threads add up), largest first
     * @param harnessUsPerRecipient the subscribers' own CPU per recipient (this JVM: they share the
     *                              machine's cores with the server)
     */
    record Result(String system, int clients, int alerts, double p50Ms, double p99Ms, double maxMs, double cpuUsPerRecipient,
                  double rssConnectedMiB, double rssAfterMiB, double connectSeconds, double coldFirstMs, double coldP50Ms,
                  Map<String, Double> threadsUsPerRecipient, double harnessUsPerRecipient) {
        /** "loop 21.3 · C2 CompilerThre 9.1 · …" */
        String threads() {
            StringBuilder b = new StringBuilder();
            threadsUsPerRecipient.forEach((name, us) -> {
                if (us >= 0.05) {
                    b.append(b.isEmpty() ? "" : " · ").append(name).append(String.format(Locale.ROOT, " %.1f", us));
                }
            });
            return b.toString();
        }

        String row() {
            return String.format(Locale.ROOT, "| %-9s | %6d | %8.2f | %8.2f | %8.2f | %7.2f | %7.1f | %7.1f | %6.1f | %8.2f | %8.2f |",
                    system, clients, p50Ms, p99Ms, maxMs, cpuUsPerRecipient, rssConnectedMiB, rssAfterMiB, connectSeconds,
                    coldFirstMs, coldP50Ms);
        }

        String json() {
            return String.format(Locale.ROOT, "{\"system\":\"%s\",\"clients\":%d,\"alerts\":%d,\"p50Ms\":%.3f,\"p99Ms\":%.3f,"
                            + "\"maxMs\":%.3f,\"cpuUsPerRecipient\":%.3f,\"rssConnectedMiB\":%.1f,\"rssAfterMiB\":%.1f,"
                            + "\"connectSeconds\":%.2f,\"coldFirstMs\":%.3f,\"coldP50Ms\":%.3f,\"harnessUsPerRecipient\":%.3f,"
                            + "\"threads\":\"%s\"}", system, clients, alerts, p50Ms,
                    p99Ms, maxMs, cpuUsPerRecipient, rssConnectedMiB, rssAfterMiB, connectSeconds, coldFirstMs, coldP50Ms,
                    harnessUsPerRecipient, threads());
        }
    }

    /** Receipts of the message in flight: subscribers count down and keep the latest time. */
    static final class Receipts {
        private final AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(0));
        private final AtomicLong last = new AtomicLong();

        void expect(int n) {
            last.set(0);
            latch.set(new CountDownLatch(n));
        }

        void received(long nanos) {
            last.accumulateAndGet(nanos, Math::max);
            latch.get().countDown();
        }

        long awaitLast(Duration timeout) throws InterruptedException, IOException {
            CountDownLatch l = latch.get();
            if (!l.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(l.getCount() + " subscriber(s) did not receive the message within " + timeout.toSeconds() + " s");
            }
            return last.get();
        }
    }

    /** A system under test: started, connected to by N subscribers, published to. */
    interface System0 extends AutoCloseable {
        String name();

        long pid();

        /** Opens one subscriber (blocking until it is ready to receive). */
        AutoCloseable subscribe(int index, Receipts receipts) throws IOException;

        /** Publishes message {@code k}; returns at once (the receipts say when it arrived). */
        void publish(int k) throws IOException;

        /** Called after the receipts of a message are in (our server: waits for its own ACK count). */
        default void settle() throws IOException {
        }

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = List.of(1_000);
        int alerts = 100;
        int warmup = 20;
        List<String> systems = List.of("ccn", "mosquitto");
        String mosquitto = "/usr/sbin/mosquitto";
        List<String> serverOpts = null; // the launchers' flags, read once the options are known
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--clients" -> counts = Arrays.stream(v.split(",")).map(String::strip).map(Integer::parseInt).toList();
                case "--alerts" -> alerts = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--systems" -> systems = List.of(v.split(","));
                case "--mosquitto" -> mosquitto = v;
                case "--server-opts" -> serverOpts = v.isBlank() || v.equals("none") ? List.of() : List.of(v.strip().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (serverOpts == null) {
            serverOpts = launcherFlags();
        }
        List<Result> results = new ArrayList<>();
        System.out.println("our server's JVM flags: " + (serverOpts.isEmpty() ? "(the JVM's defaults)" : String.join(" ", serverOpts)));
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, load average %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Files.readString(Path.of("/proc/loadavg")).strip());
        for (int n : counts) {
            for (String s : systems) {
                Path dir = Files.createTempDirectory("ccn-side-by-side-");
                try (System0 system = switch (s) {
                    case "ccn" -> new Ccn(dir, n, serverOpts);
                    case "mosquitto" -> new Mosquitto(dir, mosquitto);
                    default -> throw new IllegalArgumentException("unknown system " + s);
                }) {
                    System.out.printf(Locale.ROOT, "%s, %d clients (load average %s)…%n", s, n,
                            Files.readString(Path.of("/proc/loadavg")).strip());
                    Result r = run(system, n, alerts, warmup);
                    results.add(r);
                    System.out.println(r.json());
                }
            }
        }
        System.out.println();
        System.out.println("| system    | N      | p50 ms   | p99 ms   | max ms   | CPU µs/recipient | RSS connected MiB | RSS after MiB | connect s | cold: first ms | cold: warm-up p50 ms |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        results.forEach(r -> System.out.println(r.row()));
        System.out.println();
        System.out.println("Server CPU per recipient by thread (µs), and the subscribers' own:");
        results.forEach(r -> System.out.printf(Locale.ROOT, "- %s, N=%d: %s; subscribers %.1f%n", r.system(), r.clients(),
                r.threads(), r.harnessUsPerRecipient()));
        for (int n : counts) {
            Result ours = find(results, "ccn", n);
            Result them = find(results, "mosquitto", n);
            if (ours != null && them != null) {
                // CPU is counted in 10 ms ticks: a short run of a cheap server may show none.
                String cpu = them.cpuUsPerRecipient() > 0
                        ? String.format(Locale.ROOT, "%.2f", ours.cpuUsPerRecipient() / them.cpuUsPerRecipient())
                        : "n/a (under one 10 ms tick)";
                System.out.printf(Locale.ROOT, "N=%d: ours / Mosquitto p50 %.2f, p99 %.2f, CPU per recipient %s, RSS %.1f%n", n,
                        ours.p50Ms() / them.p50Ms(), ours.p99Ms() / them.p99Ms(), cpu, ours.rssAfterMiB() / them.rssAfterMiB());
            }
        }
        System.exit(0);
    }

    private static Result find(List<Result> results, String system, int n) {
        return results.stream().filter(r -> r.system().equals(system) && r.clients() == n).findFirst().orElse(null);
    }

    static Result run(System0 system, int n, int alerts, int warmup) throws Exception {
        Receipts receipts = new Receipts();
        List<AutoCloseable> subscribers = java.util.Collections.synchronizedList(new ArrayList<>());
        Semaphore slots = new Semaphore(CONNECT_CONCURRENCY);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long connectStart = java.lang.System.nanoTime();
        List<Thread> connecting = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            slots.acquire();
            connecting.add(Thread.ofVirtual().start(() -> {
                try {
                    subscribers.add(system.subscribe(index, receipts));
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread t : connecting) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IOException(system.name() + ": a subscriber could not connect: " + failure.get(), failure.get());
        }
        double connectSeconds = (java.lang.System.nanoTime() - connectStart) / 1e9;
        double rssConnected = rssMiB(system.pid());
        long[] fanOut = new long[alerts];
        long[] cold = new long[Math.max(1, warmup)];
        long cpuBefore = 0;
        long harnessBefore = 0;
        Map<String, Long> threadsBefore = Map.of();
        long self = ProcessHandle.current().pid();
        for (int k = 0; k < warmup + alerts; k++) {
            if (k == warmup) {
                cpuBefore = cpuNanos(system.pid());
                threadsBefore = cpuByThread(system.pid());
                harnessBefore = cpuNanos(self);
            }
            receipts.expect(n);
            long t0 = java.lang.System.nanoTime();
            system.publish(k);
            long last = receipts.awaitLast(STEP_TIMEOUT);
            system.settle();
            if (k >= warmup) {
                fanOut[k - warmup] = last - t0;
            } else {
                cold[k] = last - t0; // the first messages after a start: the JIT still compiling
            }
        }
        long cpu = cpuNanos(system.pid()) - cpuBefore;
        long harness = cpuNanos(self) - harnessBefore;
        double recipients = (double) alerts * n;
        Map<String, Long> threadsAfter = cpuByThread(system.pid());
        Map<String, Double> byThread = new java.util.LinkedHashMap<>();
        Map<String, Long> before = threadsBefore;
        threadsAfter.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byThread.put(e.getKey(), e.getValue() / 1e3 / recipients));
        double rssAfter = rssMiB(system.pid());
        for (AutoCloseable s : subscribers) {
            try {
                s.close();
            } catch (Exception ignored) {
                // closing at the end of the run
            }
        }
        Arrays.sort(fanOut);
        long first = cold[0];
        Arrays.sort(cold);
        return new Result(system.name(), n, alerts, ms(percentile(fanOut, 50)), ms(percentile(fanOut, 99)),
                ms(fanOut[fanOut.length - 1]), cpu / 1e3 / recipients, rssConnected, rssAfter, connectSeconds,
                ms(first), ms(percentile(cold, 50)), byThread, harness / 1e3 / recipients);
    }

    private static long percentile(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** utime + stime of a process, from /proc (Linux). */
    static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
    }

    /**
     * utime + stime per thread name (from /proc/PID/task), with digits and '#' dropped so that
     * "GC Thread#0" and "GC Thread#1" count as one. Threads that ended during the run are missed.
     */
    static Map<String, Long> cpuByThread(long pid) throws IOException {
        Map<String, Long> out = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                        .replaceAll("[0-9#]+", "").replaceAll("[-_ ]+$", "").strip();
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS, Long::sum);
            }
        }
        return out;
    }

    static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    // ------------------------------------------------------------------ ours

    /** Our server in its own JVM ({@link ServerProcess}), subscribers speaking our protocol. */
    static final class Ccn implements System0 {
        private final ServerProcess server;
        private final int users;
        private int expected;

        Ccn(Path dir, int clients, List<String> jvmOptions) throws IOException {
            this.users = clients;
            // Heartbeats every hour: the subscribers are silent between messages, like Mosquitto's (keepalive 0).
            this.server = new ServerProcess(dir, clients, 1_000, Duration.ofSeconds(3_600), jvmOptions);
        }

        @Override
        public String name() {
            return "ccn";
        }

        @Override
        public long pid() {
            return server.pid();
        }

        @Override
        public AutoCloseable subscribe(int index, Receipts receipts) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 30_000);
            socket.setTcpNoDelay(true);
            SharedKey key = server.key();
            SecureChannel ch = SecureChannel.client(socket, key, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
            ch.send(new Message.ClientHello("side-by-side/1"));
            if (!(ch.receive() instanceof Message.ServerHello)) {
                throw new IOException("no WELCOME");
            }
            ch.send(new Message.Login(BenchServer.userName(index % users), BenchServer.PASSWORD));
            Message reply = ch.receive();
            if (!(reply instanceof Message.AuthSuccess)) {
                throw new IOException("login refused: " + reply);
            }
            synchronized (this) {
                expected++;
            }
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        if (ch.receive() instanceof Message.Alert a) {
                            receipts.received(java.lang.System.nanoTime());
                            ch.send(new Message.Ack(a.alertId()));
                        }
                    }
                } catch (IOException e) {
                    // closed at the end of the run
                }
            });
            return socket;
        }

        @Override
        public void publish(int k) throws IOException {
            server.broadcastAsync(expectedCount(), STEP_TIMEOUT);
        }

        @Override
        public void settle() throws IOException {
            server.awaitFanOut(STEP_TIMEOUT); // its ACKs are in: the next alert starts clean
        }

        private synchronized int expectedCount() {
            return expected;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    // ------------------------------------------------------------------ Mosquitto

    /** Mosquitto started from its package's binary on a free loopback port, subscribers speaking MQTT 3.1.1. */
    static final class Mosquitto implements System0 {
        private final Process process;
        private final int port;
        private final Socket publisher;
        private final OutputStream publisherOut;

        Mosquitto(Path dir, String binary) throws IOException {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IOException(binary + " not found: install Debian's mosquitto package (core/bench/side-by-side.sh does)");
            }
            try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\nmax_connections -1\n"
                    + "max_inflight_messages 20\nmax_queued_messages 1000\npersistence false\nlog_type error\n");
            process = new ProcessBuilder(binary, "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
            AtomicReference<String> lastError = new AtomicReference<>("");
            Socket s;
            try {
                s = ccn.alerts.testing.Await.value(Duration.ofSeconds(20), () -> {
                if (!process.isAlive()) {
                    return null;
                }
                try {
                    return mqttConnect(port, "side-by-side-publisher");
                } catch (IOException e) {
                    lastError.set(e.getMessage());
                    return null; // still starting
                }
                }, () -> "mosquitto did not start on port " + port + ": " + lastError.get());
            } catch (AssertionError e) {
                process.destroyForcibly();
                throw new IOException(e.getMessage());
            }
            publisher = s;
            publisherOut = s.getOutputStream();
            InputStream in = s.getInputStream();
            Thread.ofVirtual().start(() -> { // PUBACKs from the broker: read and dropped
                try {
                    while (in.read() >= 0) {
                        // drain
                    }
                } catch (IOException ignored) {
                    // closed
                }
            });
        }

        @Override
        public String name() {
            return "mosquitto";
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public AutoCloseable subscribe(int index, Receipts receipts) throws IOException {
            Socket s = mqttConnect(port, "sub-" + index);
            OutputStream out = s.getOutputStream();
            byte[] topic = TOPIC.getBytes(StandardCharsets.US_ASCII);
            // SUBSCRIBE, packet id 1, one topic at QoS 1
            byte[] body = new byte[2 + 2 + topic.length + 1];
            body[1] = 1;
            body[2] = (byte) (topic.length >> 8);
            body[3] = (byte) topic.length;
            System.arraycopy(topic, 0, body, 4, topic.length);
            body[body.length - 1] = 1;
            out.write(packet(0x82, body));
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            int type = in.readUnsignedByte();
            byte[] suback = new byte[remainingLength(in)];
            in.readFully(suback);
            if (type != 0x90 || suback[suback.length - 1] != 1) {
                throw new IOException("SUBSCRIBE refused: type " + type);
            }
            Thread.ofVirtual().start(() -> {
                byte[] puback = {0x40, 2, 0, 0};
                try {
                    while (true) {
                        int header = in.readUnsignedByte();
                        byte[] p = new byte[remainingLength(in)];
                        in.readFully(p);
                        if ((header & 0xF0) == 0x30) {
                            receipts.received(java.lang.System.nanoTime());
                            if ((header & 0x06) == 0x02) { // QoS 1: answer PUBACK with its packet id
                                int topicLength = ((p[0] & 0xFF) << 8) | (p[1] & 0xFF);
                                puback[2] = p[2 + topicLength];
                                puback[3] = p[3 + topicLength];
                                out.write(puback);
                                out.flush();
                            }
                        }
                    }
                } catch (IOException e) {
                    // closed at the end of the run
                }
            });
            return s;
        }

        @Override
        public void publish(int k) throws IOException {
            byte[] topic = TOPIC.getBytes(StandardCharsets.US_ASCII);
            byte[] payload = ("Load test alert " + k).getBytes(StandardCharsets.UTF_8);
            int id = k % 65_535 + 1;
            byte[] body = new byte[2 + topic.length + 2 + payload.length];
            body[0] = (byte) (topic.length >> 8);
            body[1] = (byte) topic.length;
            System.arraycopy(topic, 0, body, 2, topic.length);
            body[2 + topic.length] = (byte) (id >> 8);
            body[3 + topic.length] = (byte) id;
            System.arraycopy(payload, 0, body, 4 + topic.length, payload.length);
            publisherOut.write(packet(0x32, body)); // PUBLISH, QoS 1
            publisherOut.flush();
        }

        @Override
        public void close() {
            try {
                publisher.close();
            } catch (IOException ignored) {
                // stopping
            }
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        /** TCP connect, MQTT 3.1.1 CONNECT (clean session, keep-alive off), CONNACK. */
        static Socket mqttConnect(int port, String clientId) throws IOException {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                s.setTcpNoDelay(true);
                byte[] id = clientId.getBytes(StandardCharsets.US_ASCII);
                byte[] body = new byte[10 + 2 + id.length];
                byte[] head = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0}; // protocol level 4, clean session, keep-alive 0
                System.arraycopy(head, 0, body, 0, head.length);
                body[10] = (byte) (id.length >> 8);
                body[11] = (byte) id.length;
                System.arraycopy(id, 0, body, 12, id.length);
                OutputStream out = s.getOutputStream();
                out.write(packet(0x10, body));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] connack = in.readNBytes(4);
                if (connack.length != 4 || connack[0] != 0x20 || connack[3] != 0) {
                    throw new IOException("CONNACK refused: " + Arrays.toString(connack));
                }
                return s;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        }

        static byte[] packet(int header, byte[] body) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length + 5);
            out.write(header);
            int n = body.length;
            do {
                int b = n % 128;
                n /= 128;
                out.write(n > 0 ? b | 0x80 : b);
            } while (n > 0);
            out.writeBytes(body);
            return out.toByteArray();
        }

        static int remainingLength(DataInputStream in) throws IOException {
            int value = 0;
            int shift = 0;
            int b;
            do {
                b = in.readUnsignedByte();
                value |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0 && shift < 28);
            return value;
        }
    }
}
