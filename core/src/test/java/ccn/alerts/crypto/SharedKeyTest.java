package ccn.alerts.crypto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protocol 2 key string: class key and server public key, checksummed, and its fingerprint. */
class SharedKeyTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Test
    void parse_refusesAServerKeyThatIsALowOrderPoint_withWhichNoHandshakeCouldSucceed() throws Exception {
        byte[] content = new byte[64 + 2];
        content[0] = 7;                           // some class key; server key u = 0, a low-order point
        byte[] sum = java.security.MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(content, 64));
        content[64] = sum[0];
        content[65] = sum[1];
        String text = "ccn2-" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(content);

        InvalidKeyStringException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidKeyStringException.class,
                () -> SharedKey.parse(text));

        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("not a usable X25519 public key"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SharedKey.of(new byte[32], new byte[32]));
    }

    @Test
    void asText_is93CharactersOfCcn2AndParsesBack() throws Exception {
        SharedKey key = ServerKeys.generate().sharedKey();

        String text = key.asText();

        assertEquals(93, text.length(), text);
        assertEquals(SharedKey.TEXT_LENGTH, text.length());
        assertTrue(text.matches("ccn2-[A-Za-z0-9_-]{88}"), text);
        SharedKey parsed = SharedKey.parse(text);
        assertEquals(key, parsed);
        assertArrayEquals(key.classKey(), parsed.classKey());
        assertArrayEquals(key.serverPublicKey(), parsed.serverPublicKey());
    }

    @Test
    void asText_isClassKeyThenServerKeyThenTwoChecksumBytes() {
        byte[] classKey = counting(1);
        byte[] serverKey = counting(100);

        String text = SharedKey.of(classKey, serverKey).asText();

        byte[] decoded = Base64.getUrlDecoder().decode(text.substring("ccn2-".length()));
        byte[] body = concat(classKey, serverKey);
        assertEquals(66, decoded.length);
        assertArrayEquals(body, Arrays.copyOf(decoded, 64));
        assertArrayEquals(Arrays.copyOf(sha256(body), 2), Arrays.copyOfRange(decoded, 64, 66));
    }

    @Test
    void parse_ignoresWhitespaceFromWrappedCopies() throws Exception {
        SharedKey key = ServerKeys.generate().sharedKey();
        String text = key.asText();
        String wrapped = "  " + text.substring(0, 20) + "\n  " + text.substring(20, 61) + "\r\n\t" + text.substring(61) + " \n";

        assertEquals(key, SharedKey.parse(wrapped));
    }

    @Test
    void parse_rejectsEverySingleCharacterChangeOfAValidKeyString() throws Exception {
        // Fixed keys, so the test is repeatable: a random key's 16-bit checksum collides with a
        // changed key body once in 65,536 typos, which a test over thousands of typos would hit.
        // These three were checked to have no such collision.
        List<SharedKey> keys = List.of(
                SharedKey.of(new byte[32], filled(0x09)),
                SharedKey.of(counting(11), counting(200)),
                SharedKey.of(filled(0xFF), filled(0x5A)));
        String outside = "+/=.!~ é";
        int typos = 0;
        for (SharedKey key : keys) {
            String text = key.asText();
            assertEquals(key, SharedKey.parse(text));
            for (int at = 0; at < text.length(); at++) {
                for (char c : (ALPHABET + outside).toCharArray()) {
                    if (c == text.charAt(at)) {
                        continue;
                    }
                    // when:
                    String typo = text.substring(0, at) + c + text.substring(at + 1);
                    // then:
                    InvalidKeyStringException e = assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(typo),
                            "accepted " + typo + " for " + text);
                    if (at >= SharedKey.PREFIX.length() && ALPHABET.indexOf(c) >= 0) {
                        assertTrue(e.getMessage().contains("mistyped"), e.getMessage());
                    }
                    typos++;
                }
            }
        }
        // every position, prefix included, against the 63 other characters of the alphabet and 8 outside it
        assertEquals(3 * 93 * (63 + 8), typos);
    }

    @Test
    void parse_rejectsACharacterOutsideTheAlphabetByName() {
        String text = SharedKey.of(counting(3), counting(4)).asText();
        String plus = text.substring(0, 40) + "+" + text.substring(41);

        InvalidKeyStringException e = assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(plus));

        assertEquals("a key string contains only letters, digits, '-' and '_'", e.getMessage());
    }

    @Test
    void parse_rejectsWrongPrefixLengthAndCharacters() {
        String text = ServerKeys.generate().sharedKey().asText();
        String body = text.substring(5);

        assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(null));
        assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(""));
        assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(" \n\t"));
        assertMessage("starts with \"ccn2-\"", "ccn3-" + body);
        assertMessage("starts with \"ccn2-\"", "CCN2-" + body);
        assertMessage("starts with \"ccn2-\"", body);
        assertMessage("has 93 characters; this one has 92", text.substring(0, 92));
        assertMessage("has 93 characters; this one has 94", text + "A");
        assertMessage("has 93 characters; this one has 5", "ccn2-");
        assertMessage("only letters, digits", text.substring(0, 92) + "=");
        assertMessage("only letters, digits", "ccn2-" + "/".repeat(88));
    }

    @Test
    void parse_tellsThatAProtocol1KeyStringIsForProtocol1() {
        byte[] key = counting(7);
        String v1 = "ccn1-" + Base64.getUrlEncoder().withoutPadding().encodeToString(concat(key, Arrays.copyOf(sha256(key), 2)));

        InvalidKeyStringException e = assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(v1));

        assertTrue(e.getMessage().contains("protocol 1"), e.getMessage());
        assertTrue(e.getMessage().contains("ccn2-"), "says what to ask for instead: " + e.getMessage());
    }

    @Test
    void fingerprint_isEightGroupsOfFourHexDigitsOfTheLabelledHash() {
        byte[] classKey = counting(21);
        byte[] serverKey = counting(42);

        String fingerprint = SharedKey.of(classKey, serverKey).fingerprint();

        assertTrue(fingerprint.matches("[0-9A-F]{4}(-[0-9A-F]{4}){7}"), fingerprint);
        byte[] hash = sha256(concat("CCN-FP2".getBytes(StandardCharsets.US_ASCII), concat(classKey, serverKey)));
        assertEquals(HexFormat.of().withUpperCase().formatHex(hash, 0, 16), fingerprint.replace("-", ""));
    }

    @Test
    void fingerprint_isStableAndDiffersWhenEitherKeyChanges() throws Exception {
        SharedKey key = SharedKey.of(counting(1), counting(2));
        byte[] otherClassKey = counting(1);
        otherClassKey[31] ^= 1;
        byte[] otherServerKey = counting(2);
        otherServerKey[0] ^= 1;

        assertEquals(key.fingerprint(), SharedKey.of(counting(1), counting(2)).fingerprint());
        assertEquals(key.fingerprint(), SharedKey.parse(key.asText()).fingerprint());
        assertNotEquals(key.fingerprint(), key.withClassKey(otherClassKey).fingerprint());
        assertNotEquals(key.fingerprint(), key.withServerPublicKey(otherServerKey).fingerprint());
        assertNotEquals(key, key.withClassKey(otherClassKey));
        assertNotEquals(key, key.withServerPublicKey(otherServerKey));
    }

    @Test
    void serverKeyId_isTheFirstEightBytesOfTheLabelledHashOfTheServerKey() {
        byte[] serverKey = counting(9);
        SharedKey key = SharedKey.of(counting(5), serverKey);

        byte[] expected = Arrays.copyOf(sha256(concat("CCN-ID2".getBytes(StandardCharsets.US_ASCII), serverKey)), 8);

        assertArrayEquals(expected, key.serverKeyId());
        assertArrayEquals(expected, SharedKey.keyId(serverKey));
        assertArrayEquals(expected, key.withClassKey(counting(77)).serverKeyId(), "the key id names the server only");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 31, 33, 64})
    void of_rejectsKeysOfTheWrongLength(int length) {
        assertThrows(IllegalArgumentException.class, () -> SharedKey.of(new byte[length], new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> SharedKey.of(new byte[32], new byte[length]));
    }

    @Test
    void keysAreCopiedInAndOut() {
        byte[] classKey = counting(1);
        SharedKey key = SharedKey.of(classKey, counting(2));
        String before = key.asText();

        classKey[0] ^= 1;
        key.classKey()[0] ^= 1;
        key.serverPublicKey()[0] ^= 1;

        assertEquals(before, key.asText());
    }

    @Test
    void toString_showsTheFingerprintButNoKeyMaterial() {
        SharedKey key = ServerKeys.generate().sharedKey();
        byte[] classKey = key.classKey();

        String s = key.toString();

        assertTrue(s.contains(key.fingerprint()), s);
        assertFalse(s.contains(key.asText()), s);
        assertFalse(s.contains(key.asText().substring(5, 15)), s);
        assertFalse(s.contains(Base64.getUrlEncoder().withoutPadding().encodeToString(classKey).substring(0, 10)), s);
        assertFalse(s.contains(Base64.getEncoder().encodeToString(classKey).substring(0, 10)), s);
        assertFalse(s.toLowerCase().contains(HexFormat.of().formatHex(classKey, 0, 6)), s);
    }

    private static void assertMessage(String expectedPart, String text) {
        InvalidKeyStringException e = assertThrows(InvalidKeyStringException.class, () -> SharedKey.parse(text), text);
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }

    private static byte[] counting(int start) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (start + i * 37);
        }
        return b;
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
