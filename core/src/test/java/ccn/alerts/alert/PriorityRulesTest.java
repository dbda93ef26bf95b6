package ccn.alerts.alert;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriorityRulesTest {

    private static Priority classify(double temperature, double humidity) {
        return PriorityRules.DEFAULTS.classify(new Message.Weather(temperature, humidity, "Clear"));
    }

    @Test
    void classify_returnsHighAboveThirtyDegrees() {
        assertEquals(Priority.HIGH, classify(30.1, 20));
    }

    @Test
    void classify_returnsMediumAtExactlyThirtyDegrees() {
        assertEquals(Priority.MEDIUM, classify(30, 20));
    }

    @Test
    void classify_returnsHighAboveEightyPercentEvenWhenCool() {
        assertEquals(Priority.HIGH, classify(15, 80.1));
    }

    @Test
    void classify_returnsMediumAtExactlyEightyPercentWhenCool() {
        assertEquals(Priority.MEDIUM, classify(20, 80));
    }

    @Test
    void classify_returnsLowAtExactlyTheMediumThresholds() {
        assertEquals(Priority.LOW, classify(25, 60));
    }

    @ParameterizedTest(name = "{0} °C, {1} % is {2}")
    @CsvSource({
            "25.1, 20, MEDIUM",
            "20, 60.1, MEDIUM",
            "15, 20, LOW",
            "-10, 0, LOW",
            "35, 90, HIGH",
            "26, 81, HIGH",
            "31, 10, HIGH",
    })
    void classify_followsTheSeedsThresholds(double temperature, double humidity, Priority expected) {
        assertEquals(expected, classify(temperature, humidity));
    }

    @Test
    void classify_usesCustomThresholds() {
        PriorityRules strict = new PriorityRules(10, 50, 5, 40);
        assertEquals(Priority.HIGH, strict.classify(new Message.Weather(11, 0, "Clear")));
        assertEquals(Priority.MEDIUM, strict.classify(new Message.Weather(0, 41, "Clear")));
        assertEquals(Priority.LOW, strict.classify(new Message.Weather(5, 40, "Clear")));
    }

    @Test
    void constructor_rejectsMediumTemperatureAboveHigh() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PriorityRules(20, 80, 25, 60));
        assertTrue(e.getMessage().contains("mediumTemperature"), e.getMessage());
    }

    @Test
    void constructor_rejectsMediumHumidityAboveHigh() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PriorityRules(30, 50, 25, 60));
        assertTrue(e.getMessage().contains("mediumHumidity"), e.getMessage());
    }

    @Test
    void constructor_rejectsHumidityOutsidePercentRangeAndNaN() {
        assertThrows(IllegalArgumentException.class, () -> new PriorityRules(30, 101, 25, 60));
        assertThrows(IllegalArgumentException.class, () -> new PriorityRules(Double.NaN, 80, 25, 60));
    }

    @Test
    void defaults_areThirtyEightyTwentyFiveSixty() {
        assertEquals(new PriorityRules(30, 80, 25, 60), PriorityRules.DEFAULTS);
    }

    @Test
    void classify_rejectsNull() {
        assertThrows(NullPointerException.class, () -> PriorityRules.DEFAULTS.classify(null));
    }
}
