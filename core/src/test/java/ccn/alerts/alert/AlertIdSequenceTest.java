package ccn.alerts.alert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertIdSequenceTest {

    @TempDir
    Path dir;

    @Test
    void next_startsAtOneAndIncreasesByOne() throws IOException {
        try (AlertIdSequence ids = AlertIdSequence.open(dir)) {
            assertEquals(1, ids.next());
            assertEquals(2, ids.next());
            assertEquals(3, ids.next());
        }
    }

    @Test
    void next_reservesABlockOnDiskBeforeHandingOutItsFirstId() throws IOException {
        AlertIdSequence ids = AlertIdSequence.open(dir);
        ids.next();
        assertEquals("1001 reserved", Files.readString(dir.resolve(AlertIdSequence.FILE_NAME)).strip());
    }

    @Test
    void next_writesTheFileOncePerBlockNotOncePerId() throws IOException {
        AlertIdSequence ids = AlertIdSequence.open(dir, 10);
        Path file = dir.resolve(AlertIdSequence.FILE_NAME);
        ids.next();
        assertEquals("11 reserved", Files.readString(file).strip());
        // Replace the file behind the sequence's back: if it rewrote the file per id, this would vanish.
        Files.writeString(file, "marker");
        for (int i = 2; i <= 10; i++) {
            ids.next();
        }
        assertEquals("marker", Files.readString(file));
        assertEquals(11, ids.next());
        assertEquals("21 reserved", Files.readString(file).strip());
    }

    @Test
    void open_continuesWithoutGapAfterCleanClose() throws IOException {
        try (AlertIdSequence ids = AlertIdSequence.open(dir)) {
            for (int i = 0; i < 5; i++) {
                ids.next();
            }
        }
        try (AlertIdSequence ids = AlertIdSequence.open(dir)) {
            assertEquals(6, ids.next());
        }
    }

    @Test
    void open_neverRepeatsIdsAfterACrashWithoutClose() throws IOException {
        long highest = 0;
        for (int run = 0; run < 3; run++) {
            AlertIdSequence ids = AlertIdSequence.open(dir, 10); // never closed: simulates a crash
            for (int i = 0; i < 25; i++) {
                long id = ids.next();
                assertTrue(id > highest, "id " + id + " after " + highest + " in run " + run);
                highest = id;
            }
        }
    }

    @Test
    void open_increasesAcrossMixedCleanAndCrashedRuns() throws IOException {
        AlertIdSequence first = AlertIdSequence.open(dir);
        long a = first.next();
        AlertIdSequence second = AlertIdSequence.open(dir); // first crashed
        long b = second.next();
        second.close();
        try (AlertIdSequence third = AlertIdSequence.open(dir)) {
            long c = third.next();
            assertTrue(a < b && b < c, a + ", " + b + ", " + c);
            assertEquals(b + 1, c);
        }
    }

    @Test
    void next_givesUniqueIdsToManyThreads() throws Exception {
        int threads = 8;
        int perThread = 10_000;
        AlertIdSequence ids = AlertIdSequence.open(dir);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<long[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    long[] got = new long[perThread];
                    for (int i = 0; i < perThread; i++) {
                        got[i] = ids.next();
                    }
                    return got;
                }));
            }
            start.countDown();
            Set<Long> all = new HashSet<>();
            for (Future<long[]> result : results) {
                long[] got = result.get();
                for (int i = 0; i < got.length; i++) {
                    assertTrue(all.add(got[i]), "duplicate id " + got[i]);
                    if (i > 0) {
                        assertTrue(got[i] > got[i - 1], "not increasing within a thread");
                    }
                }
            }
            assertEquals(threads * perThread, all.size());
            assertEquals(1L, all.stream().mapToLong(Long::longValue).min().orElseThrow());
            assertEquals((long) threads * perThread, all.stream().mapToLong(Long::longValue).max().orElseThrow());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void open_reportsACorruptFileByName() throws IOException {
        Path file = dir.resolve(AlertIdSequence.FILE_NAME);
        Files.writeString(file, "twelve\n");
        IOException e = assertThrows(IOException.class, () -> AlertIdSequence.open(dir));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertEquals("twelve\n", Files.readString(file), "a corrupt file must not be overwritten");
    }

    @Test
    void open_reportsEmptyAndNonPositiveFilesAsCorrupt() throws IOException {
        Path file = dir.resolve(AlertIdSequence.FILE_NAME);
        for (String content : List.of("", "0", "-5", "12 13")) {
            Files.writeString(file, content);
            IOException e = assertThrows(IOException.class, () -> AlertIdSequence.open(dir), content);
            assertTrue(e.getMessage().contains(AlertIdSequence.FILE_NAME), e.getMessage());
        }
    }

    @Test
    void open_acceptsAFileWithSurroundingWhitespace() throws IOException {
        Files.writeString(dir.resolve(AlertIdSequence.FILE_NAME), "  42 \r\n", StandardCharsets.US_ASCII);
        try (AlertIdSequence ids = AlertIdSequence.open(dir)) {
            assertEquals(42, ids.next());
        }
    }

    @Test
    void open_createsAMissingDataDirectory() throws IOException {
        Path nested = dir.resolve("a/b");
        try (AlertIdSequence ids = AlertIdSequence.open(nested)) {
            assertEquals(1, ids.next());
        }
        assertTrue(Files.exists(nested.resolve(AlertIdSequence.FILE_NAME)));
    }

    @Test
    void next_leavesNoTemporaryFilesBehind() throws IOException {
        try (AlertIdSequence ids = AlertIdSequence.open(dir, 2)) {
            for (int i = 0; i < 10; i++) {
                ids.next();
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve(AlertIdSequence.FILE_NAME)), files.toList());
        }
    }

    @Test
    void next_failsAfterClose() throws IOException {
        AlertIdSequence ids = AlertIdSequence.open(dir);
        ids.close();
        assertThrows(IllegalStateException.class, ids::next);
        ids.close(); // twice is harmless
    }

    @Test
    void inMemory_startsAtOneAndWritesNothing() throws IOException {
        AlertIdSequence ids = AlertIdSequence.inMemory();
        assertEquals(1, ids.next());
        assertEquals(2, ids.next());
        assertEquals(3, ids.peek());
        assertEquals(null, ids.file());
    }

    @Test
    void advancePast_movesAnIdFileThatFellBehindBeyondTheUsedIdAndPersistsIt() throws IOException {
        try (AlertIdSequence ids = AlertIdSequence.open(dir, 10)) {
            assertEquals(true, ids.advancePast(41));
            assertEquals(false, ids.advancePast(7));
            assertEquals(42, ids.next());
        }
        try (AlertIdSequence reopened = AlertIdSequence.open(dir, 10)) {
            assertEquals(43, reopened.next());
        }
    }

    @Test
    void continueAfter_afterACrashContinuesRightAfterTheJournalsHighestId() throws IOException {
        AlertIdSequence crashed = AlertIdSequence.open(dir);
        for (int i = 0; i < 5; i++) {
            crashed.next(); // 1..5, never closed
        }
        // when:
        try (AlertIdSequence ids = AlertIdSequence.open(dir)) {
            boolean moved = ids.continueAfter(5);
            // then:
            assertTrue(moved);
            assertEquals(6, ids.next());
        }
        try (AlertIdSequence reopened = AlertIdSequence.open(dir)) {
            assertEquals(7, reopened.next());
        }
    }

    @Test
    void continueAfter_doesNothingWhenTheJournalHoldsNoAlert() throws IOException {
        AlertIdSequence crashed = AlertIdSequence.open(dir);
        crashed.next();
        try (AlertIdSequence ids = AlertIdSequence.open(dir)) {
            // when:
            boolean moved = ids.continueAfter(0);
            // then: the whole reservation counts as used, as before
            assertEquals(false, moved);
            assertEquals(1001, ids.next());
        }
    }

    @Test
    void continueAfter_doesNothingAfterACleanClose() throws IOException {
        try (AlertIdSequence ids = AlertIdSequence.open(dir)) {
            for (int i = 0; i < 7; i++) {
                ids.next();
            }
        }
        try (AlertIdSequence ids = AlertIdSequence.open(dir)) {
            // when: the journal's last alert is older than the last id (its record was lost)
            boolean moved = ids.continueAfter(3);
            // then:
            assertEquals(false, moved);
            assertEquals(8, ids.next());
        }
    }

    @Test
    void continueAfter_neverMovesBelowAnIdHandedOutWithoutJournal() throws IOException {
        AlertIdSequence crashed = AlertIdSequence.open(dir);
        crashed.next();
        crashed.next(); // 2 reached clients but not the journal
        crashed.keepReservation();
        crashed.next(); // and a later reservation stays final too
        try (AlertIdSequence ids = AlertIdSequence.open(dir)) {
            // when:
            boolean moved = ids.continueAfter(1);
            // then:
            assertEquals(false, moved);
            assertEquals(1001, ids.next());
        }
    }

    @Test
    void open_reportsAnUnknownWordAfterTheNumberAsCorrupt() throws IOException {
        Files.writeString(dir.resolve(AlertIdSequence.FILE_NAME), "12 maybe\n");
        IOException e = assertThrows(IOException.class, () -> AlertIdSequence.open(dir));
        assertTrue(e.getMessage().contains(AlertIdSequence.FILE_NAME), e.getMessage());
    }
}
