package ccn.alerts.alert;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FixedWeatherTest {

    @Test
    void read_alwaysReturnsTheGivenReading() {
        FixedWeather source = new FixedWeather(35, 90, "Rainy");
        Message.Weather expected = new Message.Weather(35, 90, "Rainy");
        assertEquals(expected, source.read());
        assertEquals(expected, source.read());
    }

    @Test
    void read_canForceEachPriority() {
        assertEquals(Priority.HIGH, PriorityRules.DEFAULTS.classify(new FixedWeather(35, 90, "Sunny").read()));
        assertEquals(Priority.MEDIUM, PriorityRules.DEFAULTS.classify(new FixedWeather(27, 50, "Sunny").read()));
        assertEquals(Priority.LOW, PriorityRules.DEFAULTS.classify(new FixedWeather(20, 40, "Sunny").read()));
    }

    @Test
    void describe_showsTheValuesWithoutPointZero() {
        assertEquals("fixed 35 °C / 90 %, Rainy", new FixedWeather(35, 90, "Rainy").describe());
        assertEquals("fixed 35.5 °C / 90 %, Rainy", new FixedWeather(35.5, 90, "Rainy").describe());
    }

    @Test
    void constructor_rejectsImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> new FixedWeather(101, 50, "Sunny"));
        assertThrows(IllegalArgumentException.class, () -> new FixedWeather(20, 101, "Sunny"));
        assertThrows(IllegalArgumentException.class, () -> new FixedWeather(20, 50, " "));
        assertThrows(IllegalArgumentException.class, () -> new FixedWeather(20, 50, "x".repeat(65)));
        assertThrows(NullPointerException.class, () -> new FixedWeather(20, 50, null));
    }
}
