package ccn.alerts.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Every message of the wire protocol, one record per type, each with its explicit JSON type name
 * (the {@code "type"} property). A {@code switch} over a {@code Message} is exhaustive, so a new
 * type cannot be forgotten by a handler. Records validate their fields on construction (also when
 * Jackson builds them from network input), so a {@code Message} in hand is always well-formed.
 * All records are immutable and thread-safe. See docs/PROTOCOL.md for the JSON of each.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(Message.ClientHello.class),
        @JsonSubTypes.Type(Message.ServerHello.class),
        @JsonSubTypes.Type(Message.Login.class),
        @JsonSubTypes.Type(Message.AuthSuccess.class),
        @JsonSubTypes.Type(Message.AuthFailed.class),
        @JsonSubTypes.Type(Message.Alert.class),
        @JsonSubTypes.Type(Message.Ack.class),
        @JsonSubTypes.Type(Message.AckOk.class),
        @JsonSubTypes.Type(Message.Heartbeat.class),
        @JsonSubTypes.Type(Message.HeartbeatOk.class),
        @JsonSubTypes.Type(Message.Logout.class),
        @JsonSubTypes.Type(Message.ServerShutdown.class),
        @JsonSubTypes.Type(Message.ErrorReport.class),
        @JsonSubTypes.Type(Message.Read.class),
        @JsonSubTypes.Type(Message.ReadOk.class),
        @JsonSubTypes.Type(Message.Remind.class),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Message {
    int MAX_USERNAME = 64;
    int MAX_PASSWORD = 128;
    int MAX_ALERT_TEXT = 1_000;
    int MAX_TEXT = 1_000;
    int MAX_AGENT = 64;
    int MAX_FEATURES = 16;

    /**
     * The feature a peer announces in HELLO / WELCOME {@code features} when it speaks the alert
     * life cycle (PROTOCOL.md §6.7): revisions of an alert (update, all clear, cancel), READ,
     * READ_OK and REMIND. A server sends those only to a session whose HELLO named it; a client
     * sends READ only to a server whose WELCOME named it. A peer that predates them is never sent
     * a type it would refuse.
     */
    String LIFECYCLE = "lifecycle";

    /**
     * The messages only a server sends. A server refuses them from a client with one case, and a
     * switch over {@link Message} stays exhaustive.
     */
    sealed interface FromServer extends Message {
    }

    /** Client → server, first frame: who is calling. */
    @JsonTypeName("HELLO")
    record ClientHello(String agent, @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.List<String> features)
            implements Message {
        public ClientHello {
            agent = Fields.text("agent", agent, MAX_AGENT);
            features = Fields.features(features);
        }

        /** A HELLO that announces no features (a client from before them). */
        public ClientHello(String agent) {
            this(agent, java.util.List.of());
        }

        public boolean has(String feature) {
            return features.contains(feature);
        }
    }

    /** Server → client, first frame: the server's timing rules for this connection. */
    @JsonTypeName("WELCOME")
    record ServerHello(String agent, int heartbeatSeconds, int loginTimeoutSeconds,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.List<String> features)
            implements FromServer {
        public ServerHello {
            agent = Fields.text("agent", agent, MAX_AGENT);
            Fields.range("heartbeatSeconds", heartbeatSeconds, 1, 3_600);
            Fields.range("loginTimeoutSeconds", loginTimeoutSeconds, 1, 3_600);
            features = Fields.features(features);
        }

        /** A WELCOME that announces no features (a server from before them). */
        public ServerHello(String agent, int heartbeatSeconds, int loginTimeoutSeconds) {
            this(agent, heartbeatSeconds, loginTimeoutSeconds, java.util.List.of());
        }

        public boolean has(String feature) {
            return features.contains(feature);
        }
    }

    /** Client → server: credentials. {@link #toString()} never shows the password. */
    @JsonTypeName("LOGIN")
    record Login(String username, String password) implements Message {
        public Login {
            username = Fields.username(username);
            password = Fields.text("password", password, MAX_PASSWORD);
        }

        @Override
        public String toString() {
            return "Login[username=" + username + ", password=(hidden)]";
        }
    }

    /** Server → client: the login worked; the session id names this connection in the server. */
    @JsonTypeName("AUTH_SUCCESS")
    record AuthSuccess(String username, String sessionId, String message) implements FromServer {
        public AuthSuccess {
            username = Fields.username(username);
            sessionId = Fields.text("sessionId", sessionId, MAX_AGENT);
            message = Fields.text("message", message, MAX_TEXT);
        }
    }

    /** Why a login was refused. Unknown future values read as {@link #UNKNOWN}. */
    enum AuthFailure {
        /** Unknown user or wrong password: deliberately indistinguishable. */
        BAD_CREDENTIALS,
        /** Too many failures for this user or address; retry after {@code retryAfterSeconds}. */
        THROTTLED,
        @JsonEnumDefaultValue UNKNOWN
    }

    /** Server → client: the login was refused. The connection stays open for another try. */
    @JsonTypeName("AUTH_FAILED")
    record AuthFailed(AuthFailure reason, String message, long retryAfterSeconds) implements FromServer {
        public AuthFailed {
            Fields.present("reason", reason);
            message = Fields.text("message", message, MAX_TEXT);
            Fields.range("retryAfterSeconds", retryAfterSeconds, 0, 86_400);
        }
    }

    /** Where an alert came from. */
    enum AlertSource {
        AUTO, MANUAL, @JsonEnumDefaultValue UNKNOWN
    }

    /** The weather reading an automatic alert was made from. */
    record Weather(double temperatureC, double humidityPercent, String condition) {
        public Weather {
            Fields.range("temperatureC", temperatureC, -100, 100);
            Fields.range("humidityPercent", humidityPercent, 0, 100);
            condition = Fields.text("condition", condition, MAX_AGENT);
        }
    }

    /**
     * Where an alert stands. {@link #ACTIVE} until the operator ends it; an end is a revision like
     * an update (CAP 1.2 msgType Cancel). Unknown future values read as {@link #UNKNOWN}, which a
     * client shows as ended.
     */
    enum AlertState {
        ACTIVE, ALL_CLEAR, CANCELLED, @JsonEnumDefaultValue UNKNOWN;

        public boolean ended() {
            return this != ACTIVE;
        }
    }

    /**
     * Server → client: an alert, or a later revision of one (same {@code alertId}, higher
     * {@code revision}: an update, an all clear or a cancel). {@code timestamp} is ISO-8601 UTC
     * ({@code …T12:00:00[.f]Z}) of the first revision; {@code updated} the time of this revision
     * (absent on revision 1). {@code weather} is absent for manual alerts; {@code expires} when the
     * alert has no end time. {@code redelivery} is true when the alert is re-sent to a new session
     * of the user under PROTOCOL.md §6.3 (per session, not per user), {@code catchUp} when it was
     * issued or changed while the user was not logged in. Clients drop a revision they have
     * already shown, and ACK it either way. Absent {@code revision}, {@code state}, {@code drill}
     * and {@code catchUp} read as 1, ACTIVE, false and false (servers from before the life cycle).
     */
    @JsonTypeName("ALERT")
    record Alert(long alertId, Priority priority, String message, String timestamp, AlertSource source,
                 String sender, Weather weather, boolean redelivery, Integer revision, String updated,
                 String expires, AlertState state, Boolean drill, Boolean catchUp, School school) implements FromServer {
        public static final int MAX_REVISION = 1_000_000;

        /** An alert without a school origin (every alert but one relayed from a school, §6.8). */
        public Alert(long alertId, Priority priority, String message, String timestamp, AlertSource source,
                     String sender, Weather weather, boolean redelivery, Integer revision, String updated,
                     String expires, AlertState state, Boolean drill, Boolean catchUp) {
            this(alertId, priority, message, timestamp, source, sender, weather, redelivery, revision, updated, expires,
                    state, drill, catchUp, null);
        }

        public Alert {
            Fields.range("alertId", alertId, 1, Long.MAX_VALUE);
            Fields.present("priority", priority);
            message = Fields.text("message", message, MAX_ALERT_TEXT);
            timestamp = Fields.instant("timestamp", timestamp);
            Fields.present("source", source);
            sender = Fields.text("sender", sender, MAX_USERNAME);
            revision = revision == null ? 1 : revision;
            Fields.range("revision", revision, 1, MAX_REVISION);
            if (updated != null) {
                Fields.instant("updated", updated);
            }
            if (expires != null) {
                Fields.instant("expires", expires);
            }
            state = state == null ? AlertState.ACTIVE : state;
            drill = drill != null && drill;
            catchUp = catchUp != null && catchUp;
        }

        /** A first revision, active, no expiry, not a drill (what alerts were before the life cycle). */
        public Alert(long alertId, Priority priority, String message, String timestamp, AlertSource source,
                     String sender, Weather weather, boolean redelivery) {
            this(alertId, priority, message, timestamp, source, sender, weather, redelivery, 1, null, null,
                    AlertState.ACTIVE, false, false);
        }

        public Instant time() {
            return Instant.parse(timestamp);
        }

        /** Who it is from, as a window says it: the sender, or "Lincoln High (head)" for a school alert. */
        public String from() {
            return school == null ? sender : school.name() + " (" + sender + ")";
        }

        /** When the alert stops counting, or null when it does not expire. */
        public Instant expiresAt() {
            return expires == null ? null : Instant.parse(expires);
        }

        /** Whether it has expired at {@code now} (never, without {@code expires}). */
        public boolean expiredAt(Instant now) {
            return expires != null && !now.isBefore(expiresAt());
        }

        /** When this revision was made: {@code updated}, or {@code timestamp} for the first. */
        public Instant revisedAt() {
            return updated == null ? time() : Instant.parse(updated);
        }

        /** Still to be acted on at {@code now}: not ended, not expired. */
        public boolean activeAt(Instant now) {
            return !state.ended() && !expiredAt(now);
        }

        public Alert asRedelivery() {
            return new Alert(alertId, priority, message, timestamp, source, sender, weather, true, revision, updated,
                    expires, state, drill, catchUp, school);
        }

        /** The same revision, sent at login because it was issued or changed while the user was away. */
        public Alert asCatchUp() {
            return new Alert(alertId, priority, message, timestamp, source, sender, weather, redelivery, revision,
                    updated, expires, state, drill, true, school);
        }

        /** The same alert with a drill mark and an expiry (null: none), still revision 1. */
        public Alert withOptions(boolean drill, Instant expires) {
            return new Alert(alertId, priority, message, timestamp, source, sender, weather, redelivery, revision,
                    updated, expires == null ? null : Fields.time(expires), state, drill, catchUp, school);
        }

        /** The same alert with another issue time (a school alert keeps the school's, in every room). */
        public Alert withTimestamp(Instant issued) {
            return new Alert(alertId, priority, message, Fields.time(issued), source, sender, weather, redelivery, revision,
                    updated, expires, state, drill, catchUp, school);
        }

        /** The same alert, relayed from a school ({@code origin}; null: none). */
        public Alert withSchool(School origin) {
            return new Alert(alertId, priority, message, timestamp, source, sender, weather, redelivery, revision,
                    updated, expires, state, drill, catchUp, origin);
        }

        /**
         * The next revision: new text, priority, expiry and state, made at {@code at}. Flags of
         * one delivery (redelivery, catch-up) are not carried over.
         */
        public Alert revise(Priority priority, String message, Instant expires, AlertState state, Instant at) {
            return new Alert(alertId, priority, message, timestamp, source, sender, weather, false, revision + 1,
                    Fields.time(at), expires == null ? null : Fields.time(expires), state, drill, false, school);
        }

        /** This revision as the ledger keeps it: without the flags of one delivery. */
        public Alert asRecorded() {
            return redelivery || catchUp ? new Alert(alertId, priority, message, timestamp, source, sender, weather,
                    false, revision, updated, expires, state, drill, false, school) : this;
        }
    }

    /**
     * Where an alert relayed from a school came from (PROTOCOL.md §6.8): the school's name, its id
     * for the alert and the school's revision this local revision carries. Clients show "From
     * {@code name}" with the alert's {@code sender}; the classroom server uses id and revision so that
     * a message the school's stream delivers twice is shown once.
     */
    record School(String name, long id, int revision) {
        public static final int MAX_NAME = 80;

        public School {
            name = Fields.text("school.name", name, MAX_NAME);
            if (name.isBlank()) {
                throw new IllegalArgumentException("school.name is empty");
            }
            Fields.range("school.id", id, 1, Long.MAX_VALUE);
            Fields.range("school.revision", revision, 1, Alert.MAX_REVISION);
        }
    }

    /**
     * Client → server: the alert with this id (and revision, when given) was received and shown.
     * Without {@code revision} it acknowledges the revision the session was sent (clients from
     * before the life cycle).
     */
    @JsonTypeName("ACK")
    record Ack(long alertId, Integer revision) implements Message {
        public Ack {
            Fields.range("alertId", alertId, 1, Long.MAX_VALUE);
            if (revision != null) {
                Fields.range("revision", revision, 1, Alert.MAX_REVISION);
            }
        }

        public Ack(long alertId) {
            this(alertId, null);
        }
    }

    /**
     * Client → server (life cycle only): the person confirmed they have read the alert, by a click,
     * not the automatic ACK. The server answers READ_OK once it is on disk.
     */
    @JsonTypeName("READ")
    record Read(long alertId) implements Message {
        public Read {
            Fields.range("alertId", alertId, 1, Long.MAX_VALUE);
        }
    }

    /**
     * Server → client (life cycle only): this user's confirmation of the alert is on disk. Sent to
     * every session of the user, so the alert stops ringing in each of their windows.
     */
    @JsonTypeName("READ_OK")
    record ReadOk(long alertId) implements FromServer {
        public ReadOk {
            Fields.range("alertId", alertId, 1, Long.MAX_VALUE);
        }
    }

    /** Server → client (life cycle only): the operator asks again for the alert to be read; ring again. */
    @JsonTypeName("REMIND")
    record Remind(long alertId) implements FromServer {
        public Remind {
            Fields.range("alertId", alertId, 1, Long.MAX_VALUE);
        }
    }

    /** Server → client: the ACK for this alert id is on disk (also sent for an ACK that recorded nothing). */
    @JsonTypeName("ACK_OK")
    record AckOk(long alertId) implements FromServer {
        public AckOk {
            Fields.range("alertId", alertId, 1, Long.MAX_VALUE);
        }
    }

    /** Client → server: are you there? {@code seq} is echoed so the client can time the round trip. */
    @JsonTypeName("HEARTBEAT")
    record Heartbeat(long seq) implements Message {
        public Heartbeat {
            Fields.range("seq", seq, 0, Long.MAX_VALUE);
        }
    }

    /** Server → client: the answer to the heartbeat with the same {@code seq}. */
    @JsonTypeName("HEARTBEAT_OK")
    record HeartbeatOk(long seq) implements FromServer {
        public HeartbeatOk {
            Fields.range("seq", seq, 0, Long.MAX_VALUE);
        }
    }

    /** Client → server: the user logs out; the server closes the connection without reconnect hopes. */
    @JsonTypeName("LOGOUT")
    record Logout() implements Message {
    }

    /** Server → client: the server is shutting down; do not reconnect automatically. */
    @JsonTypeName("SERVER_SHUTDOWN")
    record ServerShutdown(String message) implements FromServer {
        public ServerShutdown {
            message = Fields.text("message", message, MAX_TEXT);
        }
    }

    /** What went wrong, in a form a program can act on. Unknown future values read as {@link #UNKNOWN}. */
    enum ErrorCode {
        /** The frame decrypted but the message was invalid or not allowed at this point. */
        BAD_MESSAGE,
        /** A message that needs a login arrived before one. */
        NOT_AUTHENTICATED,
        /** No successful login within the server's login deadline. */
        LOGIN_TIMEOUT,
        /** The server is at its connection limit. */
        TOO_MANY_CONNECTIONS,
        /** An operator disconnected this session. */
        KICKED,
        /** No heartbeat within three heartbeat intervals. */
        TIMED_OUT,
        /** A fault on the server; the client may retry later. */
        INTERNAL,
        @JsonEnumDefaultValue UNKNOWN
    }

    /** Either direction: a fatal error; the sender closes the connection after this frame. */
    @JsonTypeName("ERROR")
    record ErrorReport(ErrorCode code, String message) implements Message {
        public ErrorReport {
            Fields.present("code", code);
            message = Fields.text("message", message, MAX_TEXT);
        }
    }

    /** Field checks shared by the records; they throw {@link IllegalArgumentException}. */
    final class Fields {
        private Fields() {
        }

        /**
         * Counts Unicode code points, as §5 does, not Java's UTF-16 units: a peer in another
         * language counts an emoji as one character, not two.
         */
        static String text(String name, String value, int max) {
            present(name, value);
            // length() >= code points, so most texts are within the limit without counting.
            int length = value.length() <= max ? value.length() : value.codePointCount(0, value.length());
            if (length > max) {
                throw new IllegalArgumentException(name + " is " + length + " characters, the maximum is " + max);
            }
            return value;
        }

        static java.util.List<String> features(java.util.List<String> features) {
            if (features == null) {
                return java.util.List.of();
            }
            if (features.size() > MAX_FEATURES) {
                throw new IllegalArgumentException("features has " + features.size() + " entries, the maximum is " + MAX_FEATURES);
            }
            for (String f : features) {
                text("features", f, MAX_AGENT);
            }
            return java.util.List.copyOf(features);
        }

        /**
         * How this server writes a time (PROTOCOL.md §5): UTC, truncated to the millisecond, the
         * fraction as 3 digits and only when it is not zero ({@code 12:00:00Z}, {@code 12:00:00.250Z}).
         */
        public static String time(Instant t) {
            return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        }

        static String username(String value) {
            text("username", value, MAX_USERNAME);
            if (value.isBlank()) {
                throw new IllegalArgumentException("username is empty");
            }
            return value;
        }

        static String instant(String name, String value) {
            present(name, value);
            // Instant.parse also takes "t", "z" and offsets such as "+01:00"; §5 promises UTC in one form.
            if (!UTC_INSTANT.matcher(value).matches()) {
                throw new IllegalArgumentException(name + " is not an ISO-8601 UTC time of the form 2026-11-30T12:00:00[.fraction]Z");
            }
            try {
                Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(name + " is not a valid date and time");
            }
            return value;
        }

        private static final java.util.regex.Pattern UTC_INSTANT =
                java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");

        static void present(String name, Object value) {
            if (value == null) {
                throw new IllegalArgumentException(name + " is missing");
            }
        }

        // Like every check here, names the rule but not the value: §5 never quotes the input.
        static void range(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " is out of range " + min + ".." + max);
            }
        }

        static void range(String name, double value, double min, double max) {
            if (!(value >= min && value <= max)) {
                throw new IllegalArgumentException(name + " is out of range " + min + ".." + max);
            }
        }
    }
}
