package ccn.alerts.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The server's class key and identity in its data directory: created, read back, upgraded, repaired. */
class ServerKeysTest {
    private static final String NL = System.lineSeparator();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final List<String> notes = new ArrayList<>();

    @Test
    void loadOrCreate_createsBothFilesThenReadsTheSameKeysWithoutNotes(@TempDir Path dir) throws Exception {
        ServerKeys first = ServerKeys.loadOrCreate(dir, notes::add);

        assertEquals(List.of(), notes, "a first start has no key string to replace");
        assertEquals(first.sharedKey().asText() + NL, read(dir, SharedKey.FILE_NAME));
        assertEquals("ccn-identity-" + B64URL.encodeToString(first.identityPrivateKey()) + NL,
                read(dir, ServerKeys.IDENTITY_FILE));
        assertArrayEquals(NoiseHandshake.publicKey(first.identityPrivateKey()), first.publicKey());
        assertEquals(List.of(ServerKeys.IDENTITY_FILE, SharedKey.FILE_NAME), fileNames(dir), "no temp files left behind");

        ServerKeys second = ServerKeys.loadOrCreate(dir, notes::add);

        assertEquals(List.of(), notes);
        assertArrayEquals(first.classKey(), second.classKey());
        assertArrayEquals(first.identityPrivateKey(), second.identityPrivateKey());
        assertEquals(first.sharedKey(), second.sharedKey());
        assertEquals(first.sharedKey().asText() + NL, read(dir, SharedKey.FILE_NAME));
    }

    @Test
    void loadOrCreate_writesBothFilesOwnerOnly(@TempDir Path dir) throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");

        ServerKeys.loadOrCreate(dir, notes::add);

