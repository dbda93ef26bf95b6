package ccn.alerts.alert;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;

import java.util.Objects;

/**
 * Thresholds that turn a weather reading into an alert priority. Comparisons are strictly
 * "greater than", as in the original course design: with the {@link #DEFAULTS}, 30 °C is MEDIUM
 * and 30.1 °C is HIGH.
 *
 * <ul>
 *   <li>HIGH if temperature &gt; {@code highTemperature} or humidity &gt; {@code highHumidity};</li>
 *   <li>MEDIUM if temperature &gt; {@code mediumTemperature} or humidity &gt; {@code mediumHumidity};</li>
 *   <li>LOW otherwise.</li>
 * </ul>
 *
 * <p>Thread-safety: immutable, safe for concurrent use.
 */
public record PriorityRules(double highTemperature, double highHumidity,
                            double mediumTemperature, double mediumHumidity) {

    /** 30 °C / 80 % for HIGH, 25 °C / 60 % for MEDIUM. */
    public static final PriorityRules DEFAULTS = new PriorityRules(30, 80, 25, 60);

    /**
     * @throws IllegalArgumentException if a threshold is outside the range of a reading or a
     *                                  medium threshold is above its high threshold
     */
    public PriorityRules {
        range("highTemperature", highTemperature, -100, 100);
        range("mediumTemperature", mediumTemperature, -100, 100);
        range("highHumidity", highHumidity, 0, 100);
        range("mediumHumidity", mediumHumidity, 0, 100);
        if (mediumTemperature > highTemperature) {
            throw new IllegalArgumentException("mediumTemperature " + mediumTemperature
                    + " is above highTemperature " + highTemperature);
        }
        if (mediumHumidity > highHumidity) {
            throw new IllegalArgumentException("mediumHumidity " + mediumHumidity
                    + " is above highHumidity " + highHumidity);
        }
    }

    public Priority classify(Message.Weather weather) {
        Objects.requireNonNull(weather, "weather");
        double t = weather.temperatureC();
        double h = weather.humidityPercent();
        if (t > highTemperature || h > highHumidity) {
            return Priority.HIGH;
        }
        if (t > mediumTemperature || h > mediumHumidity) {
            return Priority.MEDIUM;
        }
        return Priority.LOW;
    }

    private static void range(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " is " + value + ", expected " + min + ".." + max);
        }
    }
}
