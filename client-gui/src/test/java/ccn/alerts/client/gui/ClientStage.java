package ccn.alerts.client.gui;

import ccn.alerts.client.gui.login.LoginDefaultsStore;
import ccn.alerts.testing.TestServer;
import javafx.stage.Stage;

import java.util.List;

import static ccn.alerts.client.gui.FxWait.onFx;

/**
 * The client window on the stage TestFX hands a test's {@code @Start}, shown as the app shows
 * it, and shut down after the test. Every flow test starts the same way; only the launch options
 * differ.
 */
final class ClientStage {
    private ClientStage() {
    }

    /** On the FX thread (from {@code @Start}): the window as the app opens it (zoom keys included), shown. */
    static ClientWindow show(Stage stage, LoginDefaultsStore store, LaunchOptions options) {
        return show(stage, new ClientWindow(store, options), ZoomStore.inMemory());
    }

    /** The same, with a window the test made (e.g. with its own clock) and a zoom store it reads. */
    static ClientWindow show(Stage stage, ClientWindow window, ZoomStore zoom) {
        ClientApp.open(stage, window, zoom);
        stage.show();
        return window;
    }

    /** A form filled in for {@code server}; the test presses Connect. */
    static LaunchOptions loginTo(TestServer server, String user, String password) {
        return LaunchOptions.parse(List.of("--host", "127.0.0.1", "--port", Integer.toString(server.port()),
                "--user", user, "--key", server.key().asText(), "--password", password));
    }

    /**
     * On the FX thread: user1's window for {@code server}, with the attention services a test
     * hands in (recording fakes, or the real ones on a machine without devices) and a 200 ms
     * repeat, so a HIGH alert rings again within a test's patience.
     */
    static ClientWindow showUser1(Stage stage, TestServer server, ccn.alerts.client.gui.attention.AttentionServices services) {
        return show(stage, new ClientWindow(LoginDefaultsStore.inMemory(), loginTo(server, "user1", "pass123"),
                java.time.InstantSource.system(), services, javafx.util.Duration.millis(200)), ZoomStore.inMemory());
    }

    /** From {@code @AfterEach}: stops any ringing, then logs out (see {@link #shutdown}). */
    static void silenceAndShutdown(ClientWindow window) {
        onFx(() -> {
            window.silence();
            return null;
        });
        shutdown(window);
    }

    /** From {@code @AfterEach}: the session logs out before the extension closes the server, as a user would. */
    static void shutdown(ClientWindow window) {
        onFx(() -> {
            window.shutdown();
            return null;
        });
    }
}