        for (String name : List.of(SharedKey.FILE_NAME, ServerKeys.IDENTITY_FILE)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))), name);
        }
    }

    @Test
    void loadOrCreate_upgradesAProtocol1KeyStringKeepingItsClassKey(@TempDir Path dir) throws Exception {
        byte[] classKey = counting(3);
        Files.writeString(dir.resolve(SharedKey.FILE_NAME), protocol1KeyString(classKey) + "\n");

        ServerKeys keys = ServerKeys.loadOrCreate(dir, notes::add);

        assertArrayEquals(classKey, keys.classKey());
        assertTrue(Files.exists(dir.resolve(ServerKeys.IDENTITY_FILE)));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("protocol 2") && notes.get(0).contains("new key string"), notes.get(0));
        SharedKey stored = SharedKey.parse(read(dir, SharedKey.FILE_NAME));
        assertEquals(keys.sharedKey(), stored);
        assertArrayEquals(classKey, stored.classKey());

        ServerKeys again = ServerKeys.loadOrCreate(dir, notes::add);

        assertEquals(1, notes.size(), "upgraded once: " + notes);
        assertArrayEquals(keys.identityPrivateKey(), again.identityPrivateKey());
    }

    @Test
    void loadOrCreate_createsANewIdentityWhenItsFileIsMissing(@TempDir Path dir) throws Exception {
        ServerKeys before = ServerKeys.loadOrCreate(dir, notes::add);
        Files.delete(dir.resolve(ServerKeys.IDENTITY_FILE));

        ServerKeys after = ServerKeys.loadOrCreate(dir, notes::add);

        assertArrayEquals(before.classKey(), after.classKey());
        assertFalse(Arrays.equals(before.publicKey(), after.publicKey()));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains(ServerKeys.IDENTITY_FILE) && notes.get(0).contains("missing"), notes.get(0));
        assertEquals(after.sharedKey().asText() + NL, read(dir, SharedKey.FILE_NAME));
        assertArrayEquals(after.identityPrivateKey(), ServerKeys.loadOrCreate(dir, notes::add).identityPrivateKey());
    }

    @Test
    void loadOrCreate_createsANewClassKeyWithANoteWhenTheKeyStringFileIsMissing(@TempDir Path dir) throws Exception {
        ServerKeys before = ServerKeys.loadOrCreate(dir, notes::add);
        Files.delete(dir.resolve(SharedKey.FILE_NAME));

        ServerKeys after = ServerKeys.loadOrCreate(dir, notes::add);

        assertArrayEquals(before.identityPrivateKey(), after.identityPrivateKey());
        assertFalse(Arrays.equals(before.classKey(), after.classKey()));
        assertEquals(1, notes.size(), "students' key strings no longer work: " + notes);
        assertTrue(notes.get(0).contains(SharedKey.FILE_NAME) && notes.get(0).contains("new key string"), notes.get(0));
        assertEquals(after.sharedKey().asText() + NL, read(dir, SharedKey.FILE_NAME));
    }

    @Test
    void loadOrCreate_rewritesAKeyStringThatNamesAnotherServer(@TempDir Path dir) throws Exception {
        ServerKeys keys = ServerKeys.loadOrCreate(dir, notes::add);
        SharedKey other = keys.sharedKey().withServerPublicKey(ServerKeys.generate().publicKey());
        Files.writeString(dir.resolve(SharedKey.FILE_NAME), other.asText() + "\n");

        ServerKeys loaded = ServerKeys.loadOrCreate(dir, notes::add);

        assertEquals(keys.sharedKey(), loaded.sharedKey(), "the identity file is authoritative");
        assertArrayEquals(keys.identityPrivateKey(), loaded.identityPrivateKey());
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).contains("another server identity"), notes.get(0));
        assertEquals(keys.sharedKey().asText() + NL, read(dir, SharedKey.FILE_NAME));
    }

    @Test
    void loadOrCreate_refusesACorruptKeyFileAndLeavesItAlone(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve(SharedKey.FILE_NAME);
        Files.writeString(keyFile, "not a key\n");

        IOException e = assertThrows(IOException.class, () -> ServerKeys.loadOrCreate(dir, notes::add));

        assertTrue(e.getMessage().contains(keyFile.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("delete the file"), e.getMessage());
        assertEquals("not a key\n", read(dir, SharedKey.FILE_NAME), "a class key is never replaced silently");
        assertFalse(Files.exists(dir.resolve(ServerKeys.IDENTITY_FILE)));
    }

    @Test
    void loadOrCreate_refusesAProtocol1KeyStringWithABadChecksum(@TempDir Path dir) throws Exception {
        String v1 = protocol1KeyString(counting(3));
        char last = v1.charAt(v1.length() - 1);
        Files.writeString(dir.resolve(SharedKey.FILE_NAME), v1.substring(0, v1.length() - 1) + (last == 'A' ? 'B' : 'A'));

        IOException e = assertThrows(IOException.class, () -> ServerKeys.loadOrCreate(dir, notes::add));

        assertTrue(e.getMessage().contains(SharedKey.FILE_NAME) && e.getMessage().contains("delete"), e.getMessage());
        assertEquals(List.of(), notes);
    }

    @Test
    void loadOrCreate_refusesACorruptIdentityFile(@TempDir Path dir) throws Exception {
        ServerKeys.loadOrCreate(dir, notes::add);
        Path identityFile = dir.resolve(ServerKeys.IDENTITY_FILE);
        String shortKey = "ccn-identity-" + B64URL.encodeToString(new byte[16]);

        for (String corrupt : List.of("garbage", "ccn-identity-!!!!", shortKey, B64URL.encodeToString(new byte[32]))) {
            Files.writeString(identityFile, corrupt + "\n");

            IOException e = assertThrows(IOException.class, () -> ServerKeys.loadOrCreate(dir, notes::add), corrupt);

            assertTrue(e.getMessage().contains(identityFile.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("delete it"), e.getMessage());
            assertEquals(corrupt + "\n", read(dir, ServerKeys.IDENTITY_FILE), "an identity is never replaced silently");
        }
    }

    @Test
    void loadOrCreate_announcesNoUpgradeThatFailed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(SharedKey.FILE_NAME), protocol1KeyString(counting(3)) + "\n");
        Files.writeString(dir.resolve(ServerKeys.IDENTITY_FILE), "garbage\n");

        assertThrows(IOException.class, () -> ServerKeys.loadOrCreate(dir, notes::add));

        assertEquals(List.of(), notes, "nothing was upgraded");
        assertEquals(protocol1KeyString(counting(3)) + "\n", read(dir, SharedKey.FILE_NAME));
    }

    @Test
    void renew_replacesOnlyWhatWasAskedFor() {
        ServerKeys keys = ServerKeys.generate();
        byte[] classKey = keys.classKey();
        byte[] identity = keys.identityPrivateKey();

        ServerKeys newClass = keys.renew(true, false);
        ServerKeys newIdentity = keys.renew(false, true);

        assertArrayEquals(identity, newClass.identityPrivateKey());
        assertArrayEquals(keys.publicKey(), newClass.publicKey());
        assertFalse(Arrays.equals(classKey, newClass.classKey()));
        assertArrayEquals(classKey, newIdentity.classKey());
        assertFalse(Arrays.equals(identity, newIdentity.identityPrivateKey()));
        assertFalse(Arrays.equals(keys.publicKey(), newIdentity.publicKey()));
        assertNotEquals(keys.sharedKey().fingerprint(), newClass.sharedKey().fingerprint());
        assertNotEquals(keys.sharedKey().fingerprint(), newIdentity.sharedKey().fingerprint());
        assertArrayEquals(classKey, keys.classKey(), "the original is unchanged");
        assertArrayEquals(identity, keys.identityPrivateKey(), "the original is unchanged");
    }

    @Test
    void of_buildsTheKeysOfKnownBytes() {
        byte[] classKey = counting(1);
        byte[] identity = counting(2);

        ServerKeys keys = ServerKeys.of(classKey, identity);

        assertArrayEquals(classKey, keys.classKey());
        assertArrayEquals(identity, keys.identityPrivateKey());
        assertEquals(SharedKey.of(classKey, NoiseHandshake.publicKey(identity)), keys.sharedKey());
        assertThrows(IllegalArgumentException.class, () -> ServerKeys.of(new byte[31], identity));
        assertThrows(IllegalArgumentException.class, () -> ServerKeys.of(classKey, new byte[33]));
    }

    @Test
    void toString_showsTheFingerprintAndNoSecret() {
        ServerKeys keys = ServerKeys.generate();

        String s = keys.toString();

        assertTrue(s.contains(keys.sharedKey().fingerprint()), s);
        assertFalse(s.contains(keys.sharedKey().asText().substring(5, 15)), s);
        for (byte[] secret : List.of(keys.classKey(), keys.identityPrivateKey())) {
            assertFalse(s.contains(B64URL.encodeToString(secret).substring(0, 10)), s);
            assertFalse(s.contains(Base64.getEncoder().encodeToString(secret).substring(0, 10)), s);
            assertFalse(s.toLowerCase().contains(HexFormat.of().formatHex(secret, 0, 6)), s);
        }
    }

    @Test
    void theKeyStringFileNeverHoldsThePrivateKey(@TempDir Path dir) throws Exception {
        ServerKeys keys = ServerKeys.loadOrCreate(dir, notes::add);
        byte[] secret = keys.identityPrivateKey();

        String text = read(dir, SharedKey.FILE_NAME);

        assertFalse(text.contains(B64URL.encodeToString(secret).substring(0, 10)), text);
        assertFalse(text.toLowerCase().contains(HexFormat.of().formatHex(secret, 0, 6)), text);
        byte[] decoded = Base64.getUrlDecoder().decode(text.strip().substring(SharedKey.PREFIX.length()));
        assertEquals(-1, indexOf(decoded, Arrays.copyOf(secret, 8)), "private key bytes inside the key string");
        assertArrayEquals(keys.publicKey(), Arrays.copyOfRange(decoded, 32, 64), "the public key is what it carries");
    }

    // --- helpers ---

    /** A protocol 1 key string: ccn1- and the base64url of the key and the first 2 bytes of its SHA-256. */
    private static String protocol1KeyString(byte[] classKey) throws Exception {
        byte[] checksum = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(classKey), 2);
        byte[] all = Arrays.copyOf(classKey, 34);
        System.arraycopy(checksum, 0, all, 32, 2);
        return "ccn1-" + B64URL.encodeToString(all);
    }

    private static String read(Path dir, String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] counting(int start) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (start + i * 37);
        }
        return b;
    }
}
