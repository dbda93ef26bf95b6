package ccn.alerts.log;

import java.time.Instant;
import java.util.Objects;

/**
 * One event as recorded by {@link EventLog}.
 *
 * <p>Immutable and therefore thread-safe; safe to hand to GUI threads.
 *
 * @param time    when the event was logged
 * @param type    the kind of event
 * @param message the text as written to the log, already passed through {@link LogSanitizer}, so it
 *                never contains a line break or other control character
 */
public record LogEvent(Instant time, EventType type, String message) {

    public LogEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
    }
}
