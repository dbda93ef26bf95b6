package ccn.alerts.protocol;

import ccn.alerts.protocol.Message.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

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
                new Alert(9, Priority.HIGH, "Evacuation drill: use the east stairs", "2026-11-30T12:00:02Z",
                        AlertSource.MANUAL, "admin", null, false, 3, "2026-11-30T12:05:00Z", "2026-11-30T13:00:00Z",
                        Message.AlertState.ALL_CLEAR, true, true),
                new ClientHello("ccn-alerts-client/0.1", java.util.List.of("lifecycle")),
                new ServerHello("ccn-alerts-server/0.1", 10, 10, java.util.List.of("lifecycle")),
                new Ack(7),
                new Ack(9, 3),
                new AckOk(7),
                new Message.Read(9),
                new Message.ReadOk(9),
                new Message.Remind(9),
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
        Set<Class<?>> permitted = ccn.alerts.testing.MessageTypes.all();
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

    @ParameterizedTest
    @ValueSource(strings = {"[\"ACK\",{\"alertId\":1}]", "[{\"type\":\"ACK\",\"alertId\":1}]", "\"ACK\"", "7", "", " \n"})
    void decode_rejectsAMessageThatIsNotAJsonObject(String json) {
        // when:
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(json));

        // then:
        assertEquals("invalid message: not a JSON object", e.getMessage());
    }

    @Test
    void decode_acceptsWhiteSpaceAroundTheObject() throws Exception {
        assertEquals(new Ack(1), decode(" \r\n\t{\"type\":\"ACK\",\"alertId\":1} \n"));
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

    /** JSON, the member the error must name, and a piece of the value it must not quote. */
    static Stream<Arguments> wrongJsonTypes() {
        return Stream.of(
                // a string member given a number, a boolean, an array or an object
                arguments("{\"type\":\"HELLO\",\"agent\":98765}", "agent", "98765"),
                arguments("{\"type\":\"HELLO\",\"agent\":98.765}", "agent", "98.765"),
                arguments("{\"type\":\"HELLO\",\"agent\":true}", "agent", "true"),
                arguments("{\"type\":\"HELLO\",\"agent\":[\"x-agent\"]}", "agent", "x-agent"),
                arguments("{\"type\":\"HELLO\",\"agent\":{\"v\":\"x-agent\"}}", "agent", "x-agent"),
                arguments("{\"type\":\"LOGIN\",\"username\":12345,\"password\":\"p\"}", "username", "12345"),
                arguments("{\"type\":\"LOGIN\",\"username\":\"bob\",\"password\":424242}", "password", "424242"),
                arguments("{\"type\":\"LOGIN\",\"username\":\"bob\",\"password\":false}", "password", "false"),
                arguments(alertWith("timestamp", "1764504000"), "timestamp", "1764504000"),
                // an integer member given a string, a fraction, an exponent, a boolean or an array
                arguments("{\"type\":\"ACK\",\"alertId\":\"4242\"}", "alertId", "4242"),
                arguments("{\"type\":\"ACK\",\"alertId\":4.5}", "alertId", "4.5"),
                arguments("{\"type\":\"ACK\",\"alertId\":7.0}", "alertId", "7.0"),
                arguments("{\"type\":\"ACK\",\"alertId\":4e3}", "alertId", "4e3"),
                arguments("{\"type\":\"ACK\",\"alertId\":true}", "alertId", "true"),
                arguments("{\"type\":\"ACK\",\"alertId\":[4242]}", "alertId", "4242"),
                arguments("{\"type\":\"HEARTBEAT\",\"seq\":\"31337\"}", "seq", "31337"),
                arguments("{\"type\":\"WELCOME\",\"agent\":\"a\",\"heartbeatSeconds\":\"17\",\"loginTimeoutSeconds\":10}",
                        "heartbeatSeconds", "17"),
                arguments("{\"type\":\"AUTH_FAILED\",\"reason\":\"THROTTLED\",\"message\":\"m\",\"retryAfterSeconds\":\"39\"}",
                        "retryAfterSeconds", "39"),
                // an enumeration given a number (Jackson would read it as an index) or a quoted index
                arguments(alertWith("priority", "2"), "priority", "2"),
                arguments(alertWith("priority", "\"2\""), "priority", "2"),
                arguments("{\"type\":\"ERROR\",\"code\":3,\"message\":\"m\"}", "code", "3"),
                // a boolean member given a string or a number
                arguments(alertWith("redelivery", "\"true\""), "redelivery", "true"),
                arguments(alertWith("redelivery", "1"), "redelivery", "1"),
                // a decimal member given a string; an object member given a string
                arguments(alertWith("weather", "{\"temperatureC\":\"32.5\",\"humidityPercent\":85,\"condition\":\"Sunny\"}"),
                        "weather.temperatureC", "32.5"),
                arguments(alertWith("weather", "\"Sunny\""), "weather", "Sunny"),
                // the message type given anything but a string
                arguments("{\"type\":17,\"alertId\":1}", "type", "17"),
                arguments("{\"type\":true,\"alertId\":1}", "type", "true"),
                arguments("{\"type\":[\"ACK\"],\"alertId\":1}", "type", "ACK"),
                arguments("{\"type\":{\"name\":\"ACK\"},\"alertId\":1}", "type", "ACK"));
    }

    /** An ALERT whose member {@code name} has the raw JSON {@code value}; each name appears once (§5). */
    private static String alertWith(String name, String value) {
        var members = new java.util.LinkedHashMap<String, String>();
        members.put("type", "\"ALERT\"");
        members.put("alertId", "1");
        members.put("priority", "\"LOW\"");
        members.put("message", "\"m\"");
        members.put("timestamp", "\"2026-11-30T12:00:00Z\"");
        members.put("source", "\"MANUAL\"");
        members.put("sender", "\"admin\"");
        members.put("redelivery", "false");
        members.put(name, value);
        return members.entrySet().stream().map(m -> "\"" + m.getKey() + "\":" + m.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    @ParameterizedTest
    @MethodSource("wrongJsonTypes")
    void decode_rejectsAMemberOfTheWrongJsonTypeNamingItButNotItsValue(String json, String field, String value) {
        // when:
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(json));

        // then:
        assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
        assertFalse(e.getMessage().contains(value), e.getMessage());
        assertNull(e.getCause(), "Jackson's exception quotes tokens");
    }

    @Test
    void decode_rejectsNumberForStringField() {
        // when:
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> decode("{\"type\":\"HELLO\",\"agent\":5}"));

        // then:
        assertEquals("invalid message: 'agent' must be a JSON string", e.getMessage());
    }

    @Test
    void decode_rejectsStringForIntegerField() {
        // when:
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> decode("{\"type\":\"ACK\",\"alertId\":\"1\"}"));

        // then:
        assertEquals("invalid message: 'alertId' must be a JSON integer", e.getMessage());
    }

    @Test
    void decode_rejectsNumberAsMessageType() {
        // when:
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode("{\"type\":1}"));

        // then:
        assertEquals("invalid message: 'type' must be a JSON string", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"HELLO\",\"agent\":null}",
            "{\"type\":\"ACK\",\"alertId\":null}",
            "{\"type\":\"ERROR\",\"code\":null,\"message\":\"m\"}",
            "{\"type\":null}",
    })
    void decode_rejectsNullForARequiredMember(String json) {
        // when:
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(json));

        // then:
        assertTrue(e.getMessage().matches(".*\\b(agent|alertId|code|type)\\b.*"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"ACK\",\"alertId\":99999999999999999999}",
            "{\"type\":\"WELCOME\",\"agent\":\"a\",\"heartbeatSeconds\":99999999999,\"loginTimeoutSeconds\":10}",
    })
    void decode_rejectsAnIntegerTooLargeForItsFieldNamingTheField(String json) {
        // when:
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(json));

        // then:
        assertTrue(e.getMessage().contains("'alertId'") || e.getMessage().contains("'heartbeatSeconds'"), e.getMessage());
        assertFalse(e.getMessage().contains("99999"), e.getMessage());
    }

    @Test
    void decode_acceptsAnIntegerForADecimalField() throws Exception {
        // when:
        Alert alert = (Alert) decode("{\"type\":\"ALERT\",\"alertId\":1,\"priority\":\"LOW\",\"message\":\"m\","
                + "\"timestamp\":\"2026-11-30T12:00:00Z\",\"source\":\"AUTO\",\"sender\":\"weather\","
                + "\"weather\":{\"temperatureC\":32,\"humidityPercent\":85,\"condition\":\"Sunny\"},\"redelivery\":false}");

        // then:
        assertEquals(new Weather(32, 85, "Sunny"), alert.weather());
    }

    @Test
    void decode_readsAnUnknownEnumStringThatLooksLikeANumberAsUnknown() throws Exception {
        // when:
        ErrorReport e = (ErrorReport) decode("{\"type\":\"ERROR\",\"code\":\"3\",\"message\":\"m\"}");

        // then:
        assertEquals(ErrorCode.UNKNOWN, e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"ACK\",\"type\":\"LOGOUT\",\"alertId\":1}",
            "{\"type\":\"ACK\",\"alertId\":1,\"alertId\":2}",
            "{\"type\":\"ACK\",\"alertId\":1,\"future\":1,\"future\":2}",
            "{\"type\":\"ALERT\",\"alertId\":1,\"priority\":\"LOW\",\"message\":\"m\",\"timestamp\":\"2026-11-30T12:00:00Z\","
                    + "\"source\":\"AUTO\",\"sender\":\"w\",\"weather\":{\"temperatureC\":1,\"temperatureC\":2,"
                    + "\"humidityPercent\":85,\"condition\":\"S\"},\"redelivery\":false}",
    })
    void decode_rejectsAMemberNameThatAppearsTwiceAnywhere(String json) {
        // when:
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(json));

        // then:
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
    }

    @Test
    void decode_rejectsAByteOrderMarkBeforeTheObject() {
        byte[] json = "\uFEFF{\"type\":\"HELLO\",\"agent\":\"a\"}".getBytes(StandardCharsets.UTF_8);

        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(json));
    }

    @Test
    void decode_countsTextLimitsInCodePointsNotUtf16Units() throws Exception {
        String emoji = "\uD83D\uDE00"; // one code point, two UTF-16 units, four UTF-8 bytes

        // when:
        Message atLimit = decode("{\"type\":\"HELLO\",\"agent\":\"" + emoji.repeat(64) + "\"}");

        // then:
        assertEquals(new ClientHello(emoji.repeat(64)), atLimit);
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> decode("{\"type\":\"HELLO\",\"agent\":\"" + emoji.repeat(65) + "\"}"));
        assertTrue(e.getMessage().contains("65 characters"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30T12:00:00Z", "2026-11-30T12:00:00.250Z", "2026-11-30T12:00:00.123456789Z"})
    void decode_acceptsAUtcTimestampWithOrWithoutAFraction(String timestamp) throws Exception {
        Alert alert = (Alert) decode(alertAt(timestamp));

        assertEquals(timestamp, alert.timestamp());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30T12:00:00+01:00", "2026-11-30T12:00:00+00:00", "2026-11-30t12:00:00z",
            "2026-11-30T12:00Z", "2026-11-30T12:00:00.Z", "2026-11-30 12:00:00Z", "2026-11-31T12:00:00Z"})
    void decode_rejectsATimestampThatIsNotUtcInTheDocumentedForm(String timestamp) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(alertAt(timestamp)));

        assertTrue(e.getMessage().contains("timestamp"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"ACK\",\"alertId\":9223372036854775808}",
            "{\"type\":\"HEARTBEAT\",\"seq\":9223372036854775808}",
    })
    void decode_reportsTwoToThe63AsOutOfRangeNotAsInvalidJson(String json) throws Exception {
        // when:
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(json));

        // then:
        assertTrue(e.getMessage().endsWith("is out of range"), e.getMessage());
        assertEquals(new Ack(Long.MAX_VALUE), decode("{\"type\":\"ACK\",\"alertId\":9223372036854775807}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"ACK\",\"alertId\":-4242}",
            "{\"type\":\"WELCOME\",\"agent\":\"a\",\"heartbeatSeconds\":4242,\"loginTimeoutSeconds\":10}",
            "{\"type\":\"AUTH_FAILED\",\"reason\":\"THROTTLED\",\"message\":\"m\",\"retryAfterSeconds\":424242}",
    })
    void decode_rejectsANumberOutsideItsRangeWithoutQuotingIt(String json) {
        // when:
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> decode(json));

        // then:
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        assertFalse(e.getMessage().contains("4242"), e.getMessage());
    }

    @Test
    void decode_rejectsAnAlertWithoutRedelivery() {
        String json = alertWith("redelivery", "false").replace(",\"redelivery\":false", "");

        assertThrows(MalformedMessageException.class, () -> decode(json));
    }

    private static String alertAt(String timestamp) {
        return alertWith("timestamp", "\"" + timestamp + "\"");
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
