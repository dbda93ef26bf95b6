package ccn.alerts.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RollingLogFileTest {

    @TempDir
    Path dir;

    @Test
    void a_written_line_shows_the_events_own_time_type_and_message() throws IOException {
        Instant time = Instant.parse("2024-01-01T12:00:00Z");
        RollingLogFile file = RollingLogFile.open(dir, "test-log", 1L << 20, 1);

        // when:
        file.write(new LogEvent(time, EventType.AUTH, "Client /127.0.0.1:54321 authenticated as admin"));
        file.stop();

        // then: the time is the event's, not the moment of writing
        String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault()).format(time);
        assertEquals(List.of("[" + stamp + "] [AUTH] Client /127.0.0.1:54321 authenticated as admin"),
                Files.readAllLines(dir.resolve(EventLog.FILE_NAME), StandardCharsets.UTF_8));
    }

    @Test
    void the_archive_pattern_uses_forward_slashes_and_a_numbered_name() throws IOException {
        assertEquals("/data/server_log.%i.txt", RollingLogFile.archivePattern(Path.of("/data")));
    }

    @Test
    void a_percent_sign_in_the_directory_is_refused_before_anything_is_created() {
        Path odd = dir.resolve("50%");

        assertThrows(IOException.class, () -> RollingLogFile.open(odd, "test-log", 1_000, 1));
        assertFalse(Files.exists(odd));
    }

    @Test
    void limits_logback_cannot_honour_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> RollingLogFile.open(dir, "test-log", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> RollingLogFile.open(dir, "test-log", 1_000, 0));
        assertThrows(IllegalArgumentException.class,
                () -> RollingLogFile.open(dir, "test-log", 1_000, RollingLogFile.MAX_ARCHIVED_FILES + 1));
    }
}
