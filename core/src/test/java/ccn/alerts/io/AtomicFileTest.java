package ccn.alerts.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AtomicFileTest {

    @Test
    void write_replacesContentAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("state.txt");
        Files.writeString(target, "old");

        AtomicFile.write(target, "new".getBytes(StandardCharsets.UTF_8));

        assertEquals("new", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void write_createsOwnerOnlyFileInMissingDirectory(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a").resolve("b").resolve("secret.txt");

        AtomicFile.write(target, new byte[]{1, 2, 3});

        assertEquals(3, Files.size(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }
}
