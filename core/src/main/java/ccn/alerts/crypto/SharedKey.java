package ccn.alerts.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a student pastes into a client: the class key (32 bytes, the handshake's pre-shared key)
 * and the server's static X25519 public key (32 bytes, the identity the handshake proves).
 *
 * <p>Key string: {@code ccn2-} followed by the unpadded base64url of class key || server public
 * key || a 2-byte checksum (the first two bytes of SHA-256 of the 64 bytes before it): 93
 * characters, so a mistyped character is caught before any connection is tried.
 *
 * <p>Fingerprint: the first 16 bytes of SHA-256("CCN-FP2" || class key || server public key) as
 * eight groups of four hex digits. It names this server and this class key together; matching it
 * with another server key would take about 2^128 tries. Safe to show and compare by eye.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows only the fingerprint, never the class key.
 */
public final class SharedKey {
    public static final String PREFIX = "ccn2-";
    public static final int CLASS_KEY_BYTES = 32;
    public static final int PUBLIC_KEY_BYTES = 32;
    /** The key id of the server a client asks for in its first handshake message. */
    public static final int KEY_ID_BYTES = 8;
    public static final int TEXT_LENGTH = PREFIX.length() + 88;
    /** The file in the server's data directory that holds the key string. */
    public static final String FILE_NAME = "shared.key";

    private static final int CHECKSUM_BYTES = 2;
    private static final int BODY_BYTES = CLASS_KEY_BYTES + PUBLIC_KEY_BYTES;
    private static final String MISTYPED = "the key string's checksum does not match: a character was mistyped";
    private static final byte[] FINGERPRINT_LABEL = "CCN-FP2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_ID_LABEL = "CCN-ID2".getBytes(StandardCharsets.US_ASCII);
    /** Any private key will do to test a public key; not a secret. */
    private static final byte[] PROBE = com.google.crypto.tink.subtle.X25519.generatePrivateKey();

    private final byte[] classKey;
    private final byte[] serverPublicKey;
    private final String fingerprint;

    private SharedKey(byte[] classKey, byte[] serverPublicKey) {
        this.classKey = classKey.clone();
        this.serverPublicKey = serverPublicKey.clone();
        this.fingerprint = computeFingerprint(this.classKey, this.serverPublicKey);
    }

    /** The key string of a class key and a server's public key. */
    public static SharedKey of(byte[] classKey, byte[] serverPublicKey) {
        if (Objects.requireNonNull(classKey, "classKey").length != CLASS_KEY_BYTES) {
            throw new IllegalArgumentException("a class key is " + CLASS_KEY_BYTES + " bytes, got " + classKey.length);
        }
        if (Objects.requireNonNull(serverPublicKey, "serverPublicKey").length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("a server key is " + PUBLIC_KEY_BYTES + " bytes, got " + serverPublicKey.length);
        }
        if (!usable(serverPublicKey)) {
            throw new IllegalArgumentException("not a usable X25519 public key (a low-order point)");
        }
        return new SharedKey(classKey, serverPublicKey);
    }

    /**
     * Parses a key string as shown by the server. White space anywhere (a copy from a terminal
     * may wrap the line) is ignored.
     */
    public static SharedKey parse(String text) throws InvalidKeyStringException {
        if (text == null || text.isBlank()) {
            throw new InvalidKeyStringException("the key string is empty");
        }
        String s = text.replaceAll("\\s+", "");
        if (s.startsWith("ccn1-")) {
            throw new InvalidKeyStringException("this key string is for protocol 1 (\"ccn1-\"); ask for the server's"
                    + " current key string, which starts with \"" + PREFIX + "\"");
        }
        if (!s.startsWith(PREFIX)) {
            throw new InvalidKeyStringException("a key string starts with \"" + PREFIX + "\"");
        }
        if (s.length() != TEXT_LENGTH) {
            throw new InvalidKeyStringException("a key string has " + TEXT_LENGTH + " characters; this one has " + s.length());
        }
        String body = s.substring(PREFIX.length());
        if (!body.matches("[A-Za-z0-9_-]+")) {
            throw new InvalidKeyStringException("a key string contains only letters, digits, '-' and '_'");
        }
        // 88 characters are exactly 66 bytes: every spelling is canonical.
        byte[] decoded = Base64.getUrlDecoder().decode(body);
        byte[] content = Arrays.copyOf(decoded, BODY_BYTES);
        byte[] checksum = Arrays.copyOfRange(decoded, BODY_BYTES, decoded.length);
        if (!MessageDigest.isEqual(checksum, Arrays.copyOf(sha256(content), CHECKSUM_BYTES))) {
            throw new InvalidKeyStringException(MISTYPED);
        }
        byte[] serverKey = Arrays.copyOfRange(content, CLASS_KEY_BYTES, BODY_BYTES);
        if (!usable(serverKey)) {
            throw new InvalidKeyStringException("the key string's server key is not a usable X25519 public key:"
                    + " this string was not made by a CCN server");
        }
        return new SharedKey(Arrays.copyOf(content, CLASS_KEY_BYTES), serverKey);
    }

    /** A low-order point would make every handshake fail (PROTOCOL.md §4.4): refuse it up front. */
    private static boolean usable(byte[] publicKey) {
        try {
            com.google.crypto.tink.subtle.X25519.computeSharedSecret(PROBE, publicKey);
            return true;
        } catch (java.security.InvalidKeyException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The key string to show and to paste into a client. Its class key is secret: never log it. */
    public String asText() {
        byte[] all = Arrays.copyOf(classKey, BODY_BYTES + CHECKSUM_BYTES);
        System.arraycopy(serverPublicKey, 0, all, CLASS_KEY_BYTES, PUBLIC_KEY_BYTES);
        System.arraycopy(sha256(Arrays.copyOf(all, BODY_BYTES)), 0, all, BODY_BYTES, CHECKSUM_BYTES);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
    }

    /** The class key: the handshake's pre-shared key. Secret. */
    public byte[] classKey() {
        return classKey.clone();
    }

    /** The server's static public key: not secret. */
    public byte[] serverPublicKey() {
        return serverPublicKey.clone();
    }

    /** The first 8 bytes of SHA-256("CCN-ID2" || server public key): which server a client asks for. */
    public byte[] serverKeyId() {
        return keyId(serverPublicKey);
    }

    /** The key id of any server public key (see {@link #serverKeyId()}). */
    public static byte[] keyId(byte[] serverPublicKey) {
        byte[] labelled = Arrays.copyOf(KEY_ID_LABEL, KEY_ID_LABEL.length + serverPublicKey.length);
        System.arraycopy(serverPublicKey, 0, labelled, KEY_ID_LABEL.length, serverPublicKey.length);
        return Arrays.copyOf(sha256(labelled), KEY_ID_BYTES);
    }

    /** Eight groups of four hex digits, e.g. {@code 3F2A-91C4-...}, for checking by eye. */
    public String fingerprint() {
        return fingerprint;
    }

    /** A key string with the same server and another class key, or the reverse (tests, tools). */
    public SharedKey withClassKey(byte[] otherClassKey) {
        return of(otherClassKey, serverPublicKey);
    }

    public SharedKey withServerPublicKey(byte[] otherServerKey) {
        return of(classKey, otherServerKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedKey other && MessageDigest.isEqual(classKey, other.classKey)
                && Arrays.equals(serverPublicKey, other.serverPublicKey);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "SharedKey[fingerprint=" + fingerprint + "]";
    }

    private static String computeFingerprint(byte[] classKey, byte[] serverPublicKey) {
        byte[] labelled = new byte[FINGERPRINT_LABEL.length + BODY_BYTES];
        System.arraycopy(FINGERPRINT_LABEL, 0, labelled, 0, FINGERPRINT_LABEL.length);
        System.arraycopy(classKey, 0, labelled, FINGERPRINT_LABEL.length, CLASS_KEY_BYTES);
        System.arraycopy(serverPublicKey, 0, labelled, FINGERPRINT_LABEL.length + CLASS_KEY_BYTES, PUBLIC_KEY_BYTES);
        String hex = HexFormat.of().withUpperCase().formatHex(sha256(labelled), 0, 16);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 4) {
            b.append(i == 0 ? "" : "-").append(hex, i, i + 4);
        }
        return b.toString();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
