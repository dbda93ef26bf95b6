package ccn.alerts.client.gui.login;

import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * Where the login form keeps host, port, user and key for next time. Injected, so tests use
 * {@link #inMemory()} and never touch the user's real preferences.
 */
public interface LoginDefaultsStore {
    /** The preferences node of this application for the current OS user. */
    String NODE = "ccn-alerts-client";

    LoginDefaults load();

    void save(LoginDefaults defaults);

    /** Java preferences under {@value #NODE} (registry on Windows, ~/.java on Linux). */
    static LoginDefaultsStore preferences() {
        return preferences(Preferences.userRoot().node(NODE));
    }

    static LoginDefaultsStore preferences(Preferences node) {
        return new LoginDefaultsStore() {
            @Override
            public LoginDefaults load() {
                LoginDefaults d = LoginDefaults.FIRST_RUN;
                return new LoginDefaults(node.get("host", d.host()), node.get("port", d.port()),
                        node.get("username", d.username()), node.get("key", d.keyText()));
            }

            @Override
            public void save(LoginDefaults defaults) {
                node.put("host", defaults.host());
                node.put("port", defaults.port());
                node.put("username", defaults.username());
                node.put("key", defaults.keyText());
                try {
                    node.flush();
                } catch (BackingStoreException e) {
                    // Remembering is a convenience; the login goes ahead without it.
                    System.getLogger(LoginDefaultsStore.class.getName())
                            .log(System.Logger.Level.WARNING, "Could not save the login defaults", e);
                }
            }
        };
    }

    /** Keeps the values in memory only (tests, demos). */
    static LoginDefaultsStore inMemory() {
        return inMemory(LoginDefaults.FIRST_RUN);
    }

    static LoginDefaultsStore inMemory(LoginDefaults initial) {
        AtomicReference<LoginDefaults> value = new AtomicReference<>(initial);
        return new LoginDefaultsStore() {
            @Override
            public LoginDefaults load() {
                return value.get();
            }

            @Override
            public void save(LoginDefaults defaults) {
                value.set(defaults);
            }
        };
    }
}
