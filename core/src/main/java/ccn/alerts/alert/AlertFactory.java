package ccn.alerts.alert;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Makes {@link Message.Alert}s with fresh ids and timestamps: automatic ones from a weather reading
 * and manual ones from an operator.
 *
 * <p>Automatic alert text keeps the original course design's format, e.g.
 * {@code Weather Alert: Temp: 32°C, Humidity: 85%, Condition: Sunny}, with the priority from the
 * {@link PriorityRules}. Timestamps are ISO-8601 UTC ({@link Instant#toString()}) to the millisecond.
 *
 * <p>Thread-safety: safe for concurrent use; it holds only immutable state and a thread-safe
 * {@link AlertIdSequence}.
 */
public final class AlertFactory {
    /** The sender name of automatic alerts. */
    public static final String WEATHER_SENDER = "weather";

    private final AlertIdSequence ids;
    private final PriorityRules rules;
    private final Clock clock;

    /** Uses {@link PriorityRules#DEFAULTS} and the system clock. */
    public AlertFactory(AlertIdSequence ids) {
        this(ids, PriorityRules.DEFAULTS, Clock.systemUTC());
    }

    public AlertFactory(AlertIdSequence ids, PriorityRules rules, Clock clock) {
        this.ids = Objects.requireNonNull(ids, "ids");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * An automatic alert for this reading, source {@code AUTO}, sender {@value #WEATHER_SENDER},
     * with the reading attached.
     *
     * @throws IOException if no id could be reserved (see {@link AlertIdSequence#next()})
     */
    public Message.Alert fromWeather(Message.Weather weather) throws IOException {
        Objects.requireNonNull(weather, "weather");
        String text = "Weather Alert: Temp: " + formatNumber(weather.temperatureC())
                + "°C, Humidity: " + formatNumber(weather.humidityPercent())
                + "%, Condition: " + weather.condition();
        return new Message.Alert(ids.next(), rules.classify(weather), text, now(),
                Message.AlertSource.AUTO, WEATHER_SENDER, weather, false);
    }

    /**
     * A manual alert from an operator, source {@code MANUAL}, no weather.
     *
     * @param text   the alert text; surrounding whitespace is removed
     * @param sender who sent it, e.g. the admin's username
     * @throws IllegalArgumentException if the text is blank or longer than
     *                                  {@value Message#MAX_ALERT_TEXT} characters, or the sender
     *                                  is blank or too long; no id is used up then
     * @throws IOException              if no id could be reserved
     */
    public Message.Alert manual(Priority priority, String text, String sender) throws IOException {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sender, "sender");
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("alert text is empty");
        }
        if (trimmed.length() > Message.MAX_ALERT_TEXT) {
            throw new IllegalArgumentException("alert text is " + trimmed.length()
                    + " characters, the maximum is " + Message.MAX_ALERT_TEXT);
        }
        if (sender.isBlank()) {
            throw new IllegalArgumentException("sender is empty");
        }
        if (sender.length() > Message.MAX_USERNAME) {
            throw new IllegalArgumentException("sender is " + sender.length()
                    + " characters, the maximum is " + Message.MAX_USERNAME);
        }
        return new Message.Alert(ids.next(), priority, trimmed, now(), Message.AlertSource.MANUAL,
                sender, null, false);
    }

    public PriorityRules rules() {
        return rules;
    }

    private String now() {
        // Sub-millisecond digits are noise on a display and in logs.
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** {@code 32.0 → "32"}, {@code 31.5 → "31.5"}: whole numbers without a trailing ".0", no exponent. */
    static String formatNumber(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
