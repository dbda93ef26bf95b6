package ccn.alerts.client.gui.attention;

import javax.sound.sampled.LineUnavailableException;

/** The real sound and notifier as a computer without a sound device or system tray has them. */
public final class NoDevices {
    private NoDevices() {
    }

    public static ToneSound sound() {
        return new ToneSound(format -> {
            throw new LineUnavailableException("no audio device");
        }, 0.5);
    }

    /** The real check: tests run with java.awt.headless=true, so there is no tray. */
    public static TrayNotifier notifier() {
        return new TrayNotifier(TrayNotifier::systemTraySupported);
    }
}
