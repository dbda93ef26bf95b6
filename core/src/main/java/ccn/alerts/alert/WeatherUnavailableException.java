package ccn.alerts.alert;

import java.util.Objects;

/**
 * A {@link WeatherSource} could not produce a reading. The message is meant for an operator and
 * says what went wrong in plain words (for example "Open-Meteo answered HTTP 503"); callers can
 * log it as is and try again at the next interval.
 */
public final class WeatherUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    public WeatherUnavailableException(String message) {
        super(Objects.requireNonNull(message, "message"));
    }

    public WeatherUnavailableException(String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
    }
}
