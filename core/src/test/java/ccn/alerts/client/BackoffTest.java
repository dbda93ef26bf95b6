package ccn.alerts.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    @Test
    void delay_isTheInitialDelayAfterOneFailureAndAfterADroppedConnection() {
        assertEquals(Duration.ofSeconds(1), backoff.delay(1));
        assertEquals(Duration.ofSeconds(1), backoff.delay(0));
    }

    @Test
    void delay_doublesPerFurtherFailure() {
        assertEquals(Duration.ofSeconds(2), backoff.delay(2));
        assertEquals(Duration.ofSeconds(4), backoff.delay(3));
        assertEquals(Duration.ofSeconds(16), backoff.delay(5));
    }

    @Test
    void delay_neverPassesTheMaximumEvenAfterManyFailures() {
        assertEquals(Duration.ofSeconds(30), backoff.delay(6));
        assertEquals(Duration.ofSeconds(30), backoff.delay(Integer.MAX_VALUE));
    }
}
