package ccn.alerts.server;

import ccn.alerts.alert.Audience;
import ccn.alerts.protocol.Priority;

import java.time.Duration;
import java.util.Objects;

/**
 * An alert an operator sends: priority, text, who it is from, who it is for, how long it counts
 * ({@code expiresIn} null: until ended) and whether it is a drill (CAP status Exercise).
 */
public record AlertRequest(Priority priority, String text, String sender, Audience audience, Duration expiresIn,
                           boolean drill) {
    public AlertRequest {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(audience, "audience");
        if (expiresIn != null && (expiresIn.isNegative() || expiresIn.isZero())) {
            throw new IllegalArgumentException("an expiry must be in the future");
        }
    }

    /** To everyone, no expiry, not a drill: the seed's manual alert. */
    public static AlertRequest of(Priority priority, String text, String sender) {
        return new AlertRequest(priority, text, sender, Audience.everyone(), null, false);
    }

    public AlertRequest to(Audience audience) {
        return new AlertRequest(priority, text, sender, audience, expiresIn, drill);
    }

    public AlertRequest expiringIn(Duration expiresIn) {
        return new AlertRequest(priority, text, sender, audience, expiresIn, drill);
    }

    public AlertRequest asDrill(boolean drill) {
        return new AlertRequest(priority, text, sender, audience, expiresIn, drill);
    }
}
