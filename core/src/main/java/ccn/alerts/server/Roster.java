package ccn.alerts.server;

import ccn.alerts.protocol.Message.Alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who an alert is for and where each of them stands: a row per user of the audience (and per
 * other user who got it), with the sessions it was sent to, when it was first delivered (the
 * automatic ACK) and when the person confirmed reading it. What the console's roster shows and
 * what "Export CSV" writes.
 *
 * <p>Immutable and thread-safe.
 */
public record Roster(Alert alert, List<Row> rows, int audienceSize, int delivered, int read) {

    /**
     * One user. {@code sessions} are the sessions the alert was sent to (oldest first);
     * {@code deliveredAt} is the user's first ACK (null: not delivered), {@code deliveredSession}
     * the session that gave it; {@code readAt} and {@code readSession} the same for the read.
     */
    public record Row(String username, boolean targeted, List<AckTracker.Delivery> sessions, Instant deliveredAt,
                      String deliveredSession, Instant readAt, String readSession) {
        public boolean delivered() {
            return deliveredAt != null;
        }

        public boolean read() {
            return readAt != null;
        }
    }

    public static Roster of(AckTracker.AlertStatus status) {
        Map<String, List<AckTracker.Delivery>> byUser = new LinkedHashMap<>();
        for (AckTracker.Delivery d : status.deliveries()) {
            byUser.computeIfAbsent(d.username(), u -> new ArrayList<>()).add(d);
        }
        Map<String, AckTracker.Read> reads = new LinkedHashMap<>();
        status.reads().forEach(r -> reads.put(r.username(), r));
        TreeMap<String, Row> rows = new TreeMap<>();
        java.util.Set<String> audience = new java.util.HashSet<>(status.audienceUsers());
        java.util.Set<String> users = new java.util.TreeSet<>(audience);
        users.addAll(byUser.keySet());
        int delivered = 0;
        int read = 0;
        for (String user : users) {
            List<AckTracker.Delivery> ds = byUser.getOrDefault(user, List.of());
            AckTracker.Delivery first = ds.stream().filter(AckTracker.Delivery::acknowledged)
                    .min(Comparator.comparing(AckTracker.Delivery::ackedAt)).orElse(null);
            AckTracker.Read r = reads.get(user);
            boolean targeted = audience.contains(user);
            rows.put(user, new Row(user, targeted, List.copyOf(ds),
                    first == null ? null : first.ackedAt(), first == null ? null : first.sessionId(),
                    r == null ? null : r.at(), r == null ? null : r.sessionId()));
            if (targeted && first != null) {
                delivered++;
            }
            if (targeted && r != null) {
                read++;
            }
        }
        return new Roster(status.alert(), List.copyOf(rows.values()), audience.size(), delivered, read);
    }

    /** The users of the audience who have not confirmed reading it. */
    public List<Row> unread() {
        return rows.stream().filter(r -> r.targeted() && !r.read()).toList();
    }

    /** "delivered 28 / 30 · read 22 / 30". */
    public String counts() {
        return "delivered " + delivered + " / " + audienceSize + " · read " + read + " / " + audienceSize;
    }

    /** The CSV header {@link #csv} writes. */
    public static final String CSV_HEADER = "alert,revision,state,user,session,delivered_at,read_at";

    /**
     * RFC 4180 CSV of these rosters, a header line and one line per user and session the alert was
     * sent to (a user never sent it gets one line without a session); times are ISO-8601 UTC,
     * empty when it did not happen. CRLF line ends, as the RFC says.
     */
    public static String csv(Collection<Roster> rosters) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
        for (Roster roster : rosters) {
            Alert a = roster.alert();
            for (Row row : roster.rows()) {
                boolean readShown = false;
                for (AckTracker.Delivery d : row.sessions()) {
                    boolean readHere = row.read() && d.sessionId().equals(row.readSession());
                    readShown |= readHere;
                    line(out, a, row.username(), d.sessionId(), d.ackedAt(), readHere ? row.readAt() : null);
                }
                if (row.sessions().isEmpty() || (row.read() && !readShown)) {
                    // Never sent it, or read from a session whose delivery was taken over since.
                    line(out, a, row.username(), row.read() ? row.readSession() : "", null, row.readAt());
                }
            }
        }
        return out.toString();
    }

    private static void line(StringBuilder out, Alert a, String user, String session, Instant delivered, Instant read) {
        out.append(a.alertId()).append(',').append(a.revision()).append(',').append(a.state()).append(',')
                .append(field(user)).append(',').append(field(session)).append(',')
                .append(delivered == null ? "" : delivered.toString()).append(',')
                .append(read == null ? "" : read.toString()).append("\r\n");
    }

    /** Quotes a field when it holds a comma, a quote or a line break (usernames cannot, but be safe). */
    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
