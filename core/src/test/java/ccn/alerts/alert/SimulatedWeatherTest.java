package ccn.alerts.alert;

import ccn.alerts.protocol.Message;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedWeatherTest {

    private static final Set<String> CONDITIONS =
            Set.of("Sunny", "Cloudy", "Rainy", "Stormy", "Windy", "Humid", "Clear");

    private static List<Message.Weather> readings(SimulatedWeather source, int n) {
        List<Message.Weather> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(source.read());
        }
        return list;
    }

    @Test
    void read_repeatsTheSameSequenceForTheSameSeed() {
        assertEquals(readings(new SimulatedWeather(42), 50), readings(new SimulatedWeather(42), 50));
    }

    @Test
    void read_differsForDifferentSeeds() {
        assertNotEquals(readings(new SimulatedWeather(1), 50), readings(new SimulatedWeather(2), 50));
    }

    @Test
    void read_staysWithinRealisticRangesWithTidyPrecision() {
        for (Message.Weather w : readings(new SimulatedWeather(7), 10_000)) {
            assertTrue(w.temperatureC() >= 15 && w.temperatureC() <= 40, w.toString());
            assertTrue(w.humidityPercent() >= 20 && w.humidityPercent() <= 100, w.toString());
            assertEquals(Math.round(w.temperatureC() * 10) / 10.0, w.temperatureC(), 0.0, w.toString());
            assertEquals(Math.rint(w.humidityPercent()), w.humidityPercent(), 0.0, w.toString());
            assertTrue(CONDITIONS.contains(w.condition()), w.condition());
        }
    }

    @Test
    void read_neverRainsOrStormsInDryAir() {
        for (Message.Weather w : readings(new SimulatedWeather(11), 10_000)) {
            if (w.humidityPercent() < SimulatedWeather.DAMP_HUMIDITY) {
                assertTrue(!w.condition().equals("Rainy") && !w.condition().equals("Stormy"), w.toString());
            }
        }
    }

    @Test
    void read_mostlyRainsStormsOrIsHumidInVeryHumidAir() {
        int wet = 0;
        int total = 0;
        for (Message.Weather w : readings(new SimulatedWeather(13), 10_000)) {
            if (w.humidityPercent() >= SimulatedWeather.WET_HUMIDITY) {
                total++;
                if (Set.of("Rainy", "Stormy", "Humid").contains(w.condition())) {
                    wet++;
                }
            }
        }
        assertTrue(total > 100, "too few humid readings to judge: " + total);
        assertTrue(wet > total * 0.7, wet + " of " + total);
    }

    @Test
    void read_producesEveryConditionAndEveryPriority() {
        Map<String, Integer> seen = new HashMap<>();
        Set<Object> priorities = new HashSet<>();
        for (Message.Weather w : readings(new SimulatedWeather(3), 10_000)) {
            seen.merge(w.condition(), 1, Integer::sum);
            priorities.add(PriorityRules.DEFAULTS.classify(w));
        }
        assertEquals(CONDITIONS, seen.keySet());
        assertEquals(3, priorities.size());
    }

    @Test
    void describe_saysSimulated() {
        assertEquals("simulated", new SimulatedWeather().describe());
    }
}
