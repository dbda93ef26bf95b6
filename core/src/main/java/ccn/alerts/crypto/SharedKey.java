package ccn.alerts.crypto;

import ccn.alerts.io.AtomicFile;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The AES-256-GCM key both sides share, and its human forms.
 *
 * <p>Key string: {@code ccn1-} followed by the unpadded base64url of the 32 key bytes and a
 * 2-byte checksum (the first two bytes of SHA-256 of the key), 51 characters in all, so a
 * mistyped character is caught before any connection is tried. Fingerprint: the first four bytes
 * of SHA-256("CCN-FP1" || key) as {@code XXXX-XXXX} hex, safe to show and compare by eye.
 *
 * <p>The {@link Aead} is built once per key and is thread-safe; share one instance.
 * {@link #toString()} shows only the fingerprint, never key material.
 */
public final class SharedKey {
    public static final String PREFIX = "ccn1-";
    public static final int KEY_BYTES = 32;
    /** The AES-GCM nonce that starts every sealed payload. */
    public static final int NONCE_BYTES = 12;
    /** The AES-GCM tag that ends every sealed payload. */
    public static final int TAG_BYTES = 16;
    public static final int TEXT_LENGTH = PREFIX.length() + 46;
    /** The file in the server's data directory that holds the key string. */
    public static final String FILE_NAME = "shared.key";

    private static final int CHECKSUM_BYTES = 2;
    private static final String MISTYPED = "the encryption key's checksum does not match: a character was mistyped";
    private static final byte[] FINGERPRINT_LABEL = "CCN-FP1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final Aead aead;
    private final String fingerprint;

    private SharedKey(byte[] key) {
        this.key = key.clone();
        this.aead = buildAead(this.key);
        this.fingerprint = computeFingerprint(this.key);
    }

    public static SharedKey generate() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return new SharedKey(bytes);
    }

    /** For the protocol's worked example and tests: a key from known bytes. */
    public static SharedKey fromBytes(byte[] bytes) {
        if (Objects.requireNonNull(bytes, "bytes").length != KEY_BYTES) {
            throw new IllegalArgumentException("key must be " + KEY_BYTES + " bytes, got " + bytes.length);
        }
        return new SharedKey(bytes);
    }

    /**
     * Parses a key string as shown by the server. White space anywhere (a copy from a terminal
     * may wrap the line) is ignored.
     */
    public static SharedKey parse(String text) throws InvalidKeyStringException {
        if (text == null || text.isBlank()) {
            throw new InvalidKeyStringException("the encryption key is empty");
        }
        String s = text.replaceAll("\\s+", "");
        if (!s.startsWith(PREFIX)) {
            throw new InvalidKeyStringException("an encryption key starts with \"" + PREFIX + "\"");
        }
        if (s.length() != TEXT_LENGTH) {
            throw new InvalidKeyStringException("an encryption key has " + TEXT_LENGTH
                    + " characters; this one has " + s.length());
        }
        String body = s.substring(PREFIX.length());
        if (!body.matches("[A-Za-z0-9_-]+")) {
            throw new InvalidKeyStringException("an encryption key contains only letters, digits, '-' and '_'");
        }
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyStringException("the encryption key is not valid base64url");
        }
        byte[] bytes = Arrays.copyOf(decoded, KEY_BYTES);
        byte[] checksum = Arrays.copyOfRange(decoded, KEY_BYTES, decoded.length);
        // 46 characters carry 276 bits for 272: the decoder ignores the last character's low 4 bits,
        // so only the canonical spelling counts, or a typo there would go unnoticed.
        boolean canonical = Base64.getUrlEncoder().withoutPadding().encodeToString(decoded).equals(body);
        if (!canonical || !MessageDigest.isEqual(checksum, checksum(bytes))) {
            throw new InvalidKeyStringException(MISTYPED);
        }
        return new SharedKey(bytes);
    }

    /**
     * Reads the key from {@code dataDir/shared.key}, or generates one and stores it there (owner
     * read/write only where the file system supports it) on first start.
     */
    public static SharedKey loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            try {
                return parse(text);
            } catch (InvalidKeyStringException e) {
                throw new IOException("cannot read the encryption key in " + file + ": " + e.getMessage()
                        + " (delete the file to generate a new key)", e);
            }
        }
        SharedKey key = generate();
        key.store(dataDir);
        return key;
    }

    /** Writes this key to {@code dataDir/shared.key}, replacing any previous key atomically. */
    public void store(Path dataDir) throws IOException {
        // AtomicFile's temp file is owner-only (0600) on POSIX, and the rename keeps it so.
        AtomicFile.write(dataDir.resolve(FILE_NAME),
                (asText() + System.lineSeparator()).getBytes(StandardCharsets.US_ASCII));
    }

    /** The key string to show and to paste into a client. This is secret: never log it. */
    public String asText() {
        byte[] all = Arrays.copyOf(key, KEY_BYTES + CHECKSUM_BYTES);
        System.arraycopy(checksum(key), 0, all, KEY_BYTES, CHECKSUM_BYTES);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
    }

    /** A short, non-secret digest of the key, e.g. {@code 3F2A-91C4}, for checking by eye. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The AEAD primitive for this key; thread-safe and shared. */
    public Aead aead() {
        return aead;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedKey other && MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "SharedKey[fingerprint=" + fingerprint + "]";
    }

    // The one place where raw key bytes cross into Tink.
    private static Aead buildAead(byte[] key) {
        try {
            AesGcmParameters parameters = AesGcmParameters.builder()
                    .setKeySizeBytes(KEY_BYTES)
                    .setIvSizeBytes(NONCE_BYTES)
                    .setTagSizeBytes(TAG_BYTES)
                    // No Tink key-id prefix: the wire carries plain nonce || ciphertext || tag,
                    // which any AES-GCM library can read.
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                    .build();
            AesGcmKey aesKey = AesGcmKey.builder()
                    .setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
                    .build();
            // One key, never rotated within a run: a keyset and the registry add nothing but
            // start-up cost (and protobuf's Unsafe warnings on JDK 24+).
            return AesGcmJce.create(aesKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    }

    private static byte[] checksum(byte[] key) {
        return Arrays.copyOf(sha256(key), CHECKSUM_BYTES);
    }

    private static String computeFingerprint(byte[] key) {
        byte[] labelled = new byte[FINGERPRINT_LABEL.length + key.length];
        System.arraycopy(FINGERPRINT_LABEL, 0, labelled, 0, FINGERPRINT_LABEL.length);
        System.arraycopy(key, 0, labelled, FINGERPRINT_LABEL.length, key.length);
        String hex = HexFormat.of().withUpperCase().formatHex(sha256(labelled), 0, 4);
        return hex.substring(0, 4) + "-" + hex.substring(4);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
