package ccn.alerts.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogWriterTest {

    @TempDir
    Path dir;

    private static LogEvent event(String message) {
        return new LogEvent(Instant.now(), EventType.SERVER, message);
    }

    @Test
    void submitted_events_are_in_the_file_in_submit_order_once_flushed() throws IOException {
        RollingLogFile file = RollingLogFile.open(dir, "test-log", 1L << 20, 1);
        LogWriter writer = new LogWriter(file, 3, "test-writer");
        try {
            // when: more events than the capacity, each with its room reserved first
            for (int i = 0; i < 10; i++) {
                assertTrue(writer.awaitRoom());
                writer.submit(event("line " + i));
            }
            writer.flush();

            // then:
            List<String> lines = Files.readAllLines(file.path(), StandardCharsets.UTF_8);
            assertEquals(10, lines.size());
            for (int i = 0; i < 10; i++) {
                assertTrue(lines.get(i).endsWith("] [SERVER] line " + i), lines.get(i));
            }
        } finally {
            writer.close();
        }
    }

    @Test
    void a_full_queue_leaves_lines_out_without_waiting_for_the_disk_and_the_file_says_how_many() throws IOException {
        RollingLogFile file = RollingLogFile.open(dir, "test-log", 1L << 20, 1);
        LogWriter writer = new LogWriter(file, 1, "test-writer");
        try {
            assertTrue(writer.tryRoom()); // the only place, held as a stalled disk would hold it

            // when: three more lines while the queue is full
            boolean second = writer.tryRoom();
            boolean third = writer.tryRoom();
            boolean fourth = writer.tryRoom();
            writer.submit(event("after the stall")); // the held place is used at last
            writer.flush();

            // then: left out, counted, and the file says so before the next line
            assertFalse(second || third || fourth);
            List<String> lines = Files.readAllLines(file.path(), StandardCharsets.UTF_8);
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("[ERROR] 3 log line(s) before this one were not written here"), lines.get(0));
            assertTrue(lines.get(1).endsWith("] [SERVER] after the stall"), lines.get(1));
        } finally {
            writer.close();
        }
    }

    @Test
    void await_room_waits_while_every_place_is_reserved_and_returns_when_one_is_given_back() throws Exception {
        LogWriter writer = new LogWriter(null, 1, "test-writer");
        try {
            assertTrue(writer.awaitRoom());

            // when: a second caller wants room while the only place is reserved
            CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(writer::awaitRoom);

            // then: it waits, and gets the place once it is given back
            assertThrows(TimeoutException.class, () -> second.get(300, TimeUnit.MILLISECONDS));
            writer.giveBack();
            assertTrue(second.get(5, TimeUnit.SECONDS));
        } finally {
            writer.close();
        }
    }

    @Test
    void await_room_gives_up_once_the_writer_has_stopped_instead_of_waiting_for_ever() {
        LogWriter writer = new LogWriter(null, 1, "test-writer");
        assertTrue(writer.awaitRoom()); // reserved and never used: nothing will free it

        // when:
        writer.close();

        // then:
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(writer.awaitRoom()));
    }

    @Test
    void close_writes_what_is_still_queued_before_closing_the_file() throws IOException {
        RollingLogFile file = RollingLogFile.open(dir, "test-log", 1L << 20, 1);
        LogWriter writer = new LogWriter(file, 1_000, "test-writer");
        for (int i = 0; i < 500; i++) {
            writer.awaitRoom();
            writer.submit(event("queued " + i));
        }

        // when: closed without a flush
        writer.close();

        // then:
        List<String> lines = Files.readAllLines(file.path(), StandardCharsets.UTF_8);
        assertEquals(500, lines.size());
        assertTrue(lines.get(499).endsWith("queued 499"));
    }

    @Test
    void flush_after_close_returns_at_once() {
        LogWriter writer = new LogWriter(null, 1, "test-writer");
        writer.close();

        assertTimeoutPreemptively(Duration.ofSeconds(1), writer::flush);
    }
}
