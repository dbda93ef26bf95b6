package ccn.alerts.server.journal;

import ccn.alerts.alert.Audience;
import ccn.alerts.protocol.Message;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of the alert journal, decoded; {@link JournalCodec} turns it into bytes and back. A
 * {@code switch} over these is exhaustive, so a new record type cannot be forgotten by the replay.
 *
 * <p>Times are kept to the millisecond, as the file stores them. Records are immutable and
 * thread-safe.
 */
public sealed interface JournalRecord {

    /** When the event happened (for an {@link Acks} batch: its first ACK). */
    Instant at();

    /**
     * {@code "t":"alert"}: a new alert and the sessions it is being sent to. A compaction snapshot
     * restates each retained alert this way, its recipients carrying their ACK time.
     */
    record Broadcast(Instant at, Message.Alert alert, List<Recipient> recipients, Audience audience,
                     List<String> audienceUsers, List<Read> reads) implements JournalRecord {
        public Broadcast {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(alert, "alert");
            recipients = List.copyOf(recipients);
            if ((audience == null) != (audienceUsers == null)) {
                throw new IllegalArgumentException("an audience comes with its users");
            }
            audienceUsers = audienceUsers == null ? null : List.copyOf(audienceUsers);
            reads = reads == null ? List.of() : List.copyOf(reads);
        }

        /** A record from before audiences: the audience is whoever it was sent to. */
        public Broadcast(Instant at, Message.Alert alert, List<Recipient> recipients) {
            this(at, alert, recipients, null, null, List.of());
        }
    }

    /**
     * A recipient session of a {@link Broadcast}; {@code ackedAt} is null while it has not
     * acknowledged, {@code ackedRevision} the highest revision it acknowledged (0: none).
     */
    record Recipient(String sessionId, String username, Instant ackedAt, int ackedRevision) {
        public Recipient {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(username, "username");
            if ((ackedAt == null) != (ackedRevision == 0)) {
                throw new IllegalArgumentException("an acknowledged recipient names a revision, a pending one none");
            }
        }

        public Recipient(String sessionId, String username, Instant ackedAt) {
            this(sessionId, username, ackedAt, ackedAt == null ? 0 : 1);
        }
    }

    /** {@code "t":"revise"}: a later revision of a known alert (an update, an all clear, a cancel). */
    record Revision(Instant at, Message.Alert alert) implements JournalRecord {
        public Revision {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(alert, "alert");
        }
    }

    /** {@code "t":"read"}: a user confirmed reading an alert, from a session. */
    record Read(Instant at, long alertId, String username, String sessionId) implements JournalRecord {
        public Read {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(sessionId, "sessionId");
        }
    }

    /**
     * {@code "t":"sent"}: a later (re)delivery of an alert to a session. {@code replacesSessionId},
     * when not null, is a session whose pending delivery of this alert the new one takes over
     * (a user's window reconnecting after a restart); journals from before it have none.
     */
    record Sent(Instant at, long alertId, String sessionId, String username, String replacesSessionId)
            implements JournalRecord {
        public Sent {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(username, "username");
        }

        /** A delivery that takes nothing over. */
        public Sent(Instant at, long alertId, String sessionId, String username) {
            this(at, alertId, sessionId, username, null);
        }
    }

    /** {@code "t":"acks"}: ACKs of one alert that were written together. */
    record Acks(Instant at, long alertId, List<Ack> acks) implements JournalRecord {
        public Acks {
            Objects.requireNonNull(at, "at");
            acks = List.copyOf(acks);
        }
    }

    /** One session's ACK of an alert's {@code revision}, at {@code at}. */
    record Ack(String sessionId, Instant at, int revision) {
        public Ack {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(at, "at");
            if (revision < 1) {
                throw new IllegalArgumentException("revision must be at least 1");
            }
        }

        public Ack(String sessionId, Instant at) {
            this(sessionId, at, 1);
        }
    }

    /** {@code "t":"ack"}: a single ACK, as journals before {@link Acks} wrote them. Read, no longer written. */
    record LegacyAck(Instant at, long alertId, String sessionId) implements JournalRecord {
        public LegacyAck {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(sessionId, "sessionId");
        }
    }
}
