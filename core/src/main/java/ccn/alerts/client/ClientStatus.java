package ccn.alerts.client;

import java.time.Instant;
import java.util.Objects;

/**
 * A state and why: what the connection bar and the login form show.
 *
 * @param state    the state
 * @param reason   a plain sentence for people, e.g. "Wrong username or password"; for RECONNECTING,
 *                 what went wrong (views add the countdown from {@code retryAt})
 * @param retryAt  when the next attempt happens (RECONNECTING) or may happen (THROTTLED); else null
 */
public record ClientStatus(ClientState state, String reason, Instant retryAt) {
    public ClientStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    public static ClientStatus of(ClientState state, String reason) {
        return new ClientStatus(state, reason, null);
    }
}
