package ccn.alerts.testing;

import ccn.alerts.crypto.SharedKey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headless server ({@code ccn.alerts.cli.ServerMain}) in a separate JVM, so a test can
 * {@code kill -9} it. Reads the banner for the bound port and the key, keeps every stdout line,
 * and sends terminal commands through stdin.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern BANNER = Pattern.compile("^CCN Alert Server on [^:]+:(\\d+)$");
    private static final Pattern KEY = Pattern.compile("^Key string \\(paste into each client\\): (\\S+)$");
    private static final Pattern SENT = Pattern.compile("^Sent alert (\\d+)$");

    private final Process process;
    private final Writer stdin;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final int port;
    private final SharedKey key;

    private ServerProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofVirtual().name("server-process-stdout").start(this::pumpStdout);
        String portText = Await.value(Duration.ofSeconds(20), () -> find(BANNER), this::describe);
        this.port = Integer.parseInt(portText);
        try {
            this.key = SharedKey.parse(Await.value(Duration.ofSeconds(5), () -> find(KEY), this::describe));
        } catch (Exception e) {
            throw new AssertionError("the banner's key does not parse: " + describe(), e);
        }
    }

    /**
     * Starts {@code ServerMain} with the test's class path and this JVM's {@code java} binary, on
     * {@code port} (0 for any), with cheap password hashing and no automatic alerts.
     */
    public static ServerProcess start(Path dataDir, int port, Path stderr, String... extraArgs) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "ccn.alerts.cli.ServerMain", "--port", Integer.toString(port), "--data-dir", dataDir.toString(),
                "--no-auto-alerts", "--password-iterations", "1000"));
        command.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
        try {
            return new ServerProcess(p);
        } catch (RuntimeException | Error e) {
            p.destroyForcibly();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public SharedKey key() {
        return key;
    }

    /** Writes one terminal command, e.g. {@code send HIGH text}. */
    public void command(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /** Ids of the alerts the server confirmed on stdout ("Sent alert N"), in order. */
    public List<Long> confirmedAlerts() {
        List<Long> ids = new ArrayList<>();
        for (String l : lines) {
            Matcher m = SENT.matcher(l);
            if (m.matches()) {
                ids.add(Long.parseLong(m.group(1)));
            }
        }
        return ids;
    }

    /** SIGKILL on Linux: no shutdown hook, no flush, no goodbye to clients. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("the server process did not die");
        }
    }

    public List<String> lines() {
        return lines;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private String find(Pattern p) {
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.matches()) {
                return m.group(1);
            }
        }
        if (!process.isAlive()) {
            throw new AssertionError("the server process exited with " + process.exitValue() + ": " + describe());
        }
        return null;
    }

    /** Everything the process printed so far, for a failure message. */
    public String describe() {
        return "server process output:\n" + String.join("\n", lines);
    }

    private void pumpStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                lines.add(l);
            }
        } catch (IOException e) {
            // the process died; what was read stays in lines
        }
    }
}
