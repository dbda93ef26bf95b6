package ccn.alerts.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Hashes and verifies passwords with PBKDF2-HMAC-SHA256 from the JDK: a fresh 16-byte salt per
 * password and a 32-byte derived key.
 *
 * <p>Thread-safety: instances are immutable apart from the {@link SecureRandom}, which is itself
 * thread-safe, so one hasher can be shared by all connection threads.
 */
public final class PasswordHasher {

    /** JCA name of the only algorithm this class produces and verifies. */
    public static final String ALGORITHM = "PBKDF2WithHmacSHA256";

    /** OWASP Password Storage Cheat Sheet (2023) recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    /** Salt length in bytes. */
    public static final int SALT_BYTES = 16;

    /** Derived key length in bytes; matches the SHA-256 output so PBKDF2 runs a single block. */
    public static final int HASH_BYTES = 32;

    private final int iterations;
    private final SecureRandom random;

    /** Creates a hasher using {@link #DEFAULT_ITERATIONS}. */
    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /**
     * Creates a hasher that stretches new hashes with {@code iterations} rounds. Tests pass a small
     * number to stay fast; verification always uses the count stored with the hash.
     *
     * @param iterations 1 to {@link PasswordHash#MAX_ITERATIONS}
     */
    public PasswordHasher(int iterations) {
        if (iterations < 1 || iterations > PasswordHash.MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between 1 and "
                    + PasswordHash.MAX_ITERATIONS + ", was " + iterations);
        }
        this.iterations = iterations;
        this.random = new SecureRandom();
    }

    /** The iteration count used for new hashes. */
    public int iterations() {
        return iterations;
    }

    /**
     * Hashes a password with a fresh random salt. The caller still owns {@code password} and
     * should zero it when done; this method does not modify it.
     */
    public PasswordHash hash(char[] password) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] derived = derive(password, salt, iterations, HASH_BYTES);
        try {
            return new PasswordHash(ALGORITHM, iterations, salt, derived);
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /**
     * Checks a password against a stored hash in constant time, using the stored iteration count
     * so hashes made with an older setting keep working.
     *
     * @throws IllegalArgumentException if the stored hash uses an algorithm other than
     *     {@value #ALGORITHM}
     */
    public boolean verify(char[] password, PasswordHash stored) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(stored, "stored");
        if (!ALGORITHM.equals(stored.algorithm())) {
            throw new IllegalArgumentException("unsupported password hash algorithm: "
                    + stored.algorithm());
        }
        byte[] expected = stored.hashBytes();
        byte[] actual = derive(password, stored.saltBytes(), stored.iterations(), expected.length);
        try {
            return MessageDigest.isEqual(actual, expected);
        } finally {
            Arrays.fill(actual, (byte) 0);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int lengthBytes) {
        // PBEKeySpec clones the password; clearPassword() zeroes that clone once we are done.
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, lengthBytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // SunJCE has shipped this since Java 8; its absence means a stripped or broken runtime.
            throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
