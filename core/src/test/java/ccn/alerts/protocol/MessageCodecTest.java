package ccn.alerts.protocol;

import ccn.alerts.protocol.Message.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageCodecTest {

    static List<Message> oneOfEachType() {
        return List.of(
                new ClientHello("ccn-alerts-client/0.1"),
                new ServerHello("ccn-alerts-server/0.1", 10, 10),
                new Login("admin", "admin123"),
                new AuthSuccess("admin", "s-42", "Welcome, admin"),
                new AuthFailed(AuthFailure.THROTTLED, "Too many attempts", 30),
                new Alert(7, Priority.HIGH, "Weather Alert: Temp: 32°C, Humidity: 85%, Condition: Sunny",
                        "2026-11-30T12:00:00Z", AlertSource.AUTO, "weather", new Weather(32, 85, "Sunny"), false),
                new Alert(8, Priority.LOW, "Fire drill at 3 pm", "2026-11-30T12:00:01.250Z", AlertSource.MANUAL,
                        "admin", null, true),
                new Ack(7),
                new AckOk(7),
                new Heartbeat(3),
                new HeartbeatOk(3),
                new Logout(),
                new ServerShutdown("Server is shutting down"),
                new ErrorReport(ErrorCode.LOGIN_TIMEOUT, "no login within 10 s"));
    }

    @ParameterizedTest
    @MethodSource("oneOfEachType")
    void decode_roundTripsEveryMessageType(Message message) throws Exception {
        assertEquals(message, MessageCodec.decode(MessageCodec.encode(message)));
    }

    @Test
    void samples_coverEveryPermittedMessageType() {
        Set<Class<?>> permitted = Arrays.stream(Message.class.getPermittedSubclasses()).collect(Collectors.toSet());
        Set<Class<?>> sampled = oneOfEachType().stream().map(Object::getClass).collect(Collectors.toSet());

        assertEquals(permitted, sampled);
    }

    @Test
    void encode_usesSeedVocabularyAsTypeNames() {
        String json = new String(MessageCodec.encode(new HeartbeatOk(1)), StandardCharsets.UTF_8);

        assertEquals("{\"type\":\"HEARTBEAT_OK\",\"seq\":1}", json);
    }

    @Test
    void encode_omitsAbsentWeather() {
        String json = new String(MessageCodec.encode(oneOfEachType().get(6)), StandardCharsets.UTF_8);

        assertFalse(json.contains("weather"), json);
    }

    @Test
    void decode_rejectsUnknownType() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> decode("{\"type\":\"SELF_DESTRUCT\"}"));
        assertTrue(e.getMessage().contains("SELF_DESTRUCT"), e.getMessage());
    }

    @Test
    void decode_rejectsMissingType() {
        assertThrows(MalformedMessageException.class, () -> decode("{\"alertId\":1}"));
    }

    @Test
    void decode_rejectsInvalidJson() {
        assertThrows(MalformedMessageException.class, () -> decode("{\"type\":\"ACK\",\"alertId\":"));
    }

    @Test
    void decode_rejectsTrailingGarbage() {
        assertThrows(MalformedMessageException.class, () -> decode("{\"type\":\"ACK\",\"alertId\":1} {}"));
    }

    @Test
    void decode_rejectsJsonNull() {
        assertThrows(MalformedMessageException.class, () -> decode("null"));
    }

    @Test
    void decode_rejectsMissingPrimitiveField() {
        assertThrows(MalformedMessageException.class, () -> decode("{\"type\":\"ACK\"}"));
    }

    @Test
    void decode_rejectsUsernameLongerThan64() {
        String json = "{\"type\":\"LOGIN\",\"username\":\"" + "u".repeat(65) + "\",\"password\":\"x\"}";

        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(json));
        assertTrue(e.getMessage().contains("username"), e.getMessage());
    }

    @Test
    void decode_rejectsAlertTextLongerThan1000() {
        String json = "{\"type\":\"ALERT\",\"alertId\":1,\"priority\":\"LOW\",\"message\":\"" + "m".repeat(1001)
                + "\",\"timestamp\":\"2026-11-30T12:00:00Z\",\"source\":\"MANUAL\",\"sender\":\"admin\",\"redelivery\":false}";

        assertThrows(MalformedMessageException.class, () -> decode(json));
    }

    @Test
    void decode_acceptsAlertTextOfExactly1000() throws Exception {
        String json = "{\"type\":\"ALERT\",\"alertId\":1,\"priority\":\"LOW\",\"message\":\"" + "m".repeat(1000)
                + "\",\"timestamp\":\"2026-11-30T12:00:00Z\",\"source\":\"MANUAL\",\"sender\":\"admin\",\"redelivery\":false}";

        assertEquals(1000, ((Alert) decode(json)).message().length());
    }

    @Test
    void decode_rejectsNonPositiveAlertId() {
        assertThrows(MalformedMessageException.class, () -> decode("{\"type\":\"ACK\",\"alertId\":0}"));
    }

    @Test
    void decode_rejectsDeeplyNestedInput() {
        String json = "{\"type\":\"ACK\",\"alertId\":1,\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";

        assertThrows(MalformedMessageException.class, () -> decode(json));
    }

    @Test
    void decode_ignoresUnknownPropertiesForForwardCompatibility() throws Exception {
        assertEquals(new Ack(5), decode("{\"type\":\"ACK\",\"alertId\":5,\"future\":true}"));
    }

    @Test
    void decode_readsUnknownEnumValueAsUnknown() throws Exception {
        ErrorReport e = (ErrorReport) decode("{\"type\":\"ERROR\",\"code\":\"NEW_CODE\",\"message\":\"m\"}");

        assertEquals(ErrorCode.UNKNOWN, e.code());
    }

    @Test
    void decode_rejectsNonUtf8Garbage() {
        byte[] garbage = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0x00};

        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(garbage));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "{\"type\":\"LOGIN\",\"username\":\"bob\",\"password\":hunter2}",
            "{\"type\":\"LOGIN\",\"username\":\"bob\",\"password\":[\"hunter2\"]}",
            "{\"type\":\"LOGIN\",\"username\":\"\",\"password\":\"hunter2\"}",
            "{\"type\":\"LOGIN\",\"username\":\"bob\",\"password\":\"hunter2",
            "{\"type\":\"LOGIN\",\"username\":\"bob\",\"password\":{\"x\":\"hunter2\"}}",
    })
    void decode_neverQuotesTheInputInItsError(String json) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(json));

        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getCause() == null || !String.valueOf(e.getCause().getMessage()).contains("hunter2"));
    }

    @Test
    void login_toStringNeverShowsPassword() {
        String text = new Login("admin", "admin123").toString();

        assertFalse(text.contains("admin123"), text);
        assertTrue(text.contains("admin"), text);
    }

    @Test
    void alert_asRedeliveryKeepsIdAndSetsFlag() {
        Alert alert = (Alert) oneOfEachType().get(5);

        Alert again = alert.asRedelivery();

        assertEquals(alert.alertId(), again.alertId());
        assertTrue(again.redelivery());
        assertInstanceOf(java.time.Instant.class, again.time());
    }

    private static Message decode(String json) throws MalformedMessageException {
        return MessageCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }
}
