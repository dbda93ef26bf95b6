package ccn.alerts.client.gui;

import ccn.alerts.alert.FixedWeather;
import ccn.alerts.client.gui.login.LoginDefaultsStore;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ServerConfig;
import javafx.application.Application;
import javafx.stage.Stage;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-command demo (and what the screenshots are taken from): the real client window against an
 * in-process server on a free port, with remembered values kept in memory only.
 *
 * <pre>
 *   java -cp … ccn.alerts.client.gui.DemoFeed [login | error | feed]
 * </pre>
 * {@code login} shows the pre-filled form; {@code error} logs in with a wrong password;
 * {@code feed} (default) logs in as user1 and the server sends alerts of every priority.
 */
public final class DemoFeed {
    private static AlertServer server;
    private static LaunchOptions options;

    private DemoFeed() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "feed";
        server = new AlertServer(ServerConfig.defaults().withPort(0)
                .withDataDir(Files.createTempDirectory("ccn-demo")).withPasswordIterations(1_000).withAutoAlerts(false)
                .withHeartbeatInterval(Duration.ofSeconds(2)));
        server.start();
        List<String> flags = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", Integer.toString(server.port()),
                "--user", "user1", "--key", server.key().asText()));
        switch (scenario) {
            case "login" -> { }
            case "error" -> flags.addAll(List.of("--password", "pass-wrong", "--auto-login"));
            case "feed" -> {
                flags.addAll(List.of("--password", "pass123", "--auto-login"));
                Thread.ofPlatform().daemon().name("ccn-demo-alerts").start(DemoFeed::sendAlerts);
            }
            default -> throw new IllegalArgumentException("scenario is login, error or feed, not " + scenario);
        }
        options = LaunchOptions.parse(flags);
        Application.launch(Window.class);
        server.close();
    }

    private static void sendAlerts() {
        try {
            while (server.clients().stream().noneMatch(c -> c.username() != null)) {
                Thread.sleep(100);
            }
            Thread.sleep(500);
            weather(22.5, 45, "Partly cloudy");
            server.broadcastManualAlert(Priority.LOW, "Lab 3 opens at 14:00 today — bring your student card.", "admin");
            weather(27.0, 65, "Humid");
            server.broadcastManualAlert(Priority.MEDIUM, "Network maintenance in room B12 from 16:00: "
                    + "expect short outages on the lab switch.", "admin");
            weather(33.5, 85, "Sunny");
            Thread.sleep(Duration.ofSeconds(1));
            server.broadcastManualAlert(Priority.HIGH, "Fire drill in 5 minutes: leave the building by the north stairs.",
                    "admin");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void weather(double t, double h, String condition) throws InterruptedException {
        server.setWeatherSource(new FixedWeather(t, h, condition));
        server.broadcastWeatherAlert();
        Thread.sleep(300);
    }

    /** The client window with in-memory login defaults, so the demo leaves no preferences behind. */
    public static final class Window extends Application {
        private ClientWindow window;

        @Override
        public void start(Stage stage) {
            window = ClientApp.open(stage, LoginDefaultsStore.inMemory(), ZoomStore.inMemory(), options);
            // Fill the screen (1280×800 under gui-shot) so the screenshots show the whole window.
            javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
            stage.setX(screen.getMinX());
            stage.setY(screen.getMinY());
            stage.setWidth(screen.getWidth());
            stage.setHeight(screen.getHeight());
            stage.show();
        }

        @Override
        public void stop() {
            window.shutdown();
        }
    }
}
