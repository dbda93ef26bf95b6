package ccn.alerts.auth;

import java.util.Arrays;
import java.util.Objects;

/**
 * A salted, stretched password hash as stored on disk: the algorithm name, the iteration count it
 * was computed with, the salt and the derived key.
 *
 * <p>The record copies its arrays on the way in and out, so an instance is immutable and safe to
 * share between threads. {@link #toString()} deliberately omits the salt and hash bytes so that a
 * stray log statement can never leak material useful for an offline attack.
 *
 * @param algorithm  JCA algorithm name, e.g. {@value PasswordHasher#ALGORITHM}
 * @param iterations PBKDF2 iteration count, 1 to {@value #MAX_ITERATIONS}
 * @param salt       random salt, not empty
 * @param hash       derived key, not empty
 */
public record PasswordHash(String algorithm, int iterations, byte[] salt, byte[] hash) {

    /**
     * Upper bound on a stored iteration count. A tampered users file with an absurd count would
     * otherwise let anyone who knows a username pin a CPU per login attempt.
     */
    public static final int MAX_ITERATIONS = 10_000_000;

    public PasswordHash {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
        if (algorithm.isBlank()) {
            throw new IllegalArgumentException("algorithm must not be blank");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(
                    "iterations must be between 1 and " + MAX_ITERATIONS + ", was " + iterations);
        }
        if (salt.length == 0) {
            throw new IllegalArgumentException("salt must not be empty");
        }
        if (hash.length == 0) {
            throw new IllegalArgumentException("hash must not be empty");
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /** Returns a copy of the salt. */
    @Override
    public byte[] salt() {
        return salt.clone();
    }

    /** Returns a copy of the derived key. */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** Package-private view without the defensive copy, for the constant-time comparison. */
    byte[] hashBytes() {
        return hash;
    }

    /** Package-private view without the defensive copy, for key derivation. */
    byte[] saltBytes() {
        return salt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash other
                && iterations == other.iterations
                && algorithm.equals(other.algorithm)
                && Arrays.equals(salt, other.salt)
                && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(algorithm, iterations);
        h = 31 * h + Arrays.hashCode(salt);
        return 31 * h + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "PasswordHash[algorithm=" + algorithm + ", iterations=" + iterations
                + ", salt=<" + salt.length + " bytes>, hash=<" + hash.length + " bytes>]";
    }
}
