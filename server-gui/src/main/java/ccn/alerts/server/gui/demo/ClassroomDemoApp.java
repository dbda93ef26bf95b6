package ccn.alerts.server.gui.demo;

import ccn.alerts.cli.CommandLine;
import ccn.alerts.cli.ServerMain;
import ccn.alerts.client.gui.ClientApp;
import ccn.alerts.client.gui.LaunchOptions;
import ccn.alerts.log.EventType;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ServerConfig;
import ccn.alerts.server.ServerState;
import ccn.alerts.server.gui.ServerConsoleApp;
import ccn.alerts.server.gui.ServerConsoleModel;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Opens the console (autostarted) at the full height of its screen and, once it runs, a column of
 * client windows beside it, logged in as the demo users with the server's key — three on a
 * 1920×1080 screen, two on 1280×800 ({@link DemoTiling} says why).
 */
public final class ClassroomDemoApp extends Application {
    /** The seed's default accounts; a class that changed their passwords logs in by hand. */
    static final List<String[]> DEMO_USERS = List.of(
            new String[]{"admin", "admin123"}, new String[]{"user1", "pass123"}, new String[]{"user2", "pass456"});

    @Override
    public void start(Stage consoleStage) {
        ServerConfig config;
        Path temporary = null;
        try {
            CommandLine cl = CommandLine.parse(getParameters().getRaw().toArray(String[]::new),
                    ServerMain.OPTIONS_WITH_VALUE, Set.of("no-auto-alerts", "autostart"));
            config = ServerMain.configFrom(cl);
            // A fresh demo shows no alerts or weather points of an earlier one, unless asked.
            if (!cl.has("data-dir")) {
                temporary = DemoDataDirectory.create();
                config = config.withDataDir(temporary);
            }
        } catch (IllegalArgumentException e) {
            fail("Invalid option: " + e.getMessage());
            return;
        } catch (IOException e) {
            fail("Cannot create the demo's data directory: " + e.getMessage());
            return;
        }
        Path fresh = temporary;
        String where = fresh != null
                ? "Classroom demo on a fresh data directory, " + fresh + ", deleted on exit (--data-dir PATH keeps one)"
                : "Classroom demo on the data directory " + config.dataDir().toAbsolutePath();
        AlertServer server;
        try {
            server = new AlertServer(config);
        } catch (IOException | RuntimeException e) {
            DemoDataDirectory.delete(fresh);
            fail("Cannot open the data directory " + config.dataDir().toAbsolutePath() + ":\n" + e.getMessage());
            return;
        }
        server.eventLog().log(EventType.SERVER, where);
        ServerConsoleApp console = new ServerConsoleApp();
        ServerConsoleModel model = console.show(consoleStage, server, true);
        if (fresh != null) {
            console.afterStop(() -> DemoDataDirectory.delete(fresh));
        }
        console.stopOnSignals();
        // The screen the console opened on, not necessarily the primary one.
        Rectangle2D screen = Screen.getScreensForRectangle(consoleStage.getX(), consoleStage.getY(),
                        Math.max(1, consoleStage.getWidth()), Math.max(1, consoleStage.getHeight())).stream()
                .findFirst().orElse(Screen.getPrimary()).getVisualBounds();
        DemoTiling.Plan plan = DemoTiling.plan(screen, DEMO_USERS.size());
        place(consoleStage, plan.console());

        ChangeListener<ServerState> whenRunning = new ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends ServerState> o, ServerState old, ServerState now) {
                if (now == ServerState.RUNNING) {
                    model.stateProperty().removeListener(this);
                    openClients(server, plan.clients());
                }
            }
        };
        model.stateProperty().addListener(whenRunning);
    }

    private void openClients(AlertServer server, List<Rectangle2D> places) {
        String host = "0.0.0.0".equals(server.config().bindAddress()) || "::".equals(server.config().bindAddress())
                ? "127.0.0.1" : server.config().bindAddress();
        for (int i = 0; i < places.size(); i++) {
            String[] user = DEMO_USERS.get(i);
            LaunchOptions options = new LaunchOptions(Optional.of(host), Optional.of(Integer.toString(server.port())),
                    Optional.of(user[0]), Optional.of(server.key().asText()), Optional.of(user[1]), true);
            Stage stage = new Stage();
            ClientApp.open(stage, options, false);
            place(stage, places.get(i));
            stage.show();
        }
    }

    private static void place(Stage stage, Rectangle2D r) {
        stage.setMinWidth(Math.min(stage.getMinWidth(), r.getWidth()));
        stage.setMinHeight(Math.min(stage.getMinHeight(), r.getHeight()));
        stage.setX(r.getMinX());
        stage.setY(r.getMinY());
        stage.setWidth(r.getWidth());
        stage.setHeight(r.getHeight());
    }

    private static void fail(String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.CLOSE);
        alert.setHeaderText("The classroom demo cannot start");
        alert.showAndWait();
        Platform.exit();
    }
}
