package ccn.alerts.client.gui.attention;

import ccn.alerts.client.gui.login.LoginDefaultsStore;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * Where the client keeps its {@link AttentionChoices} for next time, beside the login defaults and
 * the text size. {@link #save} may touch the disk: call it off the FX thread.
 */
public interface AttentionStore {
    String FRONT = "attention.bringToFront";
    String BANNER = "attention.banner";
    String SOUND = "attention.sound";
    String NOTIFICATION = "attention.desktopNotification";

    AttentionChoices load();

    void save(AttentionChoices choices);

    /** Java preferences, in the same node as {@link LoginDefaultsStore#preferences()}. */
    static AttentionStore preferences() {
        return preferences(Preferences.userRoot().node(LoginDefaultsStore.NODE));
    }

    static AttentionStore preferences(Preferences node) {
        return new AttentionStore() {
            @Override
            public AttentionChoices load() {
                return new AttentionChoices(node.getBoolean(FRONT, true), node.getBoolean(BANNER, true),
                        node.getBoolean(SOUND, true), node.getBoolean(NOTIFICATION, true));
            }

            @Override
            public void save(AttentionChoices c) {
                node.putBoolean(FRONT, c.bringToFront());
                node.putBoolean(BANNER, c.banner());
                node.putBoolean(SOUND, c.sound());
                node.putBoolean(NOTIFICATION, c.desktopNotification());
                try {
                    node.flush();
                } catch (BackingStoreException e) {
                    LoggerFactory.getLogger(AttentionStore.class).warn("Could not save the alert settings: {}", e.getMessage());
                }
            }
        };
    }

    /** Keeps the choices in memory only (tests, the classroom demo's windows); starts with everything on. */
    static AttentionStore inMemory() {
        return inMemory(AttentionChoices.ALL);
    }

    static AttentionStore inMemory(AttentionChoices initial) {
        AtomicReference<AttentionChoices> value = new AtomicReference<>(initial);
        return new AttentionStore() {
            @Override
            public AttentionChoices load() {
                return value.get();
            }

            @Override
            public void save(AttentionChoices choices) {
                value.set(choices);
            }
        };
    }
}
