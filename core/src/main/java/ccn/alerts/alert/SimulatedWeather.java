package ccn.alerts.alert;

import ccn.alerts.protocol.Message;

import java.util.Random;

/**
 * Random but plausible weather, as the original course design produced: temperature
 * {@value #MIN_TEMPERATURE}–{@value #MAX_TEMPERATURE} °C with one decimal, humidity
 * {@value #MIN_HUMIDITY}–{@value #MAX_HUMIDITY} % in whole percent, and a condition that fits them
 * (rain and storms only when it is humid, mostly sunny or clear when it is hot and dry).
 *
 * <p>The same seed gives the same sequence of readings, so tests and demos can be repeated.
 *
 * <p>Thread-safety: safe for concurrent use; each reading is drawn atomically, so with a fixed seed
 * the sequence is the same however calls are interleaved.
 */
public final class SimulatedWeather implements WeatherSource {
    static final double MIN_TEMPERATURE = 15;
    static final double MAX_TEMPERATURE = 40;
    static final int MIN_HUMIDITY = 20;
    static final int MAX_HUMIDITY = 100;

    /** At or above this humidity, rain and storms dominate. */
    static final int WET_HUMIDITY = 85;
    /** Below this humidity it never rains or storms. */
    static final int DAMP_HUMIDITY = 65;

    private static final String[] WET = {"Rainy", "Stormy", "Humid", "Cloudy"};
    private static final int[] WET_WEIGHTS = {35, 25, 25, 15};
    private static final String[] DAMP = {"Humid", "Cloudy", "Rainy", "Windy", "Stormy", "Sunny"};
    private static final int[] DAMP_WEIGHTS = {25, 30, 20, 10, 5, 10};
    private static final String[] DRY_HOT = {"Sunny", "Clear", "Windy", "Cloudy"};
    private static final int[] DRY_HOT_WEIGHTS = {50, 25, 15, 10};
    private static final String[] DRY_MILD = {"Sunny", "Clear", "Cloudy", "Windy"};
    private static final int[] DRY_MILD_WEIGHTS = {30, 30, 20, 20};

    private final Random random;

    /** Readings differ from run to run. */
    public SimulatedWeather() {
        this.random = new Random();
    }

    /** Readings are the same for every instance made with this seed. */
    public SimulatedWeather(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public synchronized Message.Weather read() {
        // Tenths of a degree drawn as integers so the bounds are reachable and no 0.1 drift appears.
        int tenths = random.nextInt((int) (MIN_TEMPERATURE * 10), (int) (MAX_TEMPERATURE * 10) + 1);
        double temperature = tenths / 10.0;
        int humidity = random.nextInt(MIN_HUMIDITY, MAX_HUMIDITY + 1);
        return new Message.Weather(temperature, humidity, condition(temperature, humidity));
    }

    private String condition(double temperature, int humidity) {
        if (humidity >= WET_HUMIDITY) {
            return pick(WET, WET_WEIGHTS);
        }
        if (humidity >= DAMP_HUMIDITY) {
            return pick(DAMP, DAMP_WEIGHTS);
        }
        return temperature >= 30 ? pick(DRY_HOT, DRY_HOT_WEIGHTS) : pick(DRY_MILD, DRY_MILD_WEIGHTS);
    }

    private String pick(String[] choices, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < choices.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return choices[i];
            }
        }
        throw new AssertionError("weights do not add up");
    }

    @Override
    public String describe() {
        return "simulated";
    }

    @Override
    public String toString() {
        return describe();
    }
}
