package ccn.alerts.alert;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertFactoryTest {

    private static final Instant NOW = Instant.parse("2025-03-14T09:26:53.589Z");

    private final AlertIdSequence ids = AlertIdSequence.inMemory();
    private final AlertFactory factory = new AlertFactory(ids, PriorityRules.DEFAULTS,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void fromWeather_writesTheSeedsTextWithoutTrailingPointZero() throws IOException {
        Message.Alert alert = factory.fromWeather(new Message.Weather(32.0, 85.0, "Sunny"));
        assertEquals("Weather Alert: Temp: 32°C, Humidity: 85%, Condition: Sunny", alert.message());
    }

    @Test
    void fromWeather_keepsDecimalsThatMatter() throws IOException {
        Message.Alert alert = factory.fromWeather(new Message.Weather(31.5, 70.25, "Cloudy"));
        assertEquals("Weather Alert: Temp: 31.5°C, Humidity: 70.25%, Condition: Cloudy", alert.message());
    }

    @Test
    void fromWeather_fillsSourceSenderWeatherPriorityAndTime() throws IOException {
        Message.Weather weather = new Message.Weather(32, 85, "Sunny");
        Message.Alert alert = factory.fromWeather(weather);
        assertEquals(1, alert.alertId());
        assertEquals(Priority.HIGH, alert.priority());
        assertEquals(Message.AlertSource.AUTO, alert.source());
        assertEquals("weather", alert.sender());
        assertEquals(weather, alert.weather());
        assertEquals("2025-03-14T09:26:53.589Z", alert.timestamp());
        assertFalse(alert.redelivery());
    }

    @Test
    void fromWeather_usesTheGivenRules() throws IOException {
        AlertFactory lenient = new AlertFactory(ids, new PriorityRules(45, 95, 40, 90), Clock.systemUTC());
        assertEquals(Priority.LOW, lenient.fromWeather(new Message.Weather(32, 85, "Sunny")).priority());
    }

    @Test
    void fromWeather_givesIncreasingIds() throws IOException {
        Message.Weather weather = new Message.Weather(20, 50, "Clear");
        long a = factory.fromWeather(weather).alertId();
        long b = factory.manual(Priority.LOW, "x", "admin").alertId();
        long c = factory.fromWeather(weather).alertId();
        assertTrue(a < b && b < c);
    }

    @Test
    void timestamps_areUtcIsoInstantsEvenWithAnotherClockZone() throws IOException {
        AlertFactory karachi = new AlertFactory(ids, PriorityRules.DEFAULTS,
                Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneId.of("Asia/Karachi")));
        assertEquals("2025-01-01T00:00:00Z", karachi.manual(Priority.LOW, "hi", "admin").timestamp());
    }

    @Test
    void timestamps_dropSubMillisecondDigits() throws IOException {
        AlertFactory fine = new AlertFactory(ids, PriorityRules.DEFAULTS,
                Clock.fixed(Instant.parse("2025-01-01T00:00:00.123456789Z"), ZoneOffset.UTC));
        assertEquals("2025-01-01T00:00:00.123Z", fine.manual(Priority.LOW, "hi", "admin").timestamp());
    }

    @Test
    void manual_trimsTextAndHasNoWeather() throws IOException {
        Message.Alert alert = factory.manual(Priority.MEDIUM, "  Evacuate building B \n", "admin");
        assertEquals("Evacuate building B", alert.message());
        assertEquals(Priority.MEDIUM, alert.priority());
        assertEquals(Message.AlertSource.MANUAL, alert.source());
        assertEquals("admin", alert.sender());
        assertNull(alert.weather());
        assertEquals("2025-03-14T09:26:53.589Z", alert.timestamp());
    }

    @Test
    void manual_rejectsBlankTextWithoutUsingAnId() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory.manual(Priority.LOW, " \t\n", "admin"));
        assertEquals("alert text is empty", e.getMessage());
        assertEquals(1, ids.peek());
    }

    @Test
    void manual_acceptsExactlyTheMaximumLength() throws IOException {
        String text = "a".repeat(Message.MAX_ALERT_TEXT);
        assertEquals(text, factory.manual(Priority.LOW, text, "admin").message());
    }

    @Test
    void manual_rejectsTextOverTheMaximumLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> factory.manual(Priority.LOW, "a".repeat(Message.MAX_ALERT_TEXT + 1), "admin"));
        assertEquals("alert text is 1001 characters, the maximum is 1000", e.getMessage());
    }

    @Test
    void manual_measuresLengthAfterTrimming() throws IOException {
        String text = "  " + "a".repeat(Message.MAX_ALERT_TEXT) + "  ";
        assertEquals(Message.MAX_ALERT_TEXT, factory.manual(Priority.LOW, text, "admin").message().length());
    }

    @Test
    void manual_rejectsBlankSenderAndNulls() {
        assertThrows(IllegalArgumentException.class, () -> factory.manual(Priority.LOW, "hi", " "));
        assertThrows(NullPointerException.class, () -> factory.manual(null, "hi", "admin"));
        assertThrows(NullPointerException.class, () -> factory.manual(Priority.LOW, null, "admin"));
        assertThrows(NullPointerException.class, () -> factory.manual(Priority.LOW, "hi", null));
        assertThrows(NullPointerException.class, () -> factory.fromWeather(null));
    }

    @Test
    void formatNumber_dropsPointZeroAndNeverUsesExponents() {
        assertEquals("32", AlertFactory.formatNumber(32.0));
        assertEquals("31.5", AlertFactory.formatNumber(31.5));
        assertEquals("0", AlertFactory.formatNumber(-0.0));
        assertEquals("-5", AlertFactory.formatNumber(-5.0));
        assertEquals("0.0001", AlertFactory.formatNumber(0.0001));
        assertEquals("100", AlertFactory.formatNumber(100));
    }
}
