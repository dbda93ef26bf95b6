package ccn.alerts.client.gui;

import ccn.alerts.client.gui.login.LoginDefaultsStore;

import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * Where the client keeps its text size ({@link ccn.alerts.gui.Zoom}'s factor) for next time, beside
 * the login defaults. {@link #save} may touch the disk: call it off the FX thread.
 */
public interface ZoomStore {
    String KEY = "zoom";

    double load();

    void save(double factor);

    /** Java preferences, in the same node as {@link LoginDefaultsStore#preferences()}. */
    static ZoomStore preferences() {
        return preferences(Preferences.userRoot().node(LoginDefaultsStore.NODE));
    }

    static ZoomStore preferences(Preferences node) {
        return new ZoomStore() {
            @Override
            public double load() {
                return node.getDouble(KEY, 1.0);
            }

            @Override
            public void save(double factor) {
                node.putDouble(KEY, factor);
                try {
                    node.flush();
                } catch (BackingStoreException e) {
                    System.getLogger(ZoomStore.class.getName())
                            .log(System.Logger.Level.WARNING, "Could not save the text size", e);
                }
            }
        };
    }

    /** Keeps the factor in memory only (tests, the classroom demo's windows). */
    static ZoomStore inMemory() {
        AtomicReference<Double> value = new AtomicReference<>(1.0);
        return new ZoomStore() {
            @Override
            public double load() {
                return value.get();
            }

            @Override
            public void save(double factor) {
                value.set(factor);
            }
        };
    }
}
