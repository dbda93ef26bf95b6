package ccn.alerts.server.journal;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line format on byte arrays: no files. */
class JournalCodecTest {
    private static final Instant T0 = Instant.ofEpochMilli(1_764_504_000_123L);
    private static final Message.Alert ALERT = new Message.Alert(7, Priority.HIGH, "Evacuate \"B\"\n\u00e9",
            "2026-11-30T12:00:00Z", Message.AlertSource.MANUAL, "admin", null, false);

    /** A line as the journal wrote it before the codec was split out: CRC over the JSON, a space, the JSON. */
    private static byte[] line(String json) {
        CRC32 crc = new CRC32();
        crc.update(json.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x %s\n", crc.getValue(), json).getBytes(StandardCharsets.UTF_8);
    }

    private static JournalRecord roundTrip(JournalRecord record) throws MalformedRecordException {
        return JournalCodec.decode(JournalCodec.encode(record));
    }

    private static String problem(byte[] line) {
        return assertThrows(MalformedRecordException.class, () -> JournalCodec.decode(line)).getMessage();
    }

    @Test
    void everyRecordType_survivesTheRoundTrip() throws MalformedRecordException {
        List<JournalRecord> records = List.of(
                new JournalRecord.Broadcast(T0, ALERT, List.of(new JournalRecord.Recipient("s-1", "q\"uo\\te \u4e2d", null),
                        new JournalRecord.Recipient("s-2", "user1", T0.plusMillis(5)))),
                new JournalRecord.Sent(T0, 7, "s-9", "user1"),
                new JournalRecord.Sent(T0, 7, "s-9", "user1", "s-3"),
                new JournalRecord.Acks(T0, 7, List.of(new JournalRecord.Ack("s-9", T0), new JournalRecord.Ack("s-12", T0.plusMillis(1)))),
                new JournalRecord.LegacyAck(T0, 7, "s-9"));

        for (JournalRecord record : records) {
            // when:
            JournalRecord back = roundTrip(record);
            // then:
            assertEquals(record, back);
        }
    }

    @Test
    void encode_writesTheBytesOlderVersionsWrote() {
        // then: the same bytes as the hand-built lines of the format documented in docs/RELIABILITY.md
        assertArrayEquals(line("{\"t\":\"sent\",\"at\":1764504000123,\"id\":7,\"session\":\"s-9\",\"user\":\"admin\"}"),
                JournalCodec.encode(new JournalRecord.Sent(T0, 7, "s-9", "admin")));
        assertArrayEquals(line("{\"t\":\"acks\",\"at\":1764504000123,\"id\":7,\"acks\":[[\"s-9\",1764504000123],[\"s-12\",1764504000124]]}"),
                JournalCodec.encode(new JournalRecord.Acks(T0, 7, List.of(new JournalRecord.Ack("s-9", T0),
                        new JournalRecord.Ack("s-12", T0.plusMillis(1))))));
        assertArrayEquals(line("{\"t\":\"sent\",\"at\":1764504000123,\"id\":7,\"session\":\"s-9\",\"user\":\"admin\",\"replaces\":\"s-3\"}"),
                JournalCodec.encode(new JournalRecord.Sent(T0, 7, "s-9", "admin", "s-3")));
    }

    @Test
    void legacySingleAck_decodesToALegacyAck() throws MalformedRecordException {
        // when:
        JournalRecord r = JournalCodec.decode(line("{\"t\":\"ack\",\"at\":1764504000123,\"id\":7,\"session\":\"s-9\"}"));
        // then:
        assertEquals(new JournalRecord.LegacyAck(T0, 7, "s-9"), r);
    }

    @Test
    void sentWithoutReplaces_decodesWithNoTakeOver() throws MalformedRecordException {
        JournalRecord r = JournalCodec.decode(line("{\"t\":\"sent\",\"at\":1,\"id\":7,\"session\":\"s-9\",\"user\":\"u\"}"));
        assertNull(((JournalRecord.Sent) r).replacesSessionId());
    }

    @Test
    void flippedBit_isAChecksumMismatch() {
        byte[] bytes = JournalCodec.encode(new JournalRecord.Sent(T0, 7, "s-9", "admin"));
        bytes[20] ^= 0x01;

        assertTrue(problem(bytes).startsWith("checksum mismatch (stored "), problem(bytes));
    }

    @Test
    void lineWithoutNewline_isIncomplete_andLineLengthRunsToTheEnd() {
        byte[] whole = JournalCodec.encode(new JournalRecord.Sent(T0, 7, "s-9", "admin"));
        byte[] torn = Arrays.copyOf(whole, whole.length - 5);

        assertEquals(torn.length, JournalCodec.lineLength(torn, 0));
        assertEquals("incomplete record (no end of line): " + torn.length + " byte(s) cut off mid-write", problem(torn));
        assertEquals(whole.length, JournalCodec.lineLength(whole, 0));
    }

    @Test
    void shortLine_andNonHexChecksum_andNonJson_areRejected() {
        assertEquals("record too short or without a checksum", problem("abc\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(problem("zzzzzzzz {}\n".getBytes(StandardCharsets.US_ASCII)).startsWith("checksum is not hexadecimal"));
        assertEquals("record is not JSON", problem(line("{\"t\":")));
    }

    @Test
    void unknownRecordType_isRejected() {
        assertEquals("record cannot be replayed: unknown record type 'nack'",
                problem(line("{\"t\":\"nack\",\"at\":1,\"id\":7}")));
    }

    @Test
    void wrongJsonTypes_areRejectedNotCoerced() {
        assertEquals("record cannot be replayed: 'id' is not an integer",
                problem(line("{\"t\":\"sent\",\"at\":1,\"id\":\"7\",\"session\":\"s-9\",\"user\":\"u\"}")));
        assertEquals("record cannot be replayed: 'session' is not a string",
                problem(line("{\"t\":\"sent\",\"at\":1,\"id\":7,\"session\":9,\"user\":\"u\"}")));
        assertEquals("record cannot be replayed: 'replaces' is not a string",
                problem(line("{\"t\":\"sent\",\"at\":1,\"id\":7,\"session\":\"s-9\",\"user\":\"u\",\"replaces\":3}")));
        assertEquals("record cannot be replayed: 'at' is not an integer",
                problem(line("{\"t\":\"ack\",\"at\":1.5,\"id\":7,\"session\":\"s-9\"}")));
        assertEquals("record cannot be replayed: an entry of 'acks' is not [session, millis] or [session, millis, revision]",
                problem(line("{\"t\":\"acks\",\"at\":1,\"id\":7,\"acks\":[[\"s-9\",\"soon\"]]}")));
        assertEquals("record cannot be replayed: an entry of 'to' is not [session, user], [session, user, millis] or [session, user, millis, revision]",
                problem(line("{\"t\":\"alert\",\"at\":1,\"alert\":" + new String(ccn.alerts.protocol.MessageCodec.encode(ALERT),
                        StandardCharsets.UTF_8) + ",\"to\":[[\"s-1\"]]}")));
        assertEquals("record cannot be replayed: 'acks' is missing", problem(line("{\"t\":\"acks\",\"at\":1,\"id\":7}")));
        assertEquals("record is not a JSON object", problem(line("[1,2]")));
    }

    @Test
    void alertRecordWithoutAnAlert_isRejected() {
        assertEquals("record cannot be replayed: alert record without an ALERT",
                problem(line("{\"t\":\"alert\",\"at\":1,\"alert\":{\"type\":\"ACK\",\"alertId\":7},\"to\":[]}")));
    }
}
