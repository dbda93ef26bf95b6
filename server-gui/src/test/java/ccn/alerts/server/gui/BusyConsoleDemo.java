package ccn.alerts.server.gui;

import ccn.alerts.client.AlertClient;
import ccn.alerts.client.ClientConfig;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertServer;
import ccn.alerts.testing.TestServer;
import javafx.application.Application;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: opens the console with three logged-in clients and a dozen alerts of each priority,
 * for the README's screenshot. Run with the test class path.
 */
public final class BusyConsoleDemo {
    private BusyConsoleDemo() {
    }

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }

    /** The application; separate so the class-path launcher accepts the main class. */
    public static final class App extends Application {
    private final List<AlertClient> clients = new ArrayList<>();

    @Override
    public void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("ccn-busy-demo");
        AlertServer server = new AlertServer(TestServer.config(dir).withPasswordIterations(10_000));
        server.start();
        server.setWireCapture(true);
        ServerConsoleModel model = new ServerConsoleApp().show(stage, server, false);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                for (String[] u : new String[][]{{"admin", "admin123"}, {"user1", "pass123"}, {"user2", "pass456"}, {"user2", "pass456"}}) {
                    AlertClient c = new AlertClient(ClientConfig.of("127.0.0.1", server.port(), u[0], u[1], server.key()));
                    clients.add(c);
                    c.connect().get();
                }
                // A student with last week's class key: the inspector shows the handshake it failed.
                new AlertClient(ClientConfig.of("127.0.0.1", server.port(), "user1", "pass123",
                        server.key().withClassKey(new byte[32]))).connect().get();
                String[] texts = {"Fire drill at 3 pm: leave by the east stairs", "Lab 2 network maintenance tonight",
                        "Quiz moved to Thursday", "Heat warning: stay indoors"};
                for (int i = 0; i < 12; i++) {
                    server.broadcastWeatherAlert();
                    for (Priority p : Priority.values()) {
                        server.broadcastManualAlert(p, texts[(i + p.ordinal()) % texts.length], "console");
                    }
                }
                server.setWeatherSource(new ccn.alerts.alert.FixedWeather(35, 90, "Sunny"));
                server.broadcastWeatherAlert();
                // A second window of user2 closes before the last alert: three clients stay.
                clients.get(3).close();
                server.broadcastManualAlert(Priority.HIGH, "Server room temperature above 30 °C", "console");
            } catch (Exception e) {
                // The model is the FX thread's; this is the demo's own thread.
                javafx.application.Platform.runLater(() -> model.reportProblem("Demo failed: " + e.getMessage()));
            }
        });
    }
    }
}
