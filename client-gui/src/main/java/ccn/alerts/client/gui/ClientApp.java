package ccn.alerts.client.gui;

import ccn.alerts.client.gui.attention.AttentionServices;
import ccn.alerts.client.gui.attention.TrayNotifier;
import ccn.alerts.client.gui.login.LoginDefaultsStore;
import ccn.alerts.gui.Zoom;
import ccn.alerts.gui.StopOnExit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The student client window. Flags: see {@link LaunchOptions#USAGE}; with Maven,
 * {@code ./mvnw -pl client-gui -am javafx:run -Djavafx.args="--user user1 --key ccn2-…"}.
 */
public final class ClientApp extends Application {
    public static final String PALETTE_CSS = "/ccn/alerts/styles/palette.css";
    public static final String CLIENT_CSS = "/ccn/alerts/client/gui/client.css";

    private static final ExecutorService PREFERENCES = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("ccn-client-preferences").daemon().factory());

    private ClientWindow window;
    private StopOnExit stopper;

    public static void main(String[] args) {
        launch(ClientApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(getParameters().getRaw());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            Platform.exit();
            return;
        }
        ClientWindow opened = open(stage, new ClientWindow(LoginDefaultsStore.preferences(), options,
                AttentionServices.system(true)), ZoomStore.preferences());
        window = opened;
        // Ctrl+C and SIGTERM log out like closing the window: the server logs the logout.
        stopper = new StopOnExit("ccn-client-logout", () -> logOut(opened), Duration.ofSeconds(5)).onSignals();
        stage.setOnHidden(e -> stopper.runInBackground(() -> { }));
        // Narrow is fine (the layout turns compact, see ccn.alerts.gui.Compact); narrower than a
        // phone, nothing fits.
        stage.setMinWidth(360);
        stage.setMinHeight(420);
        stage.show();
    }

    /**
     * Puts a client window into {@code stage} (not yet shown): the classroom demo opens several in
     * one JVM this way, each with its own engine. {@code rememberLogin} false keeps the demo's
     * windows from overwriting what a student's own client remembers (login, text size and alert
     * settings).
     * Ctrl+plus / Ctrl+minus / Ctrl+0 zoom the window's text.
     */
    public static ClientWindow open(Stage stage, LaunchOptions options, boolean rememberLogin) {
        return rememberLogin
                ? open(stage, new ClientWindow(LoginDefaultsStore.preferences(), options, AttentionServices.system(true)),
                        ZoomStore.preferences())
                : open(stage, LoginDefaultsStore.inMemory(), ZoomStore.inMemory(), options);
    }

    /** The window in {@code stage} with in-memory stores and this computer's sound and notifications (the demo). */
    static ClientWindow open(Stage stage, LoginDefaultsStore store, ZoomStore zoomStore, LaunchOptions options) {
        return open(stage, new ClientWindow(store, options, AttentionServices.system(false)), zoomStore);
    }

    static ClientWindow open(Stage stage, ClientWindow window, ZoomStore zoomStore) {
        Scene scene = createScene(window, 1120, 760);
        Zoom zoom = Zoom.install(scene, zoomStore.load());
        // Preferences.flush writes to disk (or the registry): one ordered writer, off the FX thread.
        zoom.factorProperty().addListener((o, old, factor) -> PREFERENCES.execute(() -> zoomStore.save(factor.doubleValue())));
        window.attentionSettings().onChange(choices -> PREFERENCES.execute(() -> window.attentionServices().store().save(choices)));
        stage.setScene(scene);
        stage.titleProperty().bind(window.titleProperty());
        var icon = ClientApp.class.getResourceAsStream("/ccn/alerts/styles/ccn-alerts.png");
        if (icon != null) {
            stage.getIcons().add(new javafx.scene.image.Image(icon));
        }
        stage.setOnHidden(e -> window.shutdown());
        // Not setOnHidden: start() replaces that handler, and a closed window must stop ringing.
        stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> window.silence());
        return window;
    }

    @Override
    public void stop() {
        // The FX thread never waits for the network: the logout runs on its own thread, and the
        // shutdown hook waits for it before the JVM ends.
        if (stopper != null) {
            stopper.runInBackground(() -> { });
        }
        TrayNotifier.shared().close();
    }

    private static void logOut(ClientWindow window) {
        try {
            window.shutdown().get(4, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Nothing more to do on the way out: the server drops the connection by itself.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A scene with the shared palette and the client stylesheet (tests use it too). */
    public static Scene createScene(javafx.scene.Parent root, double width, double height) {
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().addAll(
                Objects.requireNonNull(ClientApp.class.getResource(PALETTE_CSS), PALETTE_CSS).toExternalForm(),
                Objects.requireNonNull(ClientApp.class.getResource(CLIENT_CSS), CLIENT_CSS).toExternalForm());
        return scene;
    }
}
