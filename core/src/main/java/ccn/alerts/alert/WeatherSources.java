package ccn.alerts.alert;

import java.util.Locale;
import java.util.Objects;

/**
 * Builds a {@link WeatherSource} from the {@code --weather} command-line value:
 *
 * <ul>
 *   <li>{@code simulated} — random plausible weather ({@link SimulatedWeather}), the default;</li>
 *   <li>{@code fixed:TEMP,HUM} or {@code fixed:TEMP,HUM,CONDITION} — always the same reading
 *       ({@link FixedWeather}); the condition defaults to {@value #DEFAULT_FIXED_CONDITION};</li>
 *   <li>{@code open-meteo:LAT,LON} — live weather for that place ({@link OpenMeteoWeather}).</li>
 * </ul>
 *
 * <p>Thread-safety: stateless, safe for concurrent use.
 */
public final class WeatherSources {
    /** The value to use when the flag is absent. */
    public static final String DEFAULT_SPEC = "simulated";
    public static final String USAGE = "simulated, fixed:TEMP,HUM[,CONDITION] or open-meteo:LAT,LON";
    static final String DEFAULT_FIXED_CONDITION = "Clear";

    private WeatherSources() {
    }

    /**
     * @throws IllegalArgumentException with a message fit to show the user if {@code spec} is not
     *                                  one of the forms above or its numbers are out of range
     */
    public static WeatherSource parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String trimmed = spec.strip();
        int colon = trimmed.indexOf(':');
        String kind = (colon < 0 ? trimmed : trimmed.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        String args = colon < 0 ? null : trimmed.substring(colon + 1);
        return switch (kind) {
            case "simulated" -> {
                if (args != null) {
                    throw new IllegalArgumentException("simulated takes no values, use just --weather simulated");
                }
                yield new SimulatedWeather();
            }
            case "fixed" -> fixed(args);
            case "open-meteo", "openmeteo" -> openMeteo(args);
            default -> throw new IllegalArgumentException(
                    "unknown weather source '" + spec + "'; use " + USAGE);
        };
    }

    private static WeatherSource fixed(String args) {
        String usage = "fixed needs TEMP,HUM like fixed:35,90 (optionally a condition: fixed:35,90,Rainy)";
        String[] parts = split(args, usage);
        if (parts.length != 2 && parts.length != 3) {
            throw new IllegalArgumentException(usage);
        }
        double temperature = number("fixed temperature", parts[0], -100, 100, usage);
        double humidity = number("fixed humidity", parts[1], 0, 100, usage);
        String condition = parts.length == 3 ? parts[2] : DEFAULT_FIXED_CONDITION;
        if (condition.isEmpty()) {
            throw new IllegalArgumentException("fixed condition is empty; " + usage);
        }
        if (condition.length() > 64) {
            throw new IllegalArgumentException("fixed condition is longer than 64 characters");
        }
        return new FixedWeather(temperature, humidity, condition);
    }

    private static WeatherSource openMeteo(String args) {
        String usage = "open-meteo needs LAT,LON like open-meteo:24.86,67.01";
        String[] parts = split(args, usage);
        if (parts.length != 2) {
            throw new IllegalArgumentException(usage);
        }
        double latitude = number("open-meteo latitude", parts[0], -90, 90, usage);
        double longitude = number("open-meteo longitude", parts[1], -180, 180, usage);
        return new OpenMeteoWeather(latitude, longitude);
    }

    private static String[] split(String args, String usage) {
        if (args == null || args.isBlank()) {
            throw new IllegalArgumentException(usage);
        }
        String[] parts = args.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].strip();
        }
        return parts;
    }

    private static double number(String name, String text, double min, double max, String usage) {
        double value;
        try {
            // Double.parseDouble also takes "NaN", "Infinity" and hex; only plain decimals make sense here.
            if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
                throw new NumberFormatException();
            }
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + text + "' is not a number; " + usage);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + text + " is outside "
                    + AlertFactory.formatNumber(min) + ".." + AlertFactory.formatNumber(max));
        }
        return value;
    }
}
