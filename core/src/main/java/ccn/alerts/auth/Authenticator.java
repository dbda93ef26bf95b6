package ccn.alerts.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks login attempts against the {@link UserStore}, with brute-force protection from a
 * {@link LoginThrottle}.
 *
 * <p>An unknown user and a wrong password produce the same {@link LoginResult.BadCredentials}
 * and cost the same time: for an unknown user the password is verified against a dummy hash made
 * once with the hasher's iteration count, so response timing does not reveal which accounts
 * exist. A throttled attempt is refused before any hashing, so a locked-out client cannot use
 * the server as a password-guessing oracle or burn its CPU.
 *
 * <p>Thread-safety: safe for concurrent use; it holds no mutable state of its own and its
 * collaborators are thread-safe.
 */
public final class Authenticator {

    /** Throttle key shared by all syntactically invalid usernames; none of them can succeed. */
    static final String INVALID_USERNAME_KEY = "<invalid>";

    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    /** Seam so tests can observe whether a password was verified at all. */
    @FunctionalInterface
    interface Verifier {
        boolean verify(char[] password, PasswordHash stored);
    }

    private final UserStore store;
    private final LoginThrottle throttle;
    private final Verifier verifier;
    private final PasswordHash dummy;

    /**
     * @param store    where the accounts live
     * @param hasher   verifies passwords; its iteration count is used for the dummy hash and
     *                 should match the one the store hashes with
     * @param throttle brute-force limiter, shared across all connections
     */
    public Authenticator(UserStore store, PasswordHasher hasher, LoginThrottle throttle) {
        this(store, hasher, throttle, Objects.requireNonNull(hasher, "hasher")::verify);
    }

    Authenticator(UserStore store, PasswordHasher hasher, LoginThrottle throttle,
            Verifier verifier) {
        this.store = Objects.requireNonNull(store, "store");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        // The dummy's password is irrelevant; only its cost has to match a real hash.
        this.dummy = Objects.requireNonNull(hasher, "hasher")
                .hash("no user has this password".toCharArray());
    }

    /**
     * Checks one login attempt. Does not modify {@code password}; the caller should zero it
     * afterwards.
     *
     * @param username as sent by the client
     * @param password as sent by the client
     * @param address  client address used as a throttle key, e.g. {@code "127.0.0.1"}
     */
    public LoginResult authenticate(String username, char[] password, String address) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(address, "address");
        // Arbitrary client strings would let one attacker fill the throttle with huge keys, and
        // invalid names cannot match an account anyway, so they all share one key.
        boolean validName = UserStore.isValidUsername(username);
        String throttleKey = validName ? username : INVALID_USERNAME_KEY;

        Optional<Duration> locked = throttle.checkAllowed(throttleKey, address);
        if (locked.isPresent()) {
            log.debug("Login throttled for user '{}' from {} (retry in {} s)",
                    throttleKey, address, seconds(locked.get()));
            return new LoginResult.Throttled(locked.get());
        }

        Optional<PasswordHash> stored = validName ? store.find(username) : Optional.empty();
        // Always run the hash, even for unknown users, so timing matches a real check.
        boolean matches = verifier.verify(password, stored.orElse(dummy));
        if (stored.isPresent() && matches) {
            throttle.recordSuccess(throttleKey, address);
            log.debug("Login succeeded for user '{}' from {}", username, address);
            return new LoginResult.Success(username);
        }
        throttle.recordFailure(throttleKey, address);
        log.debug("Login failed for user '{}' from {}", throttleKey, address);
        return new LoginResult.BadCredentials();
    }

    private static long seconds(Duration d) {
        // Round up so a client told "retry in N s" is not refused again at exactly N.
        return d.plusNanos(999_999_999L).toSeconds();
    }
}
