package ccn.alerts.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatsTest {

    private final Heartbeats heartbeats = new Heartbeats(Duration.ofSeconds(10));

    @Test
    void beats_areNumberedFromZero() {
        assertEquals(0, heartbeats.nextBeat());
        assertEquals(1, heartbeats.nextBeat());
    }

    @Test
    void answered_givesTheRoundTripOfABeatInFlightOnce() {
        long seq = heartbeats.nextBeat();

        assertTrue(heartbeats.answered(seq).orElseThrow().compareTo(Duration.ZERO) >= 0);
        assertTrue(heartbeats.answered(seq).isEmpty(), "a second HEARTBEAT_OK for the same beat is ignored");
    }

    @Test
    void answered_ignoresASequenceNeverSent() {
        assertTrue(heartbeats.answered(42).isEmpty());
    }

    @Test
    void overdue_onlyAfterThreeIntervalsWithoutAFrame() {
        heartbeats.received();
        long now = System.nanoTime();

        assertFalse(heartbeats.overdue(now));
        assertFalse(heartbeats.overdue(now + Duration.ofSeconds(29).toNanos()));
        assertTrue(heartbeats.overdue(now + Duration.ofSeconds(31).toNanos()));
        assertEquals(Duration.ofSeconds(30), heartbeats.silenceLimit());
    }

    @Test
    void aZeroInterval_isRefusedRatherThanSpinning() {
        assertThrows(IllegalArgumentException.class, () -> new Heartbeats(Duration.ZERO));
    }
}
