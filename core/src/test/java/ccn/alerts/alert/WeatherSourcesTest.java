package ccn.alerts.alert;

import ccn.alerts.protocol.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeatherSourcesTest {

    private static String error(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> WeatherSources.parse(spec)).getMessage();
    }

    @Test
    void parse_makesSimulatedWeather() {
        assertInstanceOf(SimulatedWeather.class, WeatherSources.parse("simulated"));
        assertInstanceOf(SimulatedWeather.class, WeatherSources.parse(" Simulated "));
        assertInstanceOf(SimulatedWeather.class, WeatherSources.parse(WeatherSources.DEFAULT_SPEC));
    }

    @Test
    void parse_makesFixedWeatherWithDefaultCondition() throws WeatherUnavailableException {
        WeatherSource source = WeatherSources.parse("fixed:35,90");
        assertEquals(new Message.Weather(35, 90, "Clear"), source.read());
    }

    @Test
    void parse_makesFixedWeatherWithGivenConditionAndSpaces() throws WeatherUnavailableException {
        WeatherSource source = WeatherSources.parse("fixed: -5.5 , 40 , Snowy");
        assertEquals(new Message.Weather(-5.5, 40, "Snowy"), source.read());
    }

    @Test
    void parse_makesOpenMeteoWeatherForTheCoordinates() {
        WeatherSource source = WeatherSources.parse("open-meteo:24.86,67.01");
        OpenMeteoWeather openMeteo = assertInstanceOf(OpenMeteoWeather.class, source);
        assertEquals("Open-Meteo 24.86,67.01", openMeteo.describe());
        assertTrue(openMeteo.requestUri().toString().startsWith("https://api.open-meteo.com/v1/forecast?"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fixed", "fixed:", "fixed:35", "fixed:35,90,Rainy,extra"})
    void parse_explainsTheFixedFormat(String spec) {
        assertTrue(error(spec).startsWith("fixed needs TEMP,HUM like fixed:35,90"), error(spec));
    }

    @ParameterizedTest
    @ValueSource(strings = {"open-meteo", "open-meteo:", "open-meteo:24.86", "open-meteo:1,2,3"})
    void parse_explainsTheOpenMeteoFormat(String spec) {
        assertTrue(error(spec).startsWith("open-meteo needs LAT,LON like open-meteo:24.86,67.01"), error(spec));
    }

    @Test
    void parse_namesTheValueThatIsNotANumber() {
        assertTrue(error("fixed:hot,90").startsWith("fixed temperature 'hot' is not a number"), error("fixed:hot,90"));
        assertTrue(error("fixed:35,NaN").startsWith("fixed humidity 'NaN' is not a number"));
        assertTrue(error("open-meteo:north,67").startsWith("open-meteo latitude 'north' is not a number"));
        assertTrue(error("fixed:Infinity,90").contains("is not a number"));
    }

    @Test
    void parse_namesTheValueThatIsOutOfRange() {
        assertEquals("fixed humidity 120 is outside 0..100", error("fixed:35,120"));
        assertEquals("fixed temperature 150 is outside -100..100", error("fixed:150,50"));
        assertEquals("open-meteo latitude 91 is outside -90..90", error("open-meteo:91,0"));
        assertEquals("open-meteo longitude -181 is outside -180..180", error("open-meteo:0,-181"));
    }

    @Test
    void parse_listsTheChoicesForAnUnknownSource() {
        String message = error("sunny");
        assertTrue(message.startsWith("unknown weather source 'sunny'"), message);
        assertTrue(message.contains(WeatherSources.USAGE), message);
        assertTrue(error("").startsWith("unknown weather source"));
    }

    @Test
    void parse_rejectsValuesForSimulated() {
        assertTrue(error("simulated:5").contains("simulated takes no values"));
    }

    @Test
    void parse_rejectsNull() {
        assertThrows(NullPointerException.class, () -> WeatherSources.parse(null));
    }
}
