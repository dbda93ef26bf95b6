package ccn.alerts.server.gui;

import ccn.alerts.cli.CommandLine;
import ccn.alerts.gui.Zoom;
import ccn.alerts.cli.ServerMain;
import ccn.alerts.gui.StopOnExit;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ServerConfig;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The teacher's window. Takes the headless server's options ({@code --port}, {@code --bind},
 * {@code --data-dir}, ...) plus {@code --autostart}. Closing the window stops the server
 * gracefully, asking first if clients are connected; Ctrl+C and SIGTERM take the same stop path
 * without asking ({@link StopOnExit}).
 */
public class ServerConsoleApp extends Application {
    public static final String TITLE = "CCN Alert Server";
    static final double START_PX = 14;

    private ServerConsoleModel model;
    private Zoom zoom;
    private StopOnExit stopper;
    private volatile Runnable afterStop = () -> { };

    @Override
    public void start(Stage stage) {
        List<String> args = getParameters().getRaw();
        ServerConfig config;
        boolean autostart;
        java.util.Optional<ccn.alerts.school.Upstream.Settings> school;
        try {
            CommandLine cl = CommandLine.parse(args.toArray(String[]::new), ServerMain.OPTIONS_WITH_VALUE,
                    Set.of("help", "no-auto-alerts", "autostart"));
            config = ServerMain.configFrom(cl);
            autostart = cl.has("autostart");
            school = ServerMain.upstreamSettings(cl);
        } catch (IllegalArgumentException e) {
            fatal("Invalid option: " + e.getMessage());
            return;
        }
        AlertServer server;
        try {
            server = new AlertServer(config);
        } catch (IOException | RuntimeException e) {
            fatal("Cannot open the data directory " + config.dataDir().toAbsolutePath() + ":\n" + e.getMessage());
            return;
        }
        show(stage, server, autostart);
        school.ifPresent(model::linkToSchool);
        stopOnSignals();
    }

    /** Makes Ctrl+C and SIGTERM stop the server as closing the window does; once per launch, after {@link #show}. */
    public void stopOnSignals() {
        stopper.onSignals();
    }

    /** Runs after the server has stopped, on whichever path stopped it (the demo deletes its data directory). */
    public void afterStop(Runnable action) {
        afterStop = Objects.requireNonNull(action, "action");
    }

    /** Builds the window around a server; tests call this with their own engine. */
    public ServerConsoleModel show(Stage stage, AlertServer server, boolean autostart) {
        return show(stage, server, autostart, StudentAddresses.fromInterfaces());
    }

    /** As {@link #show(Stage, AlertServer, boolean)}, listing the machine's addresses from {@code addresses}. */
    public ServerConsoleModel show(Stage stage, AlertServer server, boolean autostart, StudentAddresses.Source addresses) {
        model = new ServerConsoleModel(server, addresses);
        ServerConsoleModel stopping = model;
        // The engine waits up to a few seconds for clients to take SERVER_SHUTDOWN; then the rest.
        stopper = new StopOnExit("ccn-console-shutdown", () -> {
            stopping.shutdown();
            afterStop.run();
        }, Duration.ofSeconds(15));
        ServerConsoleView view = new ServerConsoleView(model, server.config().bindAddress(), server.config().port());
        Scene scene = new Scene(view, 1280, 800);
        scene.getStylesheets().addAll(
                Objects.requireNonNull(ServerConsoleApp.class.getResource("/ccn/alerts/styles/palette.css")).toExternalForm(),
                Objects.requireNonNull(ServerConsoleApp.class.getResource("server-console.css")).toExternalForm());
        // Ctrl+plus / minus / 0 for the projector; every size in our stylesheet is in em and follows.
        // Starts at the 14 px the console has always had (the platform default is 13 px on Linux).
        double start = START_PX / javafx.scene.text.Font.getDefault().getSize();
        zoom = Zoom.install(scene, start, start); // Ctrl+0: back to the size it opened at
        stage.setTitle(TITLE);
        stage.setScene(scene);
        stage.setMinWidth(1000);
        stage.setMinHeight(640);
        var icon = ServerConsoleApp.class.getResourceAsStream("/ccn/alerts/styles/ccn-alerts.png");
        if (icon != null) {
            stage.getIcons().add(new Image(icon));
        }
        stage.setOnCloseRequest(this::confirmClose);
        stage.show();
        if (autostart) {
            model.start(server.config().bindAddress(), server.config().port());
        }
        return model;
    }

    /** The window's text size (after {@code show}). */
    public Zoom zoom() {
        return zoom;
    }

    private void confirmClose(WindowEvent event) {
        int clients = model.connectedClients();
        if (clients > 0) {
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION,
                    clients + " client(s) are connected. They will be told the server is shutting down.",
                    ButtonType.CANCEL, ButtonType.OK);
            ask.setHeaderText("Stop the server and close?");
            ask.initOwner(((Stage) event.getSource()));
            if (ask.showAndWait().filter(ButtonType.OK::equals).isEmpty()) {
                event.consume();
                return;
            }
        }
        // Graceful stop off the FX thread; the window closes now, the JVM exits when it is done.
        stopper.runInBackground(Platform::exit);
    }

    private static void fatal(String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.CLOSE);
        alert.setHeaderText("The server console cannot start");
        alert.setTitle(TITLE);
        alert.showAndWait();
        Platform.exit();
    }
}
