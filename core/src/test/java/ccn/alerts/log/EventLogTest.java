package ccn.alerts.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLogTest {

    private static final String PREFIX = "^\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\] ";

    @TempDir
    Path dir;

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    /** The file once the log's writer thread has written everything logged so far. */
    private static List<String> lines(EventLog log, Path file) throws IOException {
        log.flush();
        return lines(file);
    }

    @Test
    void a_line_in_server_log_txt_has_the_seed_format() throws IOException {
        try (EventLog log = EventLog.open(dir)) {
            log.log(EventType.AUTH, "Client /127.0.0.1:54321 authenticated as admin");

            Path file = dir.resolve("server_log.txt");
            assertEquals(file, log.file().orElseThrow());
            List<String> lines = lines(log, file); // readable before close, once flushed
            assertEquals(1, lines.size());
            assertTrue(Pattern.matches(
                    PREFIX + "\\[AUTH\\] Client /127\\.0\\.0\\.1:54321 authenticated as admin$", lines.get(0)),
                    lines.get(0));
        }
    }

    @Test
    void every_event_type_appears_by_its_name() throws IOException {
        try (EventLog log = EventLog.open(dir)) {
            for (EventType type : EventType.values()) {
                log.log(type, "m");
            }
            List<String> lines = lines(log, dir.resolve(EventLog.FILE_NAME));
            EventType[] types = EventType.values();
            assertEquals(types.length, lines.size());
            for (int i = 0; i < types.length; i++) {
                assertTrue(lines.get(i).endsWith("] [" + types[i] + "] m"), lines.get(i));
            }
        }
    }

    @Test
    void a_forged_line_break_stays_on_one_line() throws IOException {
        try (EventLog log = EventLog.open(dir)) {
            log.log(EventType.AUTH, "Login failed for bob\r\n[AUTH] forged");
            log.log(EventType.AUTH, "Login failed for eve\u2028[AUTH] forged");

            List<String> lines = lines(log, dir.resolve(EventLog.FILE_NAME));
            assertEquals(2, lines.size());
            assertTrue(lines.get(0).endsWith("[AUTH] Login failed for bob\\r\\n[AUTH] forged"), lines.get(0));
            assertTrue(lines.get(1).endsWith("[AUTH] Login failed for eve\\u2028[AUTH] forged"), lines.get(1));
        }
    }

    @Test
    void logback_placeholders_and_percent_signs_are_written_literally() throws IOException {
        try (EventLog log = EventLog.open(dir)) {
            log.log(EventType.MESSAGE, "100% {} %n ${user.home}");
            assertTrue(lines(log, dir.resolve(EventLog.FILE_NAME)).get(0).endsWith("] [MESSAGE] 100% {} %n ${user.home}"));
        }
    }

    @Test
    void a_long_message_is_capped_with_an_ellipsis() throws IOException {
        try (EventLog log = EventLog.open(dir)) {
            log.log(EventType.ALERT, "x".repeat(50_000));

            String line = lines(log, dir.resolve(EventLog.FILE_NAME)).get(0);
            String message = line.substring(line.indexOf("[ALERT] ") + "[ALERT] ".length());
            assertEquals(EventLog.MAX_MESSAGE_LENGTH, message.length());
            assertTrue(message.endsWith("\u2026"));
            assertEquals(message, log.recent().get(0).message());
        }
    }

    @Test
    void listeners_receive_each_event_with_its_sanitised_message() {
        try (EventLog log = EventLog.consoleOnly()) {
            List<LogEvent> seen = Collections.synchronizedList(new ArrayList<>());
            log.addListener(seen::add);

            log.log(EventType.CONNECTION, "hello\nworld");

            assertEquals(1, seen.size());
            assertEquals(EventType.CONNECTION, seen.get(0).type());
            assertEquals("hello\\nworld", seen.get(0).message());
        }
    }

    @Test
    void a_throwing_listener_does_not_stop_logging_or_other_listeners() throws IOException {
        try (EventLog log = EventLog.open(dir)) {
            List<LogEvent> seen = new ArrayList<>();
            log.addListener(event -> {
                throw new IllegalStateException("listener bug (expected by this test)");
            });
            log.addListener(seen::add);

            log.log(EventType.ERROR, "first");
            log.log(EventType.ERROR, "second");

            assertEquals(2, seen.size());
            assertEquals(2, lines(log, dir.resolve(EventLog.FILE_NAME)).size());
        }
    }

    @Test
    void a_removed_listener_hears_nothing_more() {
        try (EventLog log = EventLog.consoleOnly()) {
            List<LogEvent> seen = new ArrayList<>();
            Consumer<LogEvent> listener = seen::add;
            log.addListener(listener);
            log.log(EventType.SERVER, "one");

            assertTrue(log.removeListener(listener));
            log.log(EventType.SERVER, "two");

            assertEquals(1, seen.size());
            assertFalse(log.removeListener(listener));
        }
    }

    @Test
    void a_late_listener_gets_history_then_only_new_events() {
        try (EventLog log = EventLog.consoleOnly()) {
            log.log(EventType.SERVER, "before");
            List<LogEvent> live = new ArrayList<>();

            List<LogEvent> history = log.addListenerWithHistory(live::add);
            log.log(EventType.SERVER, "after");

            assertEquals(List.of("before"), history.stream().map(LogEvent::message).toList());
            assertEquals(List.of("after"), live.stream().map(LogEvent::message).toList());
        }
    }

    @Test
    void recent_keeps_only_the_newest_thousand_events_oldest_first() {
        try (EventLog log = EventLog.consoleOnly()) {
            for (int i = 0; i < EventLog.RECENT_CAPACITY + 5; i++) {
                log.log(EventType.MESSAGE, "event " + i);
            }
            List<LogEvent> recent = log.recent();
            assertEquals(EventLog.RECENT_CAPACITY, recent.size());
            assertEquals("event 5", recent.get(0).message());
            assertEquals("event " + (EventLog.RECENT_CAPACITY + 4), recent.get(recent.size() - 1).message());
        }
    }

    @Test
    void a_console_only_log_has_no_file_but_keeps_history() {
        try (EventLog log = EventLog.consoleOnly()) {
            log.log(EventType.SERVER, "started");
            assertTrue(log.file().isEmpty());
            assertEquals(1, log.recent().size());
        }
    }

    @Test
    void two_logs_in_two_directories_do_not_see_each_others_lines() throws IOException {
        Path dirA = dir.resolve("a");
        Path dirB = dir.resolve("b");
        try (EventLog a = EventLog.open(dirA); EventLog b = EventLog.open(dirB)) {
            a.log(EventType.SERVER, "only in A");
            b.log(EventType.SERVER, "only in B");
            a.log(EventType.SERVER, "again A");

            List<String> linesA = lines(a, dirA.resolve(EventLog.FILE_NAME));
            List<String> linesB = lines(b, dirB.resolve(EventLog.FILE_NAME));
            assertEquals(2, linesA.size());
            assertEquals(1, linesB.size());
            assertTrue(linesA.stream().noneMatch(l -> l.contains("only in B")));
            assertTrue(linesB.get(0).endsWith("only in B"));
            assertEquals(2, a.recent().size());
            assertEquals(1, b.recent().size());
        }
    }

    @Test
    void eight_threads_logging_500_events_each_produce_4000_whole_lines() throws Exception {
        int threads = 8;
        int perThread = 500;
        Pattern wellFormed = Pattern.compile(PREFIX + "\\[MESSAGE\\] (thread \\d+ event \\d+) padding-padding$");
        try (EventLog log = EventLog.open(dir)) {
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    done.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < perThread; i++) {
                            log.log(EventType.MESSAGE, "thread " + id + " event " + i + " padding-padding");
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }

            List<String> lines = lines(log, dir.resolve(EventLog.FILE_NAME));
            assertEquals(threads * perThread, lines.size());
            Set<String> messages = new HashSet<>();
            for (String line : lines) {
                var m = wellFormed.matcher(line);
                assertTrue(m.matches(), line);
                messages.add(m.group(1));
            }
            assertEquals(threads * perThread, messages.size());
            // The history and the file agree on order.
            List<String> tail = lines.subList(lines.size() - EventLog.RECENT_CAPACITY, lines.size());
            List<LogEvent> recent = log.recent();
            for (int i = 0; i < tail.size(); i++) {
                assertTrue(tail.get(i).endsWith("] " + recent.get(i).message()));
            }
        }
    }

    @Test
    void more_lines_than_the_writer_queue_holds_all_reach_the_file_in_order() throws IOException {
        int count = EventLog.QUEUE_CAPACITY * 2 + 7;
        try (EventLog log = EventLog.open(dir)) {
            for (int i = 0; i < count; i++) {
                log.log(EventType.MESSAGE, "line " + i);
            }
            List<String> lines = lines(log, dir.resolve(EventLog.FILE_NAME));
            assertEquals(count, lines.size());
            for (int i = 0; i < count; i += 997) {
                assertTrue(lines.get(i).endsWith("] [MESSAGE] line " + i), lines.get(i));
            }
            assertTrue(lines.get(count - 1).endsWith("] [MESSAGE] line " + (count - 1)));
        }
    }

    @Test
    void the_file_rolls_over_at_the_size_cap_and_keeps_a_bounded_number_of_archives() throws IOException {
        long maxBytes = 1_024;
        int archives = 2;
        try (EventLog log = EventLog.open(dir, maxBytes, archives)) {
            for (int i = 0; i < 500; i++) {
                log.log(EventType.BROADCAST, "broadcast number " + i + " to all connected clients");
            }
        }
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("server_log.1.txt", "server_log.2.txt", "server_log.txt"), names);
        int longestLine = 100;
        for (String name : names) {
            assertTrue(Files.size(dir.resolve(name)) <= maxBytes + longestLine, name);
        }
        List<String> active = lines(dir.resolve("server_log.txt"));
        assertTrue(active.get(active.size() - 1).endsWith("broadcast number 499 to all connected clients"));
    }

    @Test
    void reopening_appends_and_closing_twice_is_harmless() throws IOException {
        EventLog first = EventLog.open(dir);
        first.log(EventType.SERVER, "first run");
        first.close();
        first.close();
        first.log(EventType.SERVER, "after close, not in the file");

        try (EventLog second = EventLog.open(dir)) {
            second.log(EventType.SERVER, "second run");
        }
        List<String> lines = lines(dir.resolve(EventLog.FILE_NAME));
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).endsWith("first run"));
        assertTrue(lines.get(1).endsWith("second run"));
    }

    @Test
    void a_data_directory_with_spaces_and_parentheses_still_rolls() throws IOException {
        Path odd = dir.resolve("data dir (test) [1]");
        try (EventLog log = EventLog.open(odd, 200, 1)) {
            for (int i = 0; i < 20; i++) {
                log.log(EventType.SERVER, "line " + i + " with some padding text");
            }
        }
        try (Stream<Path> files = Files.list(odd)) {
            assertEquals(List.of("server_log.1.txt", "server_log.txt"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void a_data_directory_with_a_percent_sign_is_refused_with_a_clear_message() {
        IOException e = assertThrows(IOException.class, () -> EventLog.open(dir.resolve("100%")));
        assertTrue(e.getMessage().contains("must not contain '%'"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("100%")));
    }

    @Test
    void a_log_file_that_cannot_be_opened_fails_fast_with_an_io_exception() throws IOException {
        Files.createDirectories(dir.resolve(EventLog.FILE_NAME)); // a directory where the file should go
        assertThrows(IOException.class, () -> EventLog.open(dir));
    }
}
