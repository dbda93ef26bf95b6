package ccn.alerts.server.gui;

import ccn.alerts.alert.Audience;
import ccn.alerts.client.AlertClient;
import ccn.alerts.client.ClientConfig;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertRequest;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.gui.alerts.AlertRow;
import ccn.alerts.testing.TestServer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: opens the console on a class of twelve in lab-a, most logged in, a HIGH alert to
 * lab-a that some have read (selected, its roster below), a drill, and a cancelled alert, for the
 * README's roster screenshot. Run with the test class path; {@code --wide} is for a 1920×1080 screen.
 */
public final class RosterConsoleDemo {
    private RosterConsoleDemo() {
    }

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }

    /** The application; separate so the class-path launcher accepts the main class. */
    public static final class App extends Application {
        private static final List<String> CLASS = List.of("amira", "ben", "chen", "dara", "eli", "fatima", "george",
                "hana", "ivan", "jana", "kofi");
        private final List<AlertClient> clients = new ArrayList<>();

        @Override
        public void start(Stage stage) throws Exception {
            Path dir = Files.createTempDirectory("ccn-roster-demo");
            AlertServer server = new AlertServer(TestServer.config(dir).withPasswordIterations(10_000).withAutoAlerts(false));
            for (String u : CLASS) {
                server.users().add(u, (u + "-pw").toCharArray());
                server.users().setGroups(u, List.of("lab-a"));
            }
            server.start();
            ServerConsoleModel model = new ServerConsoleApp().show(stage, server, false);
            if (getParameters().getRaw().contains("--wide")) {
                stage.setX(0); // no window manager under Xvfb: it would stay where the 1280-px window was centred
                stage.setY(0);
                stage.setWidth(1920);
                stage.setHeight(1080);
            }
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    List<AlertClient> in = new ArrayList<>();
                    in.add(login(server, "user1", "pass123"));
                    for (String u : CLASS.subList(0, 9)) { // jana and kofi are not logged in
                        in.add(login(server, u, u + "-pw"));
                    }
                    in.add(login(server, "user2", "pass456"));
                    Message.Alert cancelled = server.broadcastAlert(AlertRequest.of(Priority.MEDIUM,
                            "Quiz moved to room 12", "console"));
                    server.endAlert(cancelled.alertId(), Message.AlertState.CANCELLED, "Sent in error: the quiz stays in room 4");
                    server.broadcastAlert(AlertRequest.of(Priority.LOW, "Fire drill at 3 pm: leave by the east stairs",
                            "console").asDrill(true).expiringIn(Duration.ofHours(4)));
                    Message.Alert high = server.broadcastAlert(AlertRequest.of(Priority.HIGH,
                            "Lab A: gas smell reported, leave the lab now by the east door", "console")
                            .to(Audience.groups(List.of("lab-a"))).expiringIn(Duration.ofHours(1)));
                    // Reads after the deliveries, and the tab once the reads are in: conditions, not sleeps.
                    ccn.alerts.testing.Await.until(Duration.ofSeconds(30), () -> server.roster(high.alertId())
                            .map(r -> r.delivered() >= 10).orElse(false), "the logged-in members of lab-a have the alert");
                    for (AlertClient c : in.subList(0, 6)) {
                        c.confirmRead(high.alertId());
                    }
                    // ... and once the console's own list shows them (it polls the engine every 250 ms).
                    ccn.alerts.testing.Await.until(Duration.ofSeconds(30), () -> onFx(() -> model.alerts().rows().stream()
                            .anyMatch(r -> r.alertId() == high.alertId() && r.countsProperty().get().endsWith("read 6 / 12"))),
                            "the console lists six reads");
                    Platform.runLater(() -> {
                        TabPane tabs = (TabPane) stage.getScene().lookup("#mainTabs");
                        tabs.getSelectionModel().select(tabs.getTabs().stream()
                                .filter(t -> "alertsTab".equals(t.getId())).findFirst().orElseThrow());
                        @SuppressWarnings("unchecked")
                        TableView<AlertRow> table = (TableView<AlertRow>) stage.getScene().lookup("#alertsTable");
                        table.getItems().stream().filter(r -> r.alertId() == high.alertId()).findFirst()
                                .ifPresent(r -> table.getSelectionModel().select(r));
                    });
                } catch (Exception e) {
                    Platform.runLater(() -> model.reportProblem("Demo failed: " + e.getMessage()));
                }
            });
        }

        /** Reads FX state from the demo's own thread: on the FX thread, waited for. */
        private static boolean onFx(java.util.function.BooleanSupplier query) {
            java.util.concurrent.CompletableFuture<Boolean> answer = new java.util.concurrent.CompletableFuture<>();
            Platform.runLater(() -> answer.complete(query.getAsBoolean()));
            return answer.join();
        }

        private AlertClient login(AlertServer server, String user, String password) throws Exception {
            AlertClient c = new AlertClient(ClientConfig.of("127.0.0.1", server.port(), user, password, server.key()));
            clients.add(c);
            c.connect().get();
            return c;
        }
    }
}
