package ccn.alerts.client.gui.attention;

import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Tests run headless (java.awt.headless=true), as CI and this machine do: no system tray. */
class TrayNotifierTest {
    @Test
    void headless_showLogsOneLineAndGoesQuiet() {
        TrayNotifier notifier = new TrayNotifier(TrayNotifier::systemTraySupported);
        try (LogCapture log = new LogCapture(TrayNotifier.class)) {
            // when:
            assertDoesNotThrow(() -> notifier.show("HIGH alert from admin", "Leave the building", Priority.HIGH));
            Await.until(Duration.ofSeconds(10), () -> notifier.availability() == Availability.UNAVAILABLE, "tray unavailable");
            notifier.show("MEDIUM alert from admin", "again", Priority.MEDIUM);

            // then:
            List<ILoggingEvent> events = log.events();
            assertEquals(1, events.size(), events.toString());
            assertNull(events.getFirst().getThrowableProxy(), "no stack trace");
        }
    }

    @Test
    void aTrayThatFailsWhenUsed_isUnavailableWithoutAStackTrace() {
        // Claims a tray, but AWT is headless: TrayIcon throws HeadlessException.
        TrayNotifier notifier = new TrayNotifier(() -> true);
        try (LogCapture log = new LogCapture(TrayNotifier.class)) {
            // when:
            assertDoesNotThrow(() -> notifier.show("HIGH alert from admin", "Leave the building", Priority.HIGH));

            // then:
            Await.until(Duration.ofSeconds(10), () -> notifier.availability() == Availability.UNAVAILABLE, "tray unavailable");
            Await.until(Duration.ofSeconds(10), () -> log.events().size() == 1, "one log line");
            assertNull(log.events().getFirst().getThrowableProxy(), "no stack trace");
        }
    }
}
