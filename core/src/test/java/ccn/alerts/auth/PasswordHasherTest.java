package ccn.alerts.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void defaultIterations_followOwasp2023() {
        assertEquals(600_000, PasswordHasher.DEFAULT_ITERATIONS);
        assertEquals(600_000, new PasswordHasher().iterations());
    }

    @Test
    void hash_producesSaltAndHashOfExpectedLengths() {
        PasswordHash h = hasher.hash("secret".toCharArray());
        assertEquals(PasswordHasher.ALGORITHM, h.algorithm());
        assertEquals(1_000, h.iterations());
        assertEquals(16, h.salt().length);
        assertEquals(32, h.hash().length);
    }

    @Test
    void verify_acceptsCorrectPassword() {
        PasswordHash h = hasher.hash("secret".toCharArray());
        assertTrue(hasher.verify("secret".toCharArray(), h));
    }

    @Test
    void verify_rejectsWrongPassword() {
        PasswordHash h = hasher.hash("secret".toCharArray());
        assertFalse(hasher.verify("Secret".toCharArray(), h));
        assertFalse(hasher.verify("secret ".toCharArray(), h));
        assertFalse(hasher.verify(new char[0], h));
    }

    @Test
    void hash_leavesCallersPasswordIntact() {
        char[] password = "secret".toCharArray();
        hasher.hash(password);
        assertArrayEquals("secret".toCharArray(), password);
    }

    @Test
    void hash_usesDifferentSaltsForSamePassword() {
        PasswordHash a = hasher.hash("same".toCharArray());
        PasswordHash b = hasher.hash("same".toCharArray());
        assertFalse(java.util.Arrays.equals(a.salt(), b.salt()));
        assertFalse(java.util.Arrays.equals(a.hash(), b.hash()));
        assertNotEquals(a, b);
    }

    @Test
    void verify_usesStoredIterationCountNotHashersOwn() {
        PasswordHash madeWith2000 = new PasswordHasher(2_000).hash("secret".toCharArray());
        assertTrue(hasher.verify("secret".toCharArray(), madeWith2000));

        // Same salt and hash but a lied-about count must fail: proves the count is actually used.
        PasswordHash wrongCount = new PasswordHash(madeWith2000.algorithm(), 1_000,
                madeWith2000.salt(), madeWith2000.hash());
        assertFalse(hasher.verify("secret".toCharArray(), wrongCount));
    }

    @Test
    void verify_matchesKnownPbkdf2Vector() {
        // RFC 7914 section 11 test vector for PBKDF2-HMAC-SHA256 ("passwd", "salt", c=1), 32 bytes.
        byte[] expected = java.util.HexFormat.of().parseHex(
                "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
        PasswordHash known = new PasswordHash(PasswordHasher.ALGORITHM, 1,
                "salt".getBytes(java.nio.charset.StandardCharsets.US_ASCII), expected);
        assertTrue(hasher.verify("passwd".toCharArray(), known));
    }

    @Test
    void verify_rejectsUnsupportedAlgorithm() {
        PasswordHash h = hasher.hash("secret".toCharArray());
        PasswordHash other = new PasswordHash("PBKDF2WithHmacSHA1", h.iterations(), h.salt(), h.hash());
        assertThrows(IllegalArgumentException.class, () -> hasher.verify("secret".toCharArray(), other));
    }

    @Test
    void constructor_rejectsNonPositiveIterations() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(0));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(-5));
    }

    @Test
    void passwordHash_toStringNeverShowsSaltOrHashBytes() {
        PasswordHash h = hasher.hash("secret".toCharArray());
        String text = h.toString();
        assertTrue(text.contains("PBKDF2WithHmacSHA256"));
        assertTrue(text.contains("1000"));
        assertFalse(text.contains(Base64.getEncoder().encodeToString(h.salt())));
        assertFalse(text.contains(Base64.getEncoder().encodeToString(h.hash())));
        assertFalse(text.contains("[B@"), "must not print array identity either");
    }

    @Test
    void passwordHash_equalsComparesContentsAndCopiesArrays() {
        byte[] salt = {1, 2, 3};
        byte[] hash = {4, 5, 6};
        PasswordHash a = new PasswordHash("X", 1, salt, hash);
        PasswordHash b = new PasswordHash("X", 1, salt.clone(), hash.clone());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());

        salt[0] = 99;
        a.hash()[0] = 99;
        assertEquals(b, a, "mutating inputs or accessor results must not change the record");
    }
}
