package ccn.alerts.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A main class in a separate JVM with this JVM's {@code java}, class path and, for windows, the
 * headless Monocle settings the GUI modules' tests use, so a test can send it SIGTERM
 * ({@link #terminate()}) as Ctrl+C or a service manager would. Keeps every line of stdout and
 * stderr (merged).
 */
public final class ChildJvm implements AutoCloseable {
    /** The surefire settings that let a JavaFX window start without a display. */
    public static final List<String> HEADLESS_FX = List.of("-Dtestfx.headless=true", "-Dglass.platform=Monocle",
            "-Dmonocle.platform=Headless", "-Dprism.order=sw", "-Dprism.text=t2k", "-Djava.awt.headless=true");

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread.ofVirtual().name("child-jvm-output").start(this::pump);
    }

    /** Starts {@code mainClass} with {@code jvmOptions} (e.g. {@link #HEADLESS_FX}) and {@code args}. */
    public static ChildJvm start(List<String> jvmOptions, String mainClass, String... args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits for an output line matching {@code regex} and returns its first group (or the whole line). */
    public String awaitLine(String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex);
        return Await.value(timeout, () -> {
            for (String l : lines) {
                Matcher m = p.matcher(l);
                if (m.find()) {
                    return m.groupCount() > 0 ? m.group(1) : l;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("the child JVM exited with " + process.exitValue() + " before printing /"
                        + regex + "/:\n" + output());
            }
            return null;
        }, () -> "no line /" + regex + "/ in:\n" + output());
    }

    /** SIGTERM on Linux and macOS (what Ctrl+C's SIGINT also leads to): shutdown hooks run. Returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not end within " + timeout + " of SIGTERM:\n" + output());
        }
        return process.exitValue();
    }

    public String output() {
        return String.join("\n", lines);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(l);
            }
        } catch (IOException e) {
            // the process ended; what was read stays
        }
    }
}
