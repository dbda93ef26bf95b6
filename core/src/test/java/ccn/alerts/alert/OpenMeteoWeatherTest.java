package ccn.alerts.alert;

import ccn.alerts.protocol.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every test talks to a stub server on 127.0.0.1; none reaches the internet. */
class OpenMeteoWeatherTest {

    private static final String GOOD_BODY =
            "{\"latitude\":24.875,\"current\":{\"time\":\"2025-06-01T12:00\",\"interval\":900,"
                    + "\"temperature_2m\":31.2,\"relative_humidity_2m\":70,\"weather_code\":3}}";

    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final AtomicReference<URI> requested = new AtomicReference<>();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        release.countDown(); // frees a handler stuck in the timeout test
        if (server != null) {
            server.stop(0);
        }
        serverThreads.shutdownNow();
    }

    private URI serve(int status, byte[] body) throws IOException {
        return serve(exchange -> {
            requested.set(exchange.getRequestURI());
            respond(exchange, status, body);
        });
    }

    private URI serve(int status, String body) throws IOException {
        return serve(status, body.getBytes(StandardCharsets.UTF_8));
    }

    private URI serve(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.setExecutor(serverThreads);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static OpenMeteoWeather source(URI base, Duration timeout) {
        return new OpenMeteoWeather(24.86, 67.01, base, timeout);
    }

    private static String failure(OpenMeteoWeather source) {
        return assertThrows(WeatherUnavailableException.class, source::read).getMessage();
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return params;
    }

    @Test
    void read_parsesTheCurrentWeather() throws Exception {
        URI base = serve(200, GOOD_BODY);
        Message.Weather weather = source(base, Duration.ofSeconds(5)).read();
        assertEquals(new Message.Weather(31.2, 70, "Cloudy"), weather);
    }

    @Test
    void read_asksForTheForecastPathWithTheRightParameters() throws Exception {
        URI base = serve(200, GOOD_BODY);
        source(base, Duration.ofSeconds(5)).read();
        URI uri = requested.get();
        assertEquals("/v1/forecast", uri.getPath());
        assertEquals(Map.of("latitude", "24.86", "longitude", "67.01",
                "current", "temperature_2m,relative_humidity_2m,weather_code"), query(uri));
    }

    @Test
    void read_worksWithATrailingSlashOnTheBaseUrl() throws Exception {
        URI base = serve(200, GOOD_BODY);
        source(URI.create(base + "/"), Duration.ofSeconds(5)).read();
        assertEquals("/v1/forecast", requested.get().getPath());
    }

    @Test
    void read_reportsAServerErrorStatus() throws IOException {
        URI base = serve(500, "{\"error\":true,\"reason\":\"oops\"}");
        assertEquals("Open-Meteo answered HTTP 500", failure(source(base, Duration.ofSeconds(5))));
    }

    @Test
    void read_reportsServiceUnavailableWithoutABody() throws IOException {
        URI base = serve(503, new byte[0]);
        assertEquals("Open-Meteo answered HTTP 503", failure(source(base, Duration.ofSeconds(5))));
    }

    @Test
    void read_reportsMalformedJson() throws IOException {
        URI base = serve(200, "{\"current\":{\"temperature_2m\":");
        assertEquals("Open-Meteo sent an answer that is not valid JSON", failure(source(base, Duration.ofSeconds(5))));
    }

    @Test
    void read_namesAMissingField() throws IOException {
        URI base = serve(200, "{\"current\":{\"temperature_2m\":31.2,\"weather_code\":3}}");
        String message = failure(source(base, Duration.ofSeconds(5)));
        assertTrue(message.contains("current.relative_humidity_2m"), message);
    }

    @Test
    void read_reportsAnAnswerWithoutCurrent() throws IOException {
        URI base = serve(200, "{\"error\":true}");
        assertEquals("Open-Meteo answer has no \"current\" object", failure(source(base, Duration.ofSeconds(5))));
    }

    @Test
    void read_rejectsAnImpossibleReading() throws IOException {
        URI base = serve(200, "{\"current\":{\"temperature_2m\":31.2,\"relative_humidity_2m\":170,\"weather_code\":3}}");
        String message = failure(source(base, Duration.ofSeconds(5)));
        assertTrue(message.startsWith("Open-Meteo sent an impossible reading"), message);
    }

    @Test
    void read_refusesABodyOverTheCap() throws IOException {
        byte[] huge = new byte[OpenMeteoWeather.MAX_BODY_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');
        URI base = serve(200, huge);
        String message = failure(source(base, Duration.ofSeconds(5)));
        assertEquals("Open-Meteo sent more than 64 KiB; refusing to read it", message);
    }

    @Test
    void read_givesUpAfterTheTimeout() throws IOException {
        URI base = serve(exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, GOOD_BODY.getBytes(StandardCharsets.UTF_8));
        });
        // Bounded so a missing deadline fails the test instead of hanging the build.
        String message = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> failure(source(base, Duration.ofMillis(300))));
        assertEquals("Open-Meteo did not answer within 300 ms", message);
    }

    @Test
    void read_givesUpWhenTheBodyStalls() throws IOException {
        URI base = serve(exchange -> {
            exchange.sendResponseHeaders(200, GOOD_BODY.length());
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(GOOD_BODY.getBytes(StandardCharsets.UTF_8), 0, 10);
                out.flush();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // Bounded so a missing deadline fails the test instead of hanging the build.
        String message = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> failure(source(base, Duration.ofMillis(300))));
        assertEquals("Open-Meteo did not answer within 300 ms", message);
    }

    @Test
    void read_reportsARefusedConnection() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI base = URI.create("http://127.0.0.1:" + port);
        String message = failure(source(base, Duration.ofSeconds(5)));
        assertEquals("cannot reach Open-Meteo at http://127.0.0.1:" + port
                + ": connection refused or host unreachable", message);
    }

    @Test
    void condition_mapsWmoCodesToWords() {
        assertEquals("Clear", OpenMeteoWeather.condition(0));
        assertEquals("Partly cloudy", OpenMeteoWeather.condition(2));
        assertEquals("Cloudy", OpenMeteoWeather.condition(3));
        assertEquals("Fog", OpenMeteoWeather.condition(45));
        assertEquals("Drizzle", OpenMeteoWeather.condition(53));
        assertEquals("Rain", OpenMeteoWeather.condition(65));
        assertEquals("Snow", OpenMeteoWeather.condition(75));
        assertEquals("Showers", OpenMeteoWeather.condition(81));
        assertEquals("Thunderstorm", OpenMeteoWeather.condition(95));
        assertEquals("Unknown", OpenMeteoWeather.condition(42));
        assertEquals("Unknown", OpenMeteoWeather.condition(-1));
    }

    @Test
    void constructor_rejectsCoordinatesOutOfRange() {
        URI base = OpenMeteoWeather.DEFAULT_BASE_URL;
        Duration t = Duration.ofSeconds(1);
        assertEquals("latitude 90.5 is outside -90..90",
                assertThrows(IllegalArgumentException.class, () -> new OpenMeteoWeather(90.5, 0, base, t)).getMessage());
        assertEquals("longitude -180.5 is outside -180..180",
                assertThrows(IllegalArgumentException.class, () -> new OpenMeteoWeather(0, -180.5, base, t)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OpenMeteoWeather(Double.NaN, 0, base, t));
    }

    @Test
    void constructor_rejectsABadUrlOrTimeout() {
        Duration t = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new OpenMeteoWeather(0, 0, URI.create("ftp://x"), t));
        assertThrows(IllegalArgumentException.class, () -> new OpenMeteoWeather(0, 0, URI.create("/relative"), t));
        assertThrows(IllegalArgumentException.class,
                () -> new OpenMeteoWeather(0, 0, OpenMeteoWeather.DEFAULT_BASE_URL, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> new OpenMeteoWeather(0, 0, null, t));
    }

    @Test
    void describe_namesTheCoordinatesWithoutExponents() {
        assertEquals("Open-Meteo 0.0001,-67", new OpenMeteoWeather(0.0001, -67.0).describe());
    }
}
