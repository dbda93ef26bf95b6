package ccn.alerts.server.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The file: positions, repair at open, group commit and the compaction swap. */
class JournalFileTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void open_copiesADamagedFileAsideAndCutsItToTheValidPrefix() throws IOException {
        Path path = dir.resolve("alerts.journal");
        Files.write(path, bytes("good\nbad tail"));

        // when:
        try (JournalFile file = JournalFile.open(path, 5)) {
            // then:
            assertEquals(5, file.size());
            Path aside = file.corruptCopy().orElseThrow();
            assertTrue(aside.getFileName().toString().startsWith("alerts.journal.corrupt-"), aside.toString());
            assertArrayEquals(bytes("good\nbad tail"), Files.readAllBytes(aside));
            file.append(bytes("next\n"));
        }
        assertArrayEquals(bytes("good\nnext\n"), Files.readAllBytes(path));
    }

    @Test
    void open_ofAValidFile_keepsNothingAside() throws IOException {
        Path path = dir.resolve("alerts.journal");
        try (JournalFile file = JournalFile.open(path, 0)) {
            assertTrue(file.corruptCopy().isEmpty());
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void appendsGoOnWhileAForceIsRunning_andTheirWaitersShareTheNextForce() throws Exception {
        HeldForcer forcer = new HeldForcer();
        try (JournalFile file = JournalFile.open(dir.resolve("alerts.journal"), 0, forcer)) {
            long first = file.append(bytes("first\n"));
            CompletableFuture<Void> leader = CompletableFuture.runAsync(() -> awaitDurable(file, first));
            forcer.awaitFirstForce();

            // when: the first force is held; others append (and must not wait for it) and then wait
            long second = file.append(bytes("second\n"));
            long third = file.append(bytes("third\n"));
            CompletableFuture<Void> w2 = CompletableFuture.runAsync(() -> awaitDurable(file, second));
            CompletableFuture<Void> w3 = CompletableFuture.runAsync(() -> awaitDurable(file, third));
            assertFalse(leader.isDone());
            assertEquals(0, file.durablePosition());
            forcer.release.countDown();

            // then:
            CompletableFuture.allOf(leader, w2, w3).get(10, TimeUnit.SECONDS);
            assertEquals(third, file.durablePosition());
            assertTrue(file.forces() <= 2, "the two waiters share one force: " + file.forces());
        }
    }

    @Test
    void positions_keepCountingAcrossACompactionSwap_andTheSwapMakesThemDurable() throws IOException {
        Path path = dir.resolve("alerts.journal");
        try (JournalFile file = JournalFile.open(path, 0)) {
            file.append(bytes("old-1\n"));
            long tailFrom = file.size();
            long end = file.append(bytes("tail\n"));
            Path snapshot = Files.write(dir.resolve("snap.tmp"), bytes("snap\n"));

            // when:
            assertTrue(file.replaceWith(snapshot, tailFrom));

            // then:
            assertArrayEquals(bytes("snap\ntail\n"), Files.readAllBytes(path));
            assertEquals(10, file.size());
            assertEquals(end, file.durablePosition());
            assertEquals(end + 5, file.append(bytes("next\n")));
        }
        assertArrayEquals(bytes("snap\ntail\nnext\n"), Files.readAllBytes(path));
    }

    @Test
    void appendAfterClose_fails() throws IOException {
        JournalFile file = JournalFile.open(dir.resolve("alerts.journal"), 0);
        file.close();
        assertEquals("alert journal is closed",
                org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> file.append(bytes("x\n"))).getMessage());
    }

    private static void awaitDurable(JournalFile file, long position) {
        try {
            file.awaitDurable(position);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
