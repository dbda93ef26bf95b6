package ccn.alerts.client.gui.attention;

import java.util.Objects;

/**
 * What a client window draws attention with: where its choices are kept, the sound and the desktop
 * notifications. Thread-safe (its parts are).
 */
public record AttentionServices(AttentionStore store, AlertSound sound, DesktopNotifier notifier) {
    public AttentionServices {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(sound, "sound");
        Objects.requireNonNull(notifier, "notifier");
    }

    /**
     * The real sound and notifications of this computer (each quietly absent where there is none);
     * the choices in Java preferences when {@code remember}, else in memory (the classroom demo).
     */
    public static AttentionServices system(boolean remember) {
        return new AttentionServices(remember ? AttentionStore.preferences() : AttentionStore.inMemory(),
                ToneSound.shared(), TrayNotifier.shared());
    }

    /** No sound, no notifications, choices in memory: tests that are not about attention. */
    public static AttentionServices quiet() {
        return new AttentionServices(AttentionStore.inMemory(), AlertSound.NONE, DesktopNotifier.NONE);
    }
}
