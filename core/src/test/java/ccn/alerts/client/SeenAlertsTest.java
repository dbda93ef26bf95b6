package ccn.alerts.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeenAlertsTest {

    @Test
    void firstTime_isTrueOnceAndFalseForARedelivery() {
        SeenAlerts seen = new SeenAlerts(10);

        assertTrue(seen.firstTime(7));
        assertFalse(seen.firstTime(7));
        assertTrue(seen.firstTime(8));
    }

    @Test
    void firstTime_forgetsTheOldestIdBeyondTheCapacity() {
        SeenAlerts seen = new SeenAlerts(2);
        seen.firstTime(1);
        seen.firstTime(2);

        // when: a third id pushes the first out
        seen.firstTime(3);

        // then:
        assertFalse(seen.firstTime(3));
        assertFalse(seen.firstTime(2));
        assertTrue(seen.firstTime(1));
    }
}
