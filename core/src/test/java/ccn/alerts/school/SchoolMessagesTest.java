package ccn.alerts.school;

import ccn.alerts.protocol.Message.AlertState;
import ccn.alerts.protocol.Priority;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two message formats of docs/SCHOOL.md §3 and §4, and the names of §2. */
class SchoolMessagesTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void the_documented_example_parses_and_round_trips() {
        SchoolAlert a = SchoolAlert.parse(utf8("{\"v\":1,\"id\":12,\"revision\":2,\"school\":\"Lincoln High\",\"sender\":\"head\","
                + "\"priority\":\"HIGH\",\"message\":\"Evacuate block B by the west exit\",\"state\":\"ACTIVE\",\"drill\":false,"
                + "\"rooms\":[],\"issued\":1764648000000,\"updated\":1764648150000}"));
        assertEquals(12, a.id());
        assertEquals(2, a.revision());
        assertTrue(a.isFor("room-101"));
        assertEquals(a, SchoolAlert.parse(a.toJson()));
        assertFalse(new String(a.toJson(), StandardCharsets.UTF_8).contains("expires"), "an absent member is omitted");
    }

    @Test
    void a_message_missing_a_member_or_with_a_wrong_one_is_refused_with_a_sentence() {
        String ok = "\"v\":1,\"id\":1,\"revision\":1,\"school\":\"S\",\"sender\":\"x\",\"priority\":\"LOW\",\"message\":\"m\","
                + "\"state\":\"ACTIVE\",\"drill\":false,\"rooms\":[],\"issued\":1";
        SchoolAlert.parse(utf8("{" + ok + "}"));
        for (String bad : List.of(ok.replace("\"school\":\"S\",", ""), ok.replace("\"issued\":1", "\"issued\":0"),
                ok.replace("ACTIVE", "SOMETIMES"), ok.replace("\"id\":1", "\"id\":\"1\""), ok.replace("\"v\":1", "\"v\":2"),
                ok.replace("\"rooms\":[]", "\"rooms\":[\"room 1\"]"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SchoolAlert.parse(utf8("{" + bad + "}")), bad);
            assertTrue(e.getMessage().startsWith("not a school alert: "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SchoolAlert.parse(utf8("not json")));
    }

    @Test
    void rooms_choose_who_gets_it_and_ended_or_expired_alerts_are_not_active() {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        SchoolAlert a = SchoolAlert.first(3, "S", "head", Priority.MEDIUM, " Lab coats ", false, List.of("lab-a"), now,
                now.plusSeconds(60));
        assertEquals("Lab coats", a.message());
        assertTrue(a.isFor("lab-a"));
        assertFalse(a.isFor("room-101"));
        assertTrue(a.activeAt(now));
        assertFalse(a.activeAt(now.plusSeconds(60)));
        SchoolAlert ended = a.next(Priority.MEDIUM, "over", AlertState.ALL_CLEAR, now);
        assertEquals(2, ended.revision());
        assertFalse(ended.activeAt(now));
    }

    @Test
    void a_roster_that_does_not_add_up_is_refused() {
        RoomRoster r = new RoomRoster(1, 5, 1, "room-101", 30, 28, 22, 1);
        assertEquals(r, RoomRoster.parse(r.toJson()));
        assertThrows(IllegalArgumentException.class, () -> new RoomRoster(1, 5, 1, "room-101", 30, 31, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> RoomRoster.parse(utf8("{\"v\":1,\"id\":5,\"revision\":1,"
                + "\"room\":\"room-101\",\"audience\":3,\"delivered\":1,\"read\":0}")), "no 'at'");
    }

    @Test
    void names_follow_the_prefix() {
        SchoolSubjects s = new SchoolSubjects("ccn.school");
        assertEquals("ccn.school.alert.12", s.alertSubject(12));
        assertEquals("ccn.school.roster.12.room-101", s.rosterSubject(12, "room-101"));
        assertEquals("CCN_SCHOOL_ALERTS", s.alertStream());
        assertEquals("CCN_SCHOOL_ROSTERS", s.rosterStream());
        assertEquals("room-lab-a", s.consumer("lab-a"));
        assertThrows(IllegalArgumentException.class, () -> new SchoolSubjects("ccn..school"));
        assertThrows(IllegalArgumentException.class, () -> SchoolSubjects.room("room.101"));
    }
}
