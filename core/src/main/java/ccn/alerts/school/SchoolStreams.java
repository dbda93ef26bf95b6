package ccn.alerts.school;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

import java.io.IOException;
import java.time.Duration;

/**
 * Creates the school's two streams when they are missing (the school console and every classroom
 * server call it, so whoever starts first creates them; docs/SCHOOL.md §5). File storage,
 * replicated on {@code replicas} nodes (3 in a three-node cluster: a write is acknowledged once
 * two nodes have it), alerts kept a week, rosters one message per alert and room.
 */
public final class SchoolStreams {
    public static final Duration ALERT_MAX_AGE = Duration.ofDays(7);
    /** A publish repeated within this window with the same Nats-Msg-Id is stored once. */
    public static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(10);
    /** The JetStream API's error code for "stream not found". */
    private static final int STREAM_NOT_FOUND = 10059;

    private SchoolStreams() {
    }

    public static void ensure(JetStreamManagement jsm, SchoolSubjects subjects, int replicas)
            throws IOException, JetStreamApiException {
        ensure(jsm, StreamConfiguration.builder()
                .name(subjects.alertStream())
                .subjects(subjects.allAlerts())
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .maxAge(ALERT_MAX_AGE)
                .duplicateWindow(DUPLICATE_WINDOW)
                .replicas(replicas)
                .build());
        ensure(jsm, StreamConfiguration.builder()
                .name(subjects.rosterStream())
                .subjects(subjects.allRosters())
                .storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.Limits)
                .maxMessagesPerSubject(1) // the latest counts of each room for each alert
                .discardPolicy(DiscardPolicy.Old)
                .maxAge(ALERT_MAX_AGE)
                .replicas(replicas)
                .build());
    }

    private static void ensure(JetStreamManagement jsm, StreamConfiguration config) throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(config.getName());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            try {
                jsm.addStream(config);
            } catch (JetStreamApiException raced) {
                // Another participant created it between our two calls: fine if it exists now.
                jsm.getStreamInfo(config.getName());
            }
        }
    }
}
