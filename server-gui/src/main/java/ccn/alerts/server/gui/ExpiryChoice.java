package ccn.alerts.server.gui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The few expiries the console offers, in the send form and the update dialog: a teacher picks
 * one rather than typing a time. "End of day" is the next local midnight.
 */
public enum ExpiryChoice {
    NONE("None", null),
    MINUTES_15("15 min", Duration.ofMinutes(15)),
    HOUR_1("1 hour", Duration.ofHours(1)),
    HOURS_4("4 hours", Duration.ofHours(4)),
    END_OF_DAY("End of day", null);

    private final String label;
    private final Duration length;

    ExpiryChoice(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    /** How long from {@code now} in {@code zone}; null for {@link #NONE}. Always positive otherwise. */
    public Duration lengthFrom(Instant now, ZoneId zone) {
        if (this == NONE) {
            return null;
        }
        if (this == END_OF_DAY) {
            ZonedDateTime midnight = now.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone);
            return Duration.between(now, midnight.toInstant());
        }
        return length;
    }

    /** When an alert expires if this is picked at {@code now}; null for {@link #NONE}. */
    public Instant expiresAt(Instant now, ZoneId zone) {
        Duration d = lengthFrom(now, zone);
        return d == null ? null : now.plus(d);
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label; // what a ChoiceBox shows
    }
}
