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

    /** On the FX thread (from {@code @Start}): the window at the app's default size, its title on the stage. */
    static ClientWindow show(Stage stage, LoginDefaultsStore store, LaunchOptions options) {
        ClientWindow window = new ClientWindow(store, options);
        stage.setScene(ClientApp.createScene(window, 1120, 760));
        stage.titleProperty().bind(window.titleProperty());
        stage.show();
        return window;
    }

    /** A form filled in for {@code server}; the test presses Connect. */
    static LaunchOptions loginTo(TestServer server, String user, String password) {
        return LaunchOptions.parse(List.of("--host", "127.0.0.1", "--port", Integer.toString(server.port()),
                "--user", user, "--key", server.key().asText(), "--password", password));
    }

    /** From {@code @AfterEach}: the session logs out before the extension closes the server, as a user would. */
    static void shutdown(ClientWindow window) {
        onFx(() -> {
            window.shutdown();
            return null;
        });
    }
}
