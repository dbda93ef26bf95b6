package ccn.alerts.client.gui.attention;

import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;

import javax.sound.sampled.LineUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToneSoundTest {
    @Test
    void withoutASoundDevice_ringLogsOneLineAndGoesQuiet() {
        AtomicInteger opened = new AtomicInteger();
        ToneSound sound = new ToneSound(format -> {
            opened.incrementAndGet();
            throw new LineUnavailableException("no audio device");
        }, 0.5);
        try (LogCapture log = new LogCapture(ToneSound.class)) {
            // when:
            assertDoesNotThrow(() -> sound.ring(Priority.HIGH));
            Await.until(Duration.ofSeconds(10), () -> sound.availability() == Availability.UNAVAILABLE, "sound unavailable");
            sound.ring(Priority.HIGH);
            sound.ring(Priority.MEDIUM);

            // then:
            assertEquals(1, opened.get(), "an unavailable sound is not tried again");
            List<ILoggingEvent> events = log.events();
            assertEquals(1, events.size(), events.toString());
            assertEquals(Level.INFO, events.getFirst().getLevel());
            assertTrue(events.getFirst().getFormattedMessage().contains("no audio device"), events.getFirst().getFormattedMessage());
            assertNull(events.getFirst().getThrowableProxy(), "no stack trace");
        }
    }

    @Test
    void noMixerAtAll_isUnavailableToo() {
        ToneSound sound = new ToneSound(format -> {
            throw new IllegalArgumentException("No line matching interface SourceDataLine is supported.");
        }, 0.5);

        // when:
        sound.ring(Priority.MEDIUM);

        // then:
        Await.until(Duration.ofSeconds(10), () -> sound.availability() == Availability.UNAVAILABLE, "sound unavailable");
    }

    @Test
    void onThisComputer_ringNeverThrowsAndSettles() {
        // Silent (volume 0), so a developer's machine with speakers does not beep.
        ToneSound sound = new ToneSound(ToneSound::openSystemLine, 0);

        // when:
        assertDoesNotThrow(() -> sound.ring(Priority.HIGH));

        // then: it played, or found out there is no device; either way the caller saw nothing
        Await.until(Duration.ofSeconds(10), () -> sound.availability() != Availability.UNKNOWN, "sound tried");
    }

    @Test
    void tones_areShortAndAudible() {
        // when:
        byte[] pcm = ToneSound.tones(0.5, 880, 100, 50);

        // then: 150 ms of 16-bit mono at 44.1 kHz
        assertEquals((4_410 + 2_205) * 2, pcm.length);
        int loudest = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            loudest = Math.max(loudest, Math.abs((short) ((pcm[i] & 0xFF) | (pcm[i + 1] << 8))));
        }
        assertNotEquals(0, loudest);
        assertTrue(loudest <= Short.MAX_VALUE / 2 + 1, "volume 0.5 peaks at half scale: " + loudest);
    }
}
