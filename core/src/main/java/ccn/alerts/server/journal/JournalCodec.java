package ccn.alerts.server.journal;

import ccn.alerts.alert.Audience;
import ccn.alerts.protocol.MalformedMessageException;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.MessageCodec;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The journal's line format, on byte arrays only (no I/O). One record per line:
 *
 * <pre>
 *  +----------+-----+--------------------------+------+
 *  | crc32    | ' ' | JSON object (UTF-8)      | '\n' |
 *  | 8 hex    |     | the bytes the CRC covers |      |
 *  +----------+-----+--------------------------+------+
 *
 *  {"t":"alert","at":MILLIS,"alert":{ALERT message JSON},"to":[["s-1","admin"],["s-2","user1",ACKED_MILLIS],...]}
 *  {"t":"alert",...,"to":[["s-2","user1",ACKED_MILLIS,REVISION],...],"audience":"group:lab-a","users":["user1",...],
 *       "reads":[["user1","s-2",READ_MILLIS],...]}
 *  {"t":"revise","at":MILLIS,"alert":{ALERT message JSON of the new revision}}
 *  {"t":"read","at":MILLIS,"id":7,"user":"user1","session":"s-9"}
 *  {"t":"sent","at":MILLIS,"id":7,"session":"s-9","user":"admin"}
 *  {"t":"sent","at":MILLIS,"id":7,"session":"s-9","user":"admin","replaces":"s-3"}
 *  {"t":"acks","at":MILLIS,"id":7,"acks":[["s-9",ACKED_MILLIS],["s-12",ACKED_MILLIS,REVISION],...]}
 *  {"t":"ack","at":MILLIS,"id":7,"session":"s-9"}          (one ACK; older journals have these)
 * </pre>
 *
 * The CRC is lower-case hex of CRC-32 over the JSON bytes. JSON strings escape control
 * characters, so the only newline in a line is its last byte. A recipient with a third element
 * was acknowledged then, a fourth names the highest revision it acknowledged (1 without it). An
 * {@code alert} record without {@code audience} (journals from before audiences) is for whoever it
 * was sent to; {@code audience} is {@link ccn.alerts.alert.Audience#asText()}, {@code users} the
 * usernames it resolved to, {@code reads} (snapshots only) who read it. {@code replaces} is optional: {@link JournalRecord.Sent#replacesSessionId()}
 * is null without it, and a {@code sent} record without a replacement is encoded exactly as
 * before the member existed. Unknown members are ignored; unknown record types are rejected.
 *
 * <p>Decoding is strict about types ({@code "id":"7"} is rejected, not read as 7): a record that
 * does not look like one we wrote is damage, and replay must stop there instead of guessing.
 *
 * <p>Stateless and thread-safe.
 */
public final class JournalCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** "crc32hex " */
    private static final int PREFIX = 9;

    private JournalCodec() {
    }

    // ------------------------------------------------------------------ encoding

    /** The complete line for {@code record}: checksum, space, JSON, newline. */
    public static byte[] encode(JournalRecord record) {
        Objects.requireNonNull(record, "record");
        return switch (record) {
            case JournalRecord.Broadcast b -> broadcast(b);
            case JournalRecord.Sent s -> {
                Line line = new Line(96).raw("{\"t\":\"sent\",\"at\":").number(s.at().toEpochMilli())
                        .raw(",\"id\":").number(s.alertId()).raw(",\"session\":").string(s.sessionId())
                        .raw(",\"user\":").string(s.username());
                if (s.replacesSessionId() != null) {
                    line.raw(",\"replaces\":").string(s.replacesSessionId());
                }
                yield line.raw("}").finish();
            }
            case JournalRecord.Acks a -> {
                Line line = new Line(64 + a.acks().size() * 24).raw("{\"t\":\"acks\",\"at\":")
                        .number(a.at().toEpochMilli()).raw(",\"id\":").number(a.alertId()).raw(",\"acks\":[");
                for (int i = 0; i < a.acks().size(); i++) {
                    JournalRecord.Ack ack = a.acks().get(i);
                    line.raw(i == 0 ? "[" : ",[").string(ack.sessionId()).raw(",").number(ack.at().toEpochMilli());
                    if (ack.revision() != 1) {
                        line.raw(",").number(ack.revision());
                    }
                    line.raw("]");
                }
                yield line.raw("]}").finish();
            }
            case JournalRecord.Revision r -> new Line(256).raw("{\"t\":\"revise\",\"at\":").number(r.at().toEpochMilli())
                    .raw(",\"alert\":").json(MessageCodec.encode(r.alert())).raw("}").finish();
            case JournalRecord.Read r -> new Line(96).raw("{\"t\":\"read\",\"at\":").number(r.at().toEpochMilli())
                    .raw(",\"id\":").number(r.alertId()).raw(",\"user\":").string(r.username())
                    .raw(",\"session\":").string(r.sessionId()).raw("}").finish();
            case JournalRecord.LegacyAck a -> new Line(96).raw("{\"t\":\"ack\",\"at\":").number(a.at().toEpochMilli())
                    .raw(",\"id\":").number(a.alertId()).raw(",\"session\":").string(a.sessionId()).raw("}").finish();
        };
    }

    private static byte[] broadcast(JournalRecord.Broadcast b) {
        List<JournalRecord.Recipient> recipients = b.recipients();
        Line line = new Line(64 + recipients.size() * 32).raw("{\"t\":\"alert\",\"at\":").number(b.at().toEpochMilli())
                .raw(",\"alert\":").json(MessageCodec.encode(b.alert())).raw(",\"to\":[");
        for (int i = 0; i < recipients.size(); i++) {
            JournalRecord.Recipient r = recipients.get(i);
            line.raw(i == 0 ? "[" : ",[").string(r.sessionId()).raw(",").string(r.username());
            if (r.ackedAt() != null) {
                line.raw(",").number(r.ackedAt().toEpochMilli());
                if (r.ackedRevision() != 1) {
                    line.raw(",").number(r.ackedRevision());
                }
            }
            line.raw("]");
        }
        line.raw("]");
        if (b.audience() != null) {
            line.raw(",\"audience\":").string(b.audience().asText()).raw(",\"users\":[");
            for (int i = 0; i < b.audienceUsers().size(); i++) {
                line.raw(i == 0 ? "" : ",").string(b.audienceUsers().get(i));
            }
            line.raw("]");
        }
        if (!b.reads().isEmpty()) {
            line.raw(",\"reads\":[");
            for (int i = 0; i < b.reads().size(); i++) {
                JournalRecord.Read read = b.reads().get(i);
                line.raw(i == 0 ? "[" : ",[").string(read.username()).raw(",").string(read.sessionId()).raw(",")
                        .number(read.at().toEpochMilli()).raw("]");
            }
            line.raw("]");
        }
        return line.raw("}").finish();
    }

    /**
     * A line built straight as bytes: the ACK records of a thousand clients per alert made building
     * Jackson trees and {@code String.format} for the checksum a visible share of the server's CPU
     * (docs/BENCHMARKS.md). Strings are escaped by Jackson's own encoder.
     */
    private static final class Line {
        private final ByteArrayOutputStream out;

        Line(int capacity) {
            out = new ByteArrayOutputStream(capacity);
            out.write(HEX, 0, PREFIX); // room for "crc32hex " (overwritten in finish)
        }

        Line raw(String ascii) {
            out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Line number(long n) {
            return raw(Long.toString(n));
        }

        Line string(String s) {
            out.write('"');
            out.writeBytes(JsonStringEncoder.getInstance().quoteAsUTF8(s));
            out.write('"');
            return this;
        }

        /** A complete JSON value, already encoded. */
        Line json(byte[] value) {
            out.writeBytes(value);
            return this;
        }

        byte[] finish() {
            byte[] line = Arrays.copyOf(out.toByteArray(), out.size() + 1);
            line[line.length - 1] = '\n';
            CRC32 crc = new CRC32();
            crc.update(line, PREFIX, line.length - PREFIX - 1);
            long v = crc.getValue();
            for (int i = 7; i >= 0; i--) {
                line[i] = HEX[(int) (v & 0xf)];
                v >>>= 4;
            }
            line[8] = ' ';
            return line;
        }
    }

    // ------------------------------------------------------------------ decoding

    /**
     * The length of the line that starts at {@code from}, its newline included; when there is no
     * newline (a torn tail), the rest of {@code bytes}, so that {@link #decode} reports it.
     */
    public static int lineLength(byte[] bytes, int from) {
        Objects.checkIndex(from, bytes.length + 1);
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i - from + 1;
            }
        }
        return bytes.length - from;
    }

    /** Decodes one complete line, {@code bytes[offset .. offset+length)}, its newline the last byte. */
    public static JournalRecord decode(byte[] bytes, int offset, int length) throws MalformedRecordException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0 || bytes[offset + length - 1] != '\n') {
            throw new MalformedRecordException("incomplete record (no end of line): " + length
                    + " byte(s) cut off mid-write");
        }
        if (length < PREFIX + 1 || bytes[offset + 8] != ' ') {
            throw new MalformedRecordException("record too short or without a checksum");
        }
        long expected;
        try {
            expected = Long.parseLong(new String(bytes, offset, 8, StandardCharsets.US_ASCII), 16);
        } catch (NumberFormatException e) {
            throw new MalformedRecordException("checksum is not hexadecimal: "
                    + HexFormat.of().formatHex(bytes, offset, offset + 8));
        }
        int jsonLength = length - PREFIX - 1;
        CRC32 crc = new CRC32();
        crc.update(bytes, offset + PREFIX, jsonLength);
        if (crc.getValue() != expected) {
            throw new MalformedRecordException("checksum mismatch (stored " + String.format("%08x", expected)
                    + ", computed " + String.format("%08x", crc.getValue()) + ")");
        }
        JsonNode r;
        try {
            r = JSON.readTree(bytes, offset + PREFIX, jsonLength);
        } catch (IOException e) {
            throw new MalformedRecordException("record is not JSON");
        }
        if (r == null || !r.isObject()) {
            throw new MalformedRecordException("record is not a JSON object");
        }
        return record(r);
    }

    /** Decodes a whole line held in its own array. */
    public static JournalRecord decode(byte[] line) throws MalformedRecordException {
        return decode(line, 0, line.length);
    }

    private static JournalRecord record(JsonNode r) throws MalformedRecordException {
        String type = text(r, "t");
        Instant at = millis(r, "at");
        return switch (type) {
            case "alert" -> broadcastRecord(at, r);
            case "revise" -> new JournalRecord.Revision(at, alert(r));
            case "read" -> new JournalRecord.Read(at, integer(r, "id"), text(r, "user"), text(r, "session"));
            case "sent" -> {
                JsonNode replaces = r.get("replaces");
                if (replaces != null && !replaces.isTextual()) {
                    throw bad("'replaces' is not a string");
                }
                yield new JournalRecord.Sent(at, integer(r, "id"), text(r, "session"), text(r, "user"),
                        replaces == null ? null : replaces.asText());
            }
            case "acks" -> {
                List<JournalRecord.Ack> acks = new ArrayList<>();
                for (JsonNode ack : array(r, "acks")) {
                    boolean shape = ack.isArray() && (ack.size() == 2 || ack.size() == 3) && ack.get(0).isTextual()
                            && isLong(ack.get(1)) && (ack.size() == 2 || isRevision(ack.get(2)));
                    if (!shape) {
                        throw bad("an entry of 'acks' is not [session, millis] or [session, millis, revision]");
                    }
                    acks.add(new JournalRecord.Ack(ack.get(0).asText(), Instant.ofEpochMilli(ack.get(1).asLong()),
                            ack.size() == 3 ? ack.get(2).asInt() : 1));
                }
                yield new JournalRecord.Acks(at, integer(r, "id"), acks);
            }
            case "ack" -> new JournalRecord.LegacyAck(at, integer(r, "id"), text(r, "session"));
            default -> throw bad("unknown record type '" + type + "'");
        };
    }

    private static Message.Alert alert(JsonNode r) throws MalformedRecordException {
        JsonNode alert = r.get("alert");
        if (alert == null || !alert.isObject()) {
            throw bad("alert record without an ALERT");
        }
        try {
            if (MessageCodec.decode(alert.toString().getBytes(StandardCharsets.UTF_8)) instanceof Message.Alert a) {
                return a;
            }
        } catch (MalformedMessageException e) {
            throw bad(e.getMessage());
        }
        throw bad("alert record without an ALERT");
    }

    private static JournalRecord.Broadcast broadcastRecord(Instant at, JsonNode r) throws MalformedRecordException {
        Audience audience = null;
        List<String> users = null;
        if (r.has("audience")) {
            try {
                audience = Audience.parse(text(r, "audience"));
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
            users = new ArrayList<>();
            for (JsonNode u : array(r, "users")) {
                if (!u.isTextual()) {
                    throw bad("an entry of 'users' is not a string");
                }
                users.add(u.asText());
            }
        }
        List<JournalRecord.Read> reads = new ArrayList<>();
        if (r.has("reads")) {
            for (JsonNode read : array(r, "reads")) {
                if (!read.isArray() || read.size() != 3 || !read.get(0).isTextual() || !read.get(1).isTextual()
                        || !isLong(read.get(2))) {
                    throw bad("an entry of 'reads' is not [user, session, millis]");
                }
                reads.add(new JournalRecord.Read(Instant.ofEpochMilli(read.get(2).asLong()), 0, read.get(0).asText(),
                        read.get(1).asText()));
            }
        }
        return new JournalRecord.Broadcast(at, alert(r), recipients(r), audience, users, reads);
    }

    private static List<JournalRecord.Recipient> recipients(JsonNode r) throws MalformedRecordException {
        List<JournalRecord.Recipient> recipients = new ArrayList<>();
        for (JsonNode to : array(r, "to")) {
            boolean shape = to.isArray() && to.size() >= 2 && to.size() <= 4 && to.get(0).isTextual()
                    && to.get(1).isTextual() && (to.size() < 3 || isLong(to.get(2)))
                    && (to.size() < 4 || isRevision(to.get(3)));
            if (!shape) {
                throw bad("an entry of 'to' is not [session, user], [session, user, millis] or [session, user, millis, revision]");
            }
            Instant acked = to.size() >= 3 ? Instant.ofEpochMilli(to.get(2).asLong()) : null;
            int revision = to.size() == 4 ? to.get(3).asInt() : acked == null ? 0 : 1;
            recipients.add(new JournalRecord.Recipient(to.get(0).asText(), to.get(1).asText(), acked, revision));
        }
        return recipients;
    }

    private static boolean isRevision(JsonNode v) {
        return v.isIntegralNumber() && v.canConvertToInt() && v.asInt() >= 1;
    }

    private static JsonNode required(JsonNode r, String name) throws MalformedRecordException {
        JsonNode v = r.get(name);
        if (v == null || v.isNull()) {
            throw bad("'" + name + "' is missing");
        }
        return v;
    }

    private static String text(JsonNode r, String name) throws MalformedRecordException {
        JsonNode v = required(r, name);
        if (!v.isTextual()) {
            throw bad("'" + name + "' is not a string");
        }
        return v.asText();
    }

    private static long integer(JsonNode r, String name) throws MalformedRecordException {
        JsonNode v = required(r, name);
        if (!isLong(v)) {
            throw bad("'" + name + "' is not an integer");
        }
        return v.asLong();
    }

    private static Instant millis(JsonNode r, String name) throws MalformedRecordException {
        return Instant.ofEpochMilli(integer(r, name));
    }

    private static JsonNode array(JsonNode r, String name) throws MalformedRecordException {
        JsonNode v = required(r, name);
        if (!v.isArray()) {
            throw bad("'" + name + "' is not an array");
        }
        return v;
    }

    private static boolean isLong(JsonNode v) {
        return v.isIntegralNumber() && v.canConvertToLong();
    }

    /** The wording replay reported before the codec was split out, kept for those who grep logs for it. */
    private static MalformedRecordException bad(String detail) {
        return new MalformedRecordException("record cannot be replayed: " + detail);
    }
}
