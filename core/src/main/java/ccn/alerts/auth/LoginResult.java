package ccn.alerts.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * Result of {@link Authenticator#authenticate}. Switch over the sealed subtypes, or use
 * {@link #outcome()} when only the category matters.
 *
 * <p>{@link BadCredentials} is deliberately the same for an unknown user and a wrong password so
 * the reply to the client cannot be used to discover which accounts exist.
 *
 * <p>Thread-safety: all implementations are immutable records.
 */
public sealed interface LoginResult {

    /** Coarse category of a result. */
    enum Outcome { SUCCESS, BAD_CREDENTIALS, THROTTLED }

    Outcome outcome();

    /** The username and password matched. */
    record Success(String username) implements LoginResult {
        public Success {
            Objects.requireNonNull(username, "username");
        }

        @Override
        public Outcome outcome() {
            return Outcome.SUCCESS;
        }
    }

    /** Unknown user or wrong password; the two are indistinguishable by design. */
    record BadCredentials() implements LoginResult {
        @Override
        public Outcome outcome() {
            return Outcome.BAD_CREDENTIALS;
        }
    }

    /** Too many recent failures for this username or address; retry after the given time. */
    record Throttled(Duration retryAfter) implements LoginResult {
        public Throttled {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        @Override
        public Outcome outcome() {
            return Outcome.THROTTLED;
        }
    }
}
