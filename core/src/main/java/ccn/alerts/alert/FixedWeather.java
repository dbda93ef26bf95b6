package ccn.alerts.alert;

import ccn.alerts.protocol.Message;

import java.util.Objects;

/**
 * Always returns the same reading. Lets a tester force a priority from the command line
 * ({@code --weather fixed:35,90} makes every automatic alert HIGH) instead of editing code.
 *
 * <p>Thread-safety: immutable, safe for concurrent use.
 */
public final class FixedWeather implements WeatherSource {
    private final Message.Weather reading;

    /**
     * @throws IllegalArgumentException if the values are outside what {@link Message.Weather} accepts
     */
    public FixedWeather(double temperatureC, double humidityPercent, String condition) {
        Objects.requireNonNull(condition, "condition");
        if (condition.isBlank()) {
            throw new IllegalArgumentException("condition is empty");
        }
        this.reading = new Message.Weather(temperatureC, humidityPercent, condition.strip());
    }

    @Override
    public Message.Weather read() {
        return reading;
    }

    @Override
    public String describe() {
        return "fixed " + AlertFactory.formatNumber(reading.temperatureC()) + " °C / "
                + AlertFactory.formatNumber(reading.humidityPercent()) + " %, " + reading.condition();
    }

    @Override
    public String toString() {
        return describe();
    }
}
