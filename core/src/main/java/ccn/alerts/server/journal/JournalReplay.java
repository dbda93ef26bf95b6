package ccn.alerts.server.journal;

import ccn.alerts.alert.Audience;
import ccn.alerts.protocol.Message;

import java.time.Instant;
import java.util.Objects;

/**
 * Reads journal bytes back into whatever keeps the alert state, through {@link Target}, so the
 * journal does not depend on how that state is stored.
 *
 * <p>Replay stops at the first line that is torn (no newline: power lost mid-write), fails its
 * checksum, is not JSON, is not a record {@link JournalCodec} knows, or that the target rejects;
 * the {@link Result} says where and why, and everything before it has been applied. Replaying an
 * event twice changes nothing, because a compaction snapshot and the tail copied behind it may
 * both hold it: the first {@code alert} record of an id wins, and the target is expected to ignore
 * a delivery it knows, a second ACK and a take-over of a delivery it no longer has.
 *
 * <p>Stateless and thread-safe; a replay calls its target on the calling thread only.
 */
public final class JournalReplay {

    /** Where replayed events go. Implementations must be idempotent (see the class comment). */
    public interface Target {
        /** Whether an alert with this id is known already (then its {@code alert} record is skipped). */
        boolean knowsAlert(long alertId);

        /** {@code audience} and {@code audienceUsers} are null for a record from before audiences. */
        void recordAlert(Message.Alert alert, Instant at, Audience audience, java.util.List<String> audienceUsers);

        /** A later revision of a known alert (ignored when not later than what is kept). */
        void recordRevision(Message.Alert alert, Instant at);

        void recordRead(long alertId, String username, String sessionId, Instant at);

        /** {@code replacesSessionId} is null unless the delivery took over another session's. */
        void recordSent(long alertId, String sessionId, String username, Instant at, String replacesSessionId);

        void recordAck(long alertId, String sessionId, Instant at, int revision);
    }

    /**
     * What a replay found. {@code corruptAt} is -1 when every byte was valid; otherwise it equals
     * {@code validBytes}, the length of the prefix that was applied, and {@code problem} says why.
     * The highest session number ({@code s-42} → 42) and alert id mentioned anywhere in the valid
     * prefix let the server continue beyond them.
     */
    public record Result(int records, long validBytes, long corruptAt, String problem, long highestSession,
                         long highestAlertId) {
        public boolean corrupt() {
            return corruptAt >= 0;
        }
    }

    private JournalReplay() {
    }

    public static Result replay(byte[] content, Target target) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(target, "target");
        int records = 0;
        int pos = 0;
        long highestSession = 0;
        long highestAlert = 0;
        while (pos < content.length) {
            int length = JournalCodec.lineLength(content, pos);
            String problem;
            try {
                JournalRecord record = JournalCodec.decode(content, pos, length);
                apply(record, target);
                highestSession = Math.max(highestSession, highestSession(record));
                highestAlert = Math.max(highestAlert, record instanceof JournalRecord.Broadcast b ? b.alert().alertId() : 0);
                records++;
                pos += length;
                continue;
            } catch (MalformedRecordException e) {
                problem = e.getMessage();
            } catch (RuntimeException e) {
                problem = "record cannot be replayed: " + e.getMessage();
            }
            return new Result(records, pos, pos, problem, highestSession, highestAlert);
        }
        return new Result(records, pos, -1, null, highestSession, highestAlert);
    }

    private static void apply(JournalRecord record, Target target) {
        switch (record) {
            case JournalRecord.Broadcast b -> {
                if (!target.knowsAlert(b.alert().alertId())) {
                    target.recordAlert(b.alert(), b.at(), b.audience(), b.audienceUsers());
                } else {
                    target.recordRevision(b.alert(), b.at()); // a snapshot may hold a later revision
                }
                for (JournalRecord.Recipient r : b.recipients()) {
                    target.recordSent(b.alert().alertId(), r.sessionId(), r.username(), b.at(), null);
                    if (r.ackedAt() != null) {
                        target.recordAck(b.alert().alertId(), r.sessionId(), r.ackedAt(), r.ackedRevision());
                    }
                }
                for (JournalRecord.Read read : b.reads()) {
                    target.recordRead(b.alert().alertId(), read.username(), read.sessionId(), read.at());
                }
            }
            case JournalRecord.Sent s ->
                    target.recordSent(s.alertId(), s.sessionId(), s.username(), s.at(), s.replacesSessionId());
            case JournalRecord.Acks a -> {
                for (JournalRecord.Ack ack : a.acks()) {
                    target.recordAck(a.alertId(), ack.sessionId(), ack.at(), ack.revision());
                }
            }
            case JournalRecord.LegacyAck a -> target.recordAck(a.alertId(), a.sessionId(), a.at(), 1);
            case JournalRecord.Revision r -> target.recordRevision(r.alert(), r.at());
            case JournalRecord.Read r -> target.recordRead(r.alertId(), r.username(), r.sessionId(), r.at());
        }
    }

    /** The highest session number a record mentions: new sessions must not reuse an id the journal holds. */
    private static long highestSession(JournalRecord record) {
        return switch (record) {
            case JournalRecord.Broadcast b ->
                    b.recipients().stream().mapToLong(r -> sessionNumber(r.sessionId())).max().orElse(0);
            case JournalRecord.Sent s -> Math.max(sessionNumber(s.sessionId()),
                    s.replacesSessionId() == null ? 0 : sessionNumber(s.replacesSessionId()));
            case JournalRecord.Acks a -> a.acks().stream().mapToLong(ack -> sessionNumber(ack.sessionId())).max().orElse(0);
            case JournalRecord.LegacyAck a -> sessionNumber(a.sessionId());
            case JournalRecord.Revision r -> 0;
            case JournalRecord.Read r -> sessionNumber(r.sessionId());
        };
    }

    /** {@code s-42} → 42, so session ids stay unique across restarts; 0 for any other form. */
    public static long sessionNumber(String sessionId) {
        if (sessionId.startsWith("s-")) {
            try {
                return Long.parseLong(sessionId.substring(2));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
