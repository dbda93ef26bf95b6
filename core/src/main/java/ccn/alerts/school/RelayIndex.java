package ccn.alerts.school;

import ccn.alerts.io.AtomicFile;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which school alerts a classroom server has relayed, as which local alert, up to which school
 * revision: {@value #FILE_NAME} in its data directory, written (temporary file, fsync, rename)
 * after the alert is in the server's journal and before the school's stream is told
 * (docs/SCHOOL.md §6). A crash between the journal and this file is covered by the journal: at
 * start the index also learns the school origin of every alert the journal still holds. Keeps the
 * newest {@value #CAPACITY} alerts, far more than the stream's week holds in a school.
 *
 * <p>Not thread-safe: the upstream's one thread owns it.
 */
final class RelayIndex {
    static final String FILE_NAME = "school-relay.json";
    static final int CAPACITY = 10_000;
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** A school alert relayed here: the school's id and revision, the local alert id. */
    record Relayed(long id, int revision, long alert) {
    }

    private record FileContent(List<Relayed> relayed) {
    }

    private final Path file;
    private final LinkedHashMap<Long, Relayed> relayed = new LinkedHashMap<>();

    private RelayIndex(Path file) {
        this.file = file;
    }

    /** @throws IOException when the file exists but cannot be read: never overwritten, since guessing could show an alert twice */
    static RelayIndex open(Path dataDir) throws IOException {
        RelayIndex index = new RelayIndex(dataDir.resolve(FILE_NAME));
        if (Files.exists(index.file)) {
            try {
                FileContent c = JSON.readValue(index.file.toFile(), FileContent.class);
                if (c.relayed() != null) {
                    c.relayed().forEach(index::remember);
                }
            } catch (IOException e) {
                throw new IOException(index.file + " is damaged (" + SchoolAlert.firstLine(e.getMessage())
                        + "); move it away to start again: school alerts still in the stream would then be shown again", e);
            }
        }
        return index;
    }

    Optional<Relayed> get(long schoolAlertId) {
        return Optional.ofNullable(relayed.get(schoolAlertId));
    }

    /** Learns a relay without writing (from the journal at start). Keeps the highest revision. */
    void remember(Relayed r) {
        Relayed known = relayed.get(r.id());
        if (known == null || known.revision() < r.revision()) {
            relayed.remove(r.id());
            relayed.put(r.id(), r);
        }
        while (relayed.size() > CAPACITY) {
            Long oldest = relayed.keySet().iterator().next();
            relayed.remove(oldest);
        }
    }

    /** Records a relay and forces the file to disk. */
    void record(Relayed r) throws IOException {
        remember(r);
        AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new FileContent(new ArrayList<>(relayed.values()))));
    }

    Map<Long, Relayed> snapshot() {
        return Map.copyOf(relayed);
    }
}
