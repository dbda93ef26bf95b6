package ccn.alerts.client.gui.attention;

import ccn.alerts.protocol.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The attention sound, synthesised by the JDK (no audio file): HIGH is three short high beeps,
 * MEDIUM one two-note chime. It plays on one daemon thread; a ring asked for while one plays is
 * dropped rather than queued, so the rings of several windows never pile up.
 *
 * <p>A computer without a sound device (or a headless one) makes {@link #ring} fail once on the
 * player thread: that logs one line, the sound is {@link Availability#UNAVAILABLE} from then on, and
 * later rings do nothing. Nothing reaches the caller. Thread-safe.
 */
public final class ToneSound implements AlertSound {
    private static final Logger LOG = LoggerFactory.getLogger(ToneSound.class);
    static final AudioFormat FORMAT = new AudioFormat(44_100f, 16, 1, true, false);
    private static volatile ToneSound shared;

    /** Opens an output line; the seam tests use to act out a computer without sound. */
    @FunctionalInterface
    interface LineOpener {
        SourceDataLine open(AudioFormat format) throws LineUnavailableException;
    }

    private final LineOpener opener;
    private final byte[] high;
    private final byte[] medium;
    private final ExecutorService player = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("ccn-client-sound").daemon().factory());
    private final AtomicBoolean playing = new AtomicBoolean();
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile Availability availability = Availability.UNKNOWN;

    ToneSound(LineOpener opener, double volume) {
        this.opener = opener;
        high = tones(volume, 1_320, 120, 80, 1_320, 120, 80, 1_320, 120, 0);
        medium = tones(volume, 880, 160, 40, 660, 220, 0);
    }

    /** The sound all windows of this process share (the classroom demo opens several). */
    public static ToneSound shared() {
        ToneSound s = shared;
        if (s == null) {
            synchronized (ToneSound.class) {
                s = shared;
                if (s == null) {
                    s = new ToneSound(ToneSound::openSystemLine, 0.5);
                    shared = s;
                }
            }
        }
        return s;
    }

    @Override
    public void ring(Priority priority) {
        if (availability == Availability.UNAVAILABLE || !playing.compareAndSet(false, true)) {
            return;
        }
        byte[] pcm = priority == Priority.HIGH ? high : medium;
        player.execute(() -> play(pcm));
    }

    @Override
    public Availability availability() {
        return availability;
    }

    private void play(byte[] pcm) {
        try (SourceDataLine line = opener.open(FORMAT)) {
            line.start();
            line.write(pcm, 0, pcm.length);
            line.drain();
            availability = Availability.AVAILABLE;
        } catch (LineUnavailableException | RuntimeException e) {
            // IllegalArgumentException: no mixer has such a line (no device at all);
            // SecurityException, HeadlessException and friends: the same for us.
            if (reported.compareAndSet(false, true)) {
                LOG.info("No sound device ({}): alerts are shown and notified without sound", describe(e));
            }
            // After the line: whoever sees UNAVAILABLE can rely on it having been said (a CI run read
            // the log between the two and found it empty).
            availability = Availability.UNAVAILABLE;
        } finally {
            playing.set(false);
        }
    }

    static String describe(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    static SourceDataLine openSystemLine(AudioFormat format) throws LineUnavailableException {
        SourceDataLine line = AudioSystem.getSourceDataLine(format);
        line.open(format);
        return line;
    }

    /**
     * 16-bit little-endian mono PCM: {@code (hertz, millis, pauseMillis)} triples, each note faded
     * in and out over 8 ms so it does not click.
     */
    static byte[] tones(double volume, int... notes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        float rate = FORMAT.getSampleRate();
        for (int i = 0; i + 2 < notes.length; i += 3) {
            int samples = (int) (rate * notes[i + 1] / 1000);
            int fade = (int) (rate * 0.008);
            for (int n = 0; n < samples; n++) {
                double envelope = Math.min(1, Math.min(n, samples - 1 - n) / (double) fade);
                short v = (short) (Math.sin(2 * Math.PI * notes[i] * n / rate) * envelope * volume * Short.MAX_VALUE);
                out.write(v & 0xFF);
                out.write((v >> 8) & 0xFF);
            }
            int pause = (int) (rate * notes[i + 2] / 1000);
            for (int n = 0; n < pause * 2; n++) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }
}
