package ccn.alerts.school;

import ccn.alerts.protocol.Message.AlertState;
import ccn.alerts.protocol.Priority;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * One revision of a school alert, as the school publishes it on {@code PREFIX.alert.ID}
 * (docs/SCHOOL.md §3): UTF-8 JSON, one object. {@code rooms} empty means every classroom.
 * Times are milliseconds since the epoch; {@code expires} null means it does not expire.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchoolAlert(int v, long id, int revision, String school, String sender, Priority priority,
                          String message, AlertState state, boolean drill, List<String> rooms, long issued,
                          Long updated, Long expires) {
    public static final int VERSION = 1;
    public static final int MAX_TEXT = 1_000;


    public SchoolAlert {
        if (v != VERSION) {
            throw new IllegalArgumentException("school alert format " + v + " is not " + VERSION);
        }
        if (id < 1 || revision < 1 || issued < 1) {
            throw new IllegalArgumentException("school alert needs id, revision and issued (each at least 1)");
        }
        require("school", school, 80);
        require("sender", sender, 64);
        require("message", message, MAX_TEXT);
        if (priority == null || state == null || state == AlertState.UNKNOWN) {
            throw new IllegalArgumentException("school alert " + id + " has no priority or state");
        }
        rooms = rooms == null ? List.of() : List.copyOf(rooms);
        rooms.forEach(SchoolSubjects::room);
    }

    /** Revision 1 of a new alert. */
    public static SchoolAlert first(long id, String school, String sender, Priority priority, String message,
                                    boolean drill, List<String> rooms, Instant now, Instant expires) {
        return new SchoolAlert(VERSION, id, 1, school, sender, priority, message.strip(), AlertState.ACTIVE, drill, rooms,
                now.toEpochMilli(), null, expires == null ? null : expires.toEpochMilli());
    }

    /** The next revision: new text, priority and state (an update, an all clear, a cancel). */
    public SchoolAlert next(Priority priority, String message, AlertState state, Instant now) {
        return new SchoolAlert(VERSION, id, revision + 1, school, sender, priority, message.strip(), state, drill, rooms,
                issued, now.toEpochMilli(), expires);
    }

    public boolean isFor(String room) {
        return rooms.isEmpty() || rooms.contains(room);
    }

    public Instant expiresAt() {
        return expires == null ? null : Instant.ofEpochMilli(expires);
    }

    /** Not ended and not expired at {@code now}: worth showing to a classroom that does not have it yet. */
    public boolean activeAt(Instant now) {
        return !state.ended() && (expires == null || now.toEpochMilli() < expires);
    }

    public byte[] toJson() {
        return SchoolJson.write(this);
    }

    /** @throws IllegalArgumentException with a sentence naming what is wrong */
    public static SchoolAlert parse(byte[] json) {
        return SchoolJson.read(json, SchoolAlert.class, "school alert");
    }

    static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    static void require(String name, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("school alert has no " + name);
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw new IllegalArgumentException("school alert " + name + " is longer than " + max + " characters");
        }
    }
}
