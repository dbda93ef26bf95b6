package ccn.alerts.testing;


import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Real {@code nats-server} processes with JetStream on loopback for the school tests: one node,
 * or a cluster of three joined by routes (RAFT). Each node gets free ports and its own store
 * directory. {@link #kill} is SIGKILL; {@link #restart} starts the node again on its ports and
 * store. {@code .ci/run} installs Debian's {@code nats-server} package; where it is missing,
 * {@link #binary()} is empty and the tests say so and are skipped.
 *
 * <p>Durability: Debian's nats-server is 2.9.10, which has no {@code sync_interval} setting
 * (added in 2.10). From 2.10 on each node is configured with {@code sync_interval: always}, so a
 * stored message is on disk before it is acknowledged (docs/SCHOOL.md §5).
 */
public final class NatsCluster implements AutoCloseable {
    private final Path dir;
    private final Path binary;
    private final List<Node> nodes = new ArrayList<>();
    private final boolean syncAlways;

    private record Node(String name, int clientPort, int clusterPort, Path store, Path config) {
    }

    private final List<Process> processes = new ArrayList<>();

    private NatsCluster(Path dir, Path binary) throws IOException {
        this.dir = dir;
        this.binary = binary;
        this.syncAlways = supportsSyncInterval(binary);
    }

    /** The nats-server on this machine, if any. */
    public static Optional<Path> binary() {
        for (String candidate : List.of("/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        return Optional.empty();
    }

    public static String missingMessage() {
        return "nats-server is not installed (apt-get install nats-server; .ci/run does this): school tests skipped";
    }

    public static NatsCluster start(Path dir, int size) throws IOException, InterruptedException {
        NatsCluster c = new NatsCluster(dir, binary().orElseThrow(() -> new IOException(missingMessage())));
        List<int[]> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(new int[]{freePort(), freePort()});
        }
        for (int i = 0; i < size; i++) {
            String name = "n" + (i + 1);
            Path store = Files.createDirectories(dir.resolve(name));
            int self = i;
            String routes = IntStream.range(0, size).filter(j -> j != self)
                    .mapToObj(j -> "nats-route://127.0.0.1:" + ports.get(j)[1]).collect(Collectors.joining(", "));
            StringBuilder conf = new StringBuilder()
                    .append("server_name: ").append(name).append('\n')
                    .append("listen: 127.0.0.1:").append(ports.get(i)[0]).append('\n')
                    .append("jetstream {\n  store_dir: \"").append(store).append("\"\n")
                    .append("  max_memory_store: 64MB\n  max_file_store: 1GB\n")
                    .append(c.syncAlways ? "  sync_interval: always\n" : "")
                    .append("}\n");
            if (size > 1) {
                conf.append("cluster {\n  name: ccn-school\n  listen: 127.0.0.1:").append(ports.get(i)[1])
                        .append("\n  routes: [").append(routes).append("]\n}\n");
            }
            Path config = dir.resolve(name + ".conf");
            Files.writeString(config, conf.toString(), StandardCharsets.UTF_8);
            c.nodes.add(new Node(name, ports.get(i)[0], ports.get(i)[1], store, config));
            c.processes.add(null);
        }
        try {
            for (int i = 0; i < size; i++) {
                c.launch(i);
            }
            for (int i = 0; i < size; i++) {
                c.awaitListening(i);
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void launch(int i) throws IOException {
        Node n = nodes.get(i);
        Process p = new ProcessBuilder(binary.toString(), "-c", n.config().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(n.name() + ".log").toFile()))
                .start();
        processes.set(i, p);
    }

    private void awaitListening(int i) throws IOException {
        int port = nodes.get(i).clientPort();
        Await.until(Duration.ofSeconds(20), () -> {
            if (!processes.get(i).isAlive()) {
                throw new IllegalStateException("nats-server " + nodes.get(i).name() + " exited: " + log(i));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }, "nats-server " + nodes.get(i).name() + " listening on " + port);
    }

    public String url(int i) {
        return "nats://127.0.0.1:" + nodes.get(i).clientPort();
    }

    public List<String> urls() {
        return IntStream.range(0, nodes.size()).mapToObj(this::url).toList();
    }

    public int size() {
        return nodes.size();
    }

    /** SIGKILL: what a crash or a pulled plug does to the process. */
    public void kill(int i) throws InterruptedException {
        Process p = processes.get(i);
        p.destroyForcibly();
        p.waitFor();
    }

    /** SIGTERM: the node shuts down cleanly (maintenance, a reboot), its store flushed. */
    public void stop(int i) throws InterruptedException {
        Process p = processes.get(i);
        p.destroy();
        p.waitFor();
    }

    public void restart(int i) throws IOException {
        launch(i);
        awaitListening(i);
    }

    public String log(int i) {
        try {
            String text = Files.readString(dir.resolve(nodes.get(i).name() + ".log"));
            return text.length() > 4_000 ? text.substring(text.length() - 4_000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            if (p != null) {
                try {
                    p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static boolean supportsSyncInterval(Path binary) throws IOException {
        try {
            Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            // "nats-server: v2.9.10"
            String[] v = out.replaceAll(".*v", "").split("\\.");
            int major = Integer.parseInt(v[0]);
            int minor = Integer.parseInt(v[1]);
            return major > 2 || (major == 2 && minor >= 10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        // nats-server needs its route ports before any node starts, so they cannot be 0.
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
