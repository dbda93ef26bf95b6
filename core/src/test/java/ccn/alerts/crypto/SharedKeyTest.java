package ccn.alerts.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedKeyTest {

    @Test
    void asText_isShortCopyPasteFriendlyAndParsesBack() throws Exception {
        SharedKey key = SharedKey.generate();

        String text = key.asText();

        assertTrue(text.length() <= 64, text);
        assertTrue(text.matches("ccn1-[A-Za-z0-9_-]{46}"), text);
        assertEquals(key, SharedKey.parse(text));
    }

    @Test
    void parse_ignoresWhitespaceFromWrappedCopies() throws Exception {
        SharedKey key = SharedKey.generate();
        String text = key.asText();
        String wrapped = "  " + text.substring(0, 20) + "\n  " + text.substring(20) + "\t\n";

        assertEquals(key, SharedKey.parse(wrapped));
    }

    @Test
    void parse_rejectsMistypedCharacterThroughChecksum() {
        String text = SharedKey.generate().asText();
        char c = text.charAt(10);
        String typo = text.substring(0, 10) + (c == 'A' ? 'B' : 'A') + text.substring(11);

        InvalidKeyStringException e = assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(typo));
        assertTrue(e.getMessage().contains("mistyped"), e.getMessage());
    }

    @Test
    void parse_rejectsEverySingleCharacterChangeOfAValidKeyString() throws Exception {
        // Fixed keys, so the test is repeatable: a random key's 16-bit checksum collides with a
        // changed key body once in 65,536 typos, which a test over thousands of typos would hit.
        byte[] zeros = new byte[SharedKey.KEY_BYTES];
        byte[] counting = new byte[SharedKey.KEY_BYTES];
        byte[] ones = new byte[SharedKey.KEY_BYTES];
        for (int i = 0; i < SharedKey.KEY_BYTES; i++) {
            counting[i] = (byte) (i * 37 + 11);
            ones[i] = (byte) 0xFF;
        }
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int typos = 0;
        for (byte[] bytes : java.util.List.of(zeros, counting, ones)) {
            String text = SharedKey.fromBytes(bytes).asText();
            assertEquals(SharedKey.fromBytes(bytes), SharedKey.parse(text));
            for (int at = SharedKey.PREFIX.length(); at < text.length(); at++) {
                for (char c : alphabet.toCharArray()) {
                    if (c == text.charAt(at)) {
                        continue;
                    }
                    // when:
                    String typo = text.substring(0, at) + c + text.substring(at + 1);
                    // then:
                    InvalidKeyStringException e = assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(typo),
                            "accepted " + typo + " for " + text);
                    assertTrue(e.getMessage().contains("mistyped"), e.getMessage());
                    typos++;
                }
            }
        }
        assertEquals(3 * 46 * 63, typos);
    }

    @Test
    void parse_rejectsWrongPrefixLengthAndCharacters() {
        String text = SharedKey.generate().asText();

        assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(""));
        assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(null));
        assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse("gAAAAABl" + text.substring(5)));
        assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(text.substring(0, 50)));
        assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(text.substring(0, 50) + "+"));
    }

    @Test
    void fingerprint_isShortStableAndDiffersBetweenKeys() throws Exception {
        SharedKey key = SharedKey.generate();

        assertTrue(key.fingerprint().matches("[0-9A-F]{4}-[0-9A-F]{4}"), key.fingerprint());
        assertEquals(key.fingerprint(), SharedKey.parse(key.asText()).fingerprint());
        assertNotEquals(key.fingerprint(), SharedKey.generate().fingerprint());
    }

    @Test
    void toString_showsFingerprintButNoKeyMaterial() {
        SharedKey key = SharedKey.generate();

        String s = key.toString();

        assertTrue(s.contains(key.fingerprint()), s);
        assertFalse(s.contains(key.asText().substring(5, 15)), s);
    }

    @Test
    void loadOrCreate_generatesOnceThenReadsTheSameKey(@TempDir Path dir) throws Exception {
        SharedKey first = SharedKey.loadOrCreate(dir);
        SharedKey second = SharedKey.loadOrCreate(dir);

        assertEquals(first, second);
        assertEquals(first.asText(), Files.readString(dir.resolve(SharedKey.FILE_NAME)).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(SharedKey.FILE_NAME))));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temp files left behind");
        }
    }

    @Test
    void loadOrCreate_reportsCorruptKeyFileClearly(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(SharedKey.FILE_NAME), "not a key", StandardCharsets.US_ASCII);

        var e = assertThrows(java.io.IOException.class, () -> SharedKey.loadOrCreate(dir));
        assertTrue(e.getMessage().contains(SharedKey.FILE_NAME), e.getMessage());
    }

    @Test
    void aead_roundTripsAndRejectsTamperedCiphertext() throws Exception {
        SharedKey key = SharedKey.generate();
        byte[] ad = {1, 2, 3};
        byte[] ciphertext = key.aead().encrypt("hello".getBytes(StandardCharsets.UTF_8), ad);

        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), key.aead().decrypt(ciphertext, ad));
        assertEquals(12 + 5 + 16, ciphertext.length, "nonce || ciphertext || tag, no Tink prefix");

        ciphertext[14] ^= 0x40;
        assertThrows(GeneralSecurityException.class, () -> key.aead().decrypt(ciphertext, ad));
    }

    @Test
    void aead_rejectsCiphertextUnderDifferentAssociatedData() throws Exception {
        SharedKey key = SharedKey.generate();
        byte[] ciphertext = key.aead().encrypt(new byte[]{42}, new byte[]{1});

        assertThrows(GeneralSecurityException.class, () -> key.aead().decrypt(ciphertext, new byte[]{2}));
    }

    @Test
    void aead_rejectsCiphertextUnderWrongKey() throws Exception {
        byte[] ciphertext = SharedKey.generate().aead().encrypt(new byte[]{42}, new byte[0]);

        assertThrows(GeneralSecurityException.class, () -> SharedKey.generate().aead().decrypt(ciphertext, new byte[0]));
    }
}
