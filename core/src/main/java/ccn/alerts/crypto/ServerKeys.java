package ccn.alerts.crypto;

import ccn.alerts.io.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/**
 * The server's two secrets: the class key (shared with every student, the handshake's
 * pre-shared key) and the server identity, a static X25519 key pair whose private half never
 * leaves the data directory. {@link #sharedKey()} is what students paste.
 *
 * <p>Files in the data directory, both written atomically and owner-only (0600 on POSIX):
 * {@code shared.key} holds the key string and a newline; {@code server-identity.key} holds
 * {@code ccn-identity-} and the base64url of the 32-byte private key, and a newline. The identity
 * file is authoritative: the key string is rewritten from it when they disagree.
 *
 * <p>Immutable. {@link #toString()} shows only the fingerprint.
 */
public final class ServerKeys {
    public static final String IDENTITY_FILE = "server-identity.key";
    private static final String IDENTITY_PREFIX = "ccn-identity-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] classKey;
    private final byte[] identityPrivate;
    private final SharedKey shared;

    private ServerKeys(byte[] classKey, byte[] identityPrivate) {
        this.classKey = classKey.clone();
        this.identityPrivate = identityPrivate.clone();
        this.shared = SharedKey.of(classKey, NoiseHandshake.publicKey(identityPrivate));
    }

    public static ServerKeys generate() {
        return new ServerKeys(randomClassKey(), NoiseHandshake.newPrivateKey());
    }

    /** For the protocol's worked example and tests: keys from known bytes. */
    public static ServerKeys of(byte[] classKey, byte[] identityPrivate) {
        if (classKey.length != SharedKey.CLASS_KEY_BYTES || identityPrivate.length != 32) {
            throw new IllegalArgumentException("a class key and an X25519 private key are 32 bytes each");
        }
        return new ServerKeys(classKey, identityPrivate);
    }

    /**
     * Reads both secrets from {@code dataDir}, creating what is missing; a protocol 1 key string
     * ({@code ccn1-}) keeps its class key and gains an identity.
     *
     * @param notes told, in a sentence, when the key string students need has changed; only once
     *              the new keys are on disk, so a load that fails announces nothing
     */
    public static ServerKeys loadOrCreate(Path dataDir, Consumer<String> notes) throws IOException {
        Path keyFile = dataDir.resolve(SharedKey.FILE_NAME);
        Path identityFile = dataDir.resolve(IDENTITY_FILE);
        byte[] classKey = null;
        byte[] storedPublic = null;
        List<String> changes = new ArrayList<>();
        if (Files.exists(keyFile)) {
            String text = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
            try {
                if (text.startsWith("ccn1-")) {
                    classKey = protocol1ClassKey(text);
                    changes.add("The key string was upgraded to protocol 2 (class key kept, server identity added):"
                            + " students need the new key string");
                } else {
                    SharedKey stored = SharedKey.parse(text);
                    classKey = stored.classKey();
                    storedPublic = stored.serverPublicKey();
                }
            } catch (InvalidKeyStringException e) {
                throw new IOException("cannot read the key string in " + keyFile + ": " + e.getMessage()
                        + " (delete the file to generate a new class key)", e);
            }
        }
        byte[] identity = null;
        if (Files.exists(identityFile)) {
            identity = readIdentity(identityFile);
            if (classKey == null) {
                changes.add("The key string file " + keyFile + " was missing: a new class key was created,"
                        + " students need the new key string");
            }
        } else if (classKey != null && storedPublic != null) {
            changes.add("The server identity file " + identityFile + " was missing: a new identity was created,"
                    + " students need the new key string");
        }
        boolean changed = classKey == null || identity == null;
        ServerKeys keys = new ServerKeys(classKey == null ? randomClassKey() : classKey,
                identity == null ? NoiseHandshake.newPrivateKey() : identity);
        if (storedPublic != null && !Arrays.equals(storedPublic, keys.shared.serverPublicKey()) && identity != null) {
            changes.add("The key string in " + keyFile + " named another server identity: rewritten from "
                    + identityFile + ", students need the new key string");
            changed = true;
        }
        if (changed || storedPublic == null) {
            keys.store(dataDir);
        }
        changes.forEach(notes);
        return keys;
    }

    /** Writes both files, replacing them atomically: the identity first, so a crash leaves it authoritative. */
    public void store(Path dataDir) throws IOException {
        // AtomicFile's temp file is owner-only (0600) on POSIX, and the rename keeps it so.
        AtomicFile.write(dataDir.resolve(IDENTITY_FILE), (IDENTITY_PREFIX
                + Base64.getUrlEncoder().withoutPadding().encodeToString(identityPrivate)
                + System.lineSeparator()).getBytes(StandardCharsets.US_ASCII));
        AtomicFile.write(dataDir.resolve(SharedKey.FILE_NAME),
                (shared.asText() + System.lineSeparator()).getBytes(StandardCharsets.US_ASCII));
    }

    /** New keys with a fresh class key, a fresh identity, or both; this instance is unchanged. */
    public ServerKeys renew(boolean newClassKey, boolean newIdentity) {
        return new ServerKeys(newClassKey ? randomClassKey() : classKey,
                newIdentity ? NoiseHandshake.newPrivateKey() : identityPrivate);
    }

    /** The key string students paste: class key and this server's public key. */
    public SharedKey sharedKey() {
        return shared;
    }

    /** The class key, the handshake's pre-shared key. Secret. */
    public byte[] classKey() {
        return classKey.clone();
    }

    /** The identity's private key. Secret: never logged, never sent. */
    public byte[] identityPrivateKey() {
        return identityPrivate.clone();
    }

    public byte[] publicKey() {
        return shared.serverPublicKey();
    }

    @Override
    public String toString() {
        return "ServerKeys[fingerprint=" + shared.fingerprint() + "]";
    }

    private static byte[] randomClassKey() {
        byte[] key = new byte[SharedKey.CLASS_KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    private static byte[] readIdentity(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] key = null;
        if (text.startsWith(IDENTITY_PREFIX)) {
            try {
                key = Base64.getUrlDecoder().decode(text.substring(IDENTITY_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                key = null;
            }
        }
        if (key == null || key.length != 32) {
            throw new IOException("cannot read the server identity in " + file
                    + " (delete it to create a new identity; students will need the new key string)");
        }
        return key;
    }

    /** The class key of a protocol 1 key string: ccn1- and base64url of the key and a 2-byte checksum. */
    private static byte[] protocol1ClassKey(String text) throws InvalidKeyStringException {
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(text.substring("ccn1-".length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyStringException("the protocol 1 key string is not valid base64url");
        }
        if (decoded.length != 34) {
            throw new InvalidKeyStringException("the protocol 1 key string has the wrong length");
        }
        byte[] key = Arrays.copyOf(decoded, 32);
        if (!MessageDigest.isEqual(Arrays.copyOfRange(decoded, 32, 34), Arrays.copyOf(SharedKey.sha256(key), 2))) {
            throw new InvalidKeyStringException("the protocol 1 key string's checksum does not match");
        }
        return key;
    }
}
