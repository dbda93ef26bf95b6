package ccn.alerts.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ALERT's optional {@code school} member (PROTOCOL.md §6.8). */
class SchoolMemberTest {
    private static final String BASE = "{\"type\":\"ALERT\",\"alertId\":7,\"priority\":\"HIGH\",\"message\":\"Evacuate\","
            + "\"timestamp\":\"2026-12-02T10:00:00Z\",\"source\":\"MANUAL\",\"sender\":\"head\",\"redelivery\":false";

    private static Message decode(String json) throws MalformedMessageException {
        return MessageCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_school_alert_round_trips_and_says_who_it_is_from() throws Exception {
        Message.Alert a = (Message.Alert) decode(BASE + ",\"school\":{\"name\":\"Lincoln High\",\"id\":12,\"revision\":2}}");
        assertEquals(new Message.School("Lincoln High", 12, 2), a.school());
        assertEquals("Lincoln High (head)", a.from());
        assertEquals(a, decode(new String(MessageCodec.encode(a), StandardCharsets.UTF_8)));
        assertTrue(new String(MessageCodec.encode(a), StandardCharsets.UTF_8).contains("\"school\":{\"name\":\"Lincoln High\",\"id\":12,\"revision\":2}"));
    }

    @Test
    void an_alert_not_from_a_school_has_no_member_at_all() throws Exception {
        Message.Alert a = (Message.Alert) decode(BASE + "}");
        assertNull(a.school());
        assertEquals("head", a.from());
        assertFalse(new String(MessageCodec.encode(a), StandardCharsets.UTF_8).contains("school"));
    }

    @Test
    void a_school_member_missing_a_part_or_out_of_range_is_rejected() {
        assertThrows(MalformedMessageException.class, () -> decode(BASE + ",\"school\":{\"name\":\"X\",\"id\":12}}"));
        assertThrows(MalformedMessageException.class, () -> decode(BASE + ",\"school\":{\"name\":\"X\",\"id\":0,\"revision\":1}}"));
        assertThrows(MalformedMessageException.class, () -> decode(BASE + ",\"school\":{\"name\":\"\",\"id\":1,\"revision\":1}}"));
        assertThrows(MalformedMessageException.class, () -> decode(BASE + ",\"school\":{\"name\":\"X\",\"id\":\"1\",\"revision\":1}}"));
    }
}
