package ccn.alerts.school;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names a school uses on NATS (docs/SCHOOL.md §2), all under one prefix so that several
 * schools, or a test, can share a cluster:
 * <ul>
 *   <li>{@code PREFIX.alert.ID}: every revision of school alert ID, in stream {@link #alertStream()};</li>
 *   <li>{@code PREFIX.roster.ID.ROOM}: a classroom's latest counts for that alert, in stream
 *       {@link #rosterStream()}, which keeps only the last message of each subject;</li>
 *   <li>durable consumer {@code room-ROOM} on the alert stream, one per classroom server.</li>
 * </ul>
 */
public record SchoolSubjects(String prefix) {
    public static final String DEFAULT_PREFIX = "ccn.school";
    /** Room names and prefix tokens: what a NATS subject token and a stream name both allow. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public SchoolSubjects {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("the school's subject prefix is empty");
        }
        for (String token : prefix.split("\\.", -1)) {
            if (!TOKEN.matcher(token).matches()) {
                throw new IllegalArgumentException("the school's subject prefix \"" + prefix
                        + "\" must be dot-separated words of letters, digits, '-' or '_' (e.g. ccn.school)");
            }
        }
    }

    /** A room name as the subjects need it; the sentence says what is wrong. */
    public static String room(String room) {
        if (room == null || !TOKEN.matcher(room).matches()) {
            throw new IllegalArgumentException("room name \"" + room
                    + "\" must be 1 to 32 letters, digits, '-' or '_' (e.g. room-101)");
        }
        return room;
    }

    public String alertSubject(long schoolAlertId) {
        return prefix + ".alert." + schoolAlertId;
    }

    /** Every school alert: what each classroom's consumer reads. */
    public String allAlerts() {
        return prefix + ".alert.>";
    }

    public String rosterSubject(long schoolAlertId, String room) {
        return prefix + ".roster." + schoolAlertId + "." + room(room);
    }

    public String allRosters() {
        return prefix + ".roster.>";
    }

    public String alertStream() {
        return streamBase() + "_ALERTS";
    }

    public String rosterStream() {
        return streamBase() + "_ROSTERS";
    }

    public String consumer(String room) {
        return "room-" + room(room);
    }

    private String streamBase() {
        return prefix.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
