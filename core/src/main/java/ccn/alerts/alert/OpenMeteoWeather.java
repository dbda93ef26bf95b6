package ccn.alerts.alert;

import ccn.alerts.protocol.Message;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Current weather from the free <a href="https://open-meteo.com">Open-Meteo</a> forecast API (no
 * API key), one HTTP request per {@link #read()}:
 *
 * <pre>{@code GET {baseUrl}/v1/forecast?latitude=..&longitude=..&current=temperature_2m,relative_humidity_2m,weather_code}</pre>
 *
 * <p>The WMO weather code is turned into a condition word by {@link #condition(int)}. Every failure
 * (timeout, unreachable host, non-200 status, body too large or unparseable) becomes a
 * {@link WeatherUnavailableException} with a message an operator can act on. The whole request,
 * including the body, must finish within the timeout, and at most {@value #MAX_BODY_BYTES} bytes of
 * body are read, so a slow or hostile server cannot stall or flood the alert loop.
 *
 * <p>Thread-safety: immutable apart from the shared {@link HttpClient}, which is thread-safe; safe
 * for concurrent use.
 */
public final class OpenMeteoWeather implements WeatherSource {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.open-meteo.com");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final double latitude;
    private final double longitude;
    private final URI baseUrl;
    private final URI requestUri;
    private final Duration timeout;
    private final HttpClient client;

    /** Uses the public Open-Meteo service with a {@link #DEFAULT_TIMEOUT} timeout. */
    public OpenMeteoWeather(double latitude, double longitude) {
        this(latitude, longitude, DEFAULT_BASE_URL, DEFAULT_TIMEOUT);
    }

    /**
     * @param baseUrl scheme, host and optional port (and path prefix) of the service, e.g.
     *                {@code https://api.open-meteo.com}
     * @param timeout limit for the whole request, connection through last body byte
     * @throws IllegalArgumentException if a coordinate is out of range, the URL is not http(s) with
     *                                  a host, or the timeout is not positive
     */
    public OpenMeteoWeather(double latitude, double longitude, URI baseUrl, Duration timeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeout, "timeout");
        if (!(latitude >= -90 && latitude <= 90)) {
            throw new IllegalArgumentException("latitude " + latitude + " is outside -90..90");
        }
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude " + longitude + " is outside -180..180");
        }
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("Open-Meteo URL must be http:// or https:// with a host, got " + baseUrl);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.latitude = latitude;
        this.longitude = longitude;
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.requestUri = URI.create(base + "/v1/forecast?latitude=" + plain(latitude)
                + "&longitude=" + plain(longitude)
                + "&current=temperature_2m,relative_humidity_2m,weather_code");
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Message.Weather read() throws WeatherUnavailableException {
        HttpRequest request = HttpRequest.newBuilder(requestUri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request, info -> info.statusCode() == 200
                        ? new CappedBody(MAX_BODY_BYTES)
                        : HttpResponse.BodySubscribers.replacing(new byte[0]));
        HttpResponse<byte[]> response;
        try {
            // The request timeout only covers the headers; this deadline also covers the body.
            response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | CancellationException e) {
            pending.cancel(true);
            throw timedOut(e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new WeatherUnavailableException("interrupted while waiting for Open-Meteo", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause());
        }
        if (response.statusCode() != 200) {
            throw new WeatherUnavailableException("Open-Meteo answered HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    private WeatherUnavailableException failure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException) {
                return timedOut(cause);
            }
            if (t instanceof BodyTooLargeException) {
                return new WeatherUnavailableException(
                        "Open-Meteo sent more than " + MAX_BODY_BYTES / 1024 + " KiB; refusing to read it", cause);
            }
        }
        return new WeatherUnavailableException("cannot reach Open-Meteo at " + baseUrl + ": " + reason(cause), cause);
    }

    private WeatherUnavailableException timedOut(Throwable cause) {
        return new WeatherUnavailableException("Open-Meteo did not answer within " + human(timeout), cause);
    }

    /**
     * Why the request failed, in words. The JDK client reports refused connections and unknown
     * hosts as bare exception types without messages, so those are named here.
     */
    private String reason(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host " + baseUrl.getHost();
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused or host unreachable";
            }
        }
        return error.getClass().getSimpleName();
    }

    static Message.Weather parse(byte[] body) throws WeatherUnavailableException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new WeatherUnavailableException("Open-Meteo sent an answer that is not valid JSON", e);
        } catch (IOException e) {
            throw new WeatherUnavailableException("Open-Meteo sent an unreadable answer: " + e.getMessage(), e);
        }
        JsonNode current = root == null ? null : root.get("current");
        if (current == null || !current.isObject()) {
            throw new WeatherUnavailableException("Open-Meteo answer has no \"current\" object");
        }
        double temperature = number(current, "temperature_2m");
        double humidity = number(current, "relative_humidity_2m");
        JsonNode code = current.get("weather_code");
        if (code == null || !code.isNumber() || !code.canConvertToExactIntegral() || !code.canConvertToInt()) {
            throw new WeatherUnavailableException("Open-Meteo answer has no whole-number current.weather_code");
        }
        try {
            return new Message.Weather(temperature, humidity, condition(code.intValue()));
        } catch (IllegalArgumentException e) {
            throw new WeatherUnavailableException("Open-Meteo sent an impossible reading: " + e.getMessage(), e);
        }
    }

    private static double number(JsonNode current, String field) throws WeatherUnavailableException {
        JsonNode value = current.get(field);
        if (value == null || !value.isNumber()) {
            throw new WeatherUnavailableException("Open-Meteo answer has no numeric current." + field);
        }
        return value.doubleValue();
    }

    /**
     * The condition word for a WMO weather interpretation code, as Open-Meteo reports it.
     * Codes Open-Meteo does not document read as {@code "Unknown"}.
     */
    public static String condition(int wmoCode) {
        return switch (wmoCode) {
            case 0 -> "Clear";
            case 1, 2 -> "Partly cloudy";
            case 3 -> "Cloudy";
            case 45, 48 -> "Fog";
            case 51, 53, 55, 56, 57 -> "Drizzle";
            case 61, 63, 65, 66, 67 -> "Rain";
            case 71, 73, 75, 77 -> "Snow";
            case 80, 81, 82 -> "Showers";
            case 85, 86 -> "Snow showers";
            case 95, 96, 99 -> "Thunderstorm";
            default -> "Unknown";
        };
    }

    /** The URL {@link #read()} requests; exposed for diagnostics and tests. */
    public URI requestUri() {
        return requestUri;
    }

    @Override
    public String describe() {
        return "Open-Meteo " + plain(latitude) + "," + plain(longitude);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Avoids scientific notation ({@code 1.0E-4}) in URLs and descriptions. */
    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String human(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** Signals that the body exceeded the cap; an IOException so the client aborts the exchange. */
    private static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException() {
            super("response body too large");
        }
    }

    /** Collects the body like {@code BodySubscribers.ofByteArray()}, but gives up past a size limit. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(new BodyTooLargeException());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
