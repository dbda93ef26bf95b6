package ccn.alerts.bench;

import ccn.alerts.crypto.SharedKey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BenchServer} in its own JVM (same {@code java}, same class path), driven through its
 * stdin/stdout. Separate JVMs keep the server's CPU, heap and thread figures free of the clients'
 * and give each process its own open-file limit. The server's console lines are drained and
 * counted, not shown; they are part of what the server pays per event.
 *
 * <p>Thread-safety: one caller at a time.
 */
final class ServerProcess implements ServerControl {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final AtomicLong consoleLines = new AtomicLong();
    private final int port;
    private final SharedKey key;

    ServerProcess(Path dataDir, int users, int passwordIterations, Duration heartbeat, List<String> jvmOptions)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(BenchServer.class.getName());
        cmd.add(dataDir.toString());
        cmd.add(Integer.toString(users));
        cmd.add(Integer.toString(passwordIterations));
        cmd.add(Long.toString(heartbeat.toSeconds()));
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        Thread.ofPlatform().name("bench-server-stdout").daemon().start(this::drain);
        String ready = reply("READY", START_TIMEOUT);
        String[] parts = ready.split(" ");
        port = Integer.parseInt(parts[1]);
        try {
            key = SharedKey.parse(parts[2]);
        } catch (ccn.alerts.crypto.InvalidKeyStringException e) {
            throw new IOException("server JVM printed an unreadable key", e);
        }
    }

    private void drain() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(BenchServer.REPLY)) {
                    replies.add(line.substring(BenchServer.REPLY.length()));
                } else {
                    consoleLines.incrementAndGet();
                }
            }
        } catch (IOException ignored) {
            // The process ended.
        }
        replies.add("EOF");
    }

    private String reply(String kind, Duration timeout) throws IOException {
        try {
            String line = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IOException("server JVM did not answer " + kind + " within " + timeout.toSeconds() + " s");
            }
            if (!line.startsWith(kind + " ")) {
                throw new IOException("server JVM answered '" + line + "' instead of " + kind);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public SharedKey key() {
        return key;
    }

    @Override
    public FanOut broadcast(int expectedAcks, Duration timeout) throws IOException {
        commands.println("broadcast " + expectedAcks + " " + timeout.toMillis());
        String[] p = reply("FANOUT", timeout.plusSeconds(30)).split(" ");
        return new FanOut(Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]),
                Integer.parseInt(p[4]), Integer.parseInt(p[5]));
    }

    /** The server JVM's process id (for /proc figures). */
    long pid() {
        return process.pid();
    }

    /** Asks for a broadcast and returns at once; {@link #awaitFanOut} reads its answer. */
    void broadcastAsync(int expectedAcks, Duration timeout) {
        commands.println("broadcast " + expectedAcks + " " + timeout.toMillis());
    }

    /** The answer of the last {@link #broadcastAsync}. */
    FanOut awaitFanOut(Duration timeout) throws IOException {
        String[] p = reply("FANOUT", timeout.plusSeconds(30)).split(" ");
        return new FanOut(Long.parseLong(p[1]), Long.parseLong(p[2]), Long.parseLong(p[3]),
                Integer.parseInt(p[4]), Integer.parseInt(p[5]));
    }

    @Override
    public Metrics metrics() throws IOException {
        commands.println("metrics");
        String[] p = reply("METRICS", Duration.ofSeconds(60)).split(" ");
        return new Metrics(Long.parseLong(p[1]), Long.parseLong(p[2]), Integer.parseInt(p[3]),
                Integer.parseInt(p[4]), Integer.parseInt(p[5]), Integer.parseInt(p[6]), Long.parseLong(p[7]));
    }

    /** Console lines the server printed so far (its event log echo). */
    long consoleLines() {
        return consoleLines.get();
    }

    @Override
    public void close() {
        commands.println("quit");
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }

    /**
     * The class path the child needs. Under {@code mvn exec:java} the project's classes live in a
     * class loader of their own and {@code java.class.path} holds only Maven's launcher, so the
     * URLs of that loader come first when there are any; with {@code -Dexec.classpathScope=test}
     * they include {@code target/test-classes}, where this tool lives.
     */
    static String classPath() {
        StringBuilder path = new StringBuilder();
        ClassLoader loader = ServerProcess.class.getClassLoader();
        if (loader instanceof java.net.URLClassLoader urls) {
            for (java.net.URL url : urls.getURLs()) {
                try {
                    path.append(java.nio.file.Path.of(url.toURI())).append(java.io.File.pathSeparatorChar);
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    // not a file: skip it
                }
            }
        }
        return path.append(System.getProperty("java.class.path")).toString();
    }
}
