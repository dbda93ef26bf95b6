package ccn.alerts.server.gui.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo's own data directory: a new temporary directory per run, so a fresh demo shows no
 * alerts, weather points or users of an earlier one (nor of the teacher's real server in
 * {@code ~/.ccn-alerts/server}), deleted once the demo's server has stopped.
 *
 * <p>Thread-safety: stateless.
 */
final class DemoDataDirectory {
    static final String PREFIX = "ccn-alerts-demo-";

    private DemoDataDirectory() {
    }

    /** A new, empty directory (owner-only where the file system supports it). */
    static Path create() throws IOException {
        return Files.createTempDirectory(PREFIX);
    }

    /** Deletes the directory and everything in it; a null directory or a failure is ignored. */
    static void delete(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not delete the demo's data directory " + dir + ": " + e.getMessage());
        }
    }
}
