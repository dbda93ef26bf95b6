package ccn.alerts.client.gui;

import ccn.alerts.client.AlertClient;
import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientListener;
import ccn.alerts.client.gui.attention.AttentionServices;
import ccn.alerts.client.gui.login.LoginDefaultsStore;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertRequest;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ServerConfig;
import javafx.application.Application;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the life-cycle screenshots are taken from: the real client window against an in-process
 * server, with this computer's sound and notifications and in-memory settings.
 *
 * <pre>
 *   java -cp … ccn.alerts.client.gui.LifecycleDemo [banner | cards] [WIDTHxHEIGHT]
 * </pre>
 * {@code banner}: a LOW and a MEDIUM alert, then a HIGH one with its banner. {@code cards}: an
 * updated card, a cancelled one, an all clear, an expired one, a drill read in another window
 * (READ_OK) and one sent while the user was away.
 */
public final class LifecycleDemo {
    private static AlertServer server;
    private static LaunchOptions options;

    private LifecycleDemo() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "banner";
        server = new AlertServer(ServerConfig.defaults().withPort(0)
                .withDataDir(Files.createTempDirectory("ccn-lifecycle-demo")).withPasswordIterations(1_000)
                .withAutoAlerts(false).withHeartbeatInterval(Duration.ofSeconds(2)));
        server.start();
        if (scenario.equals("cards")) {
            server.broadcastManualAlert(Priority.LOW, "Tomorrow's timetable: chemistry moves to room A4.", "admin");
        }
        options = LaunchOptions.parse(new ArrayList<>(List.of("--host", "127.0.0.1", "--port",
                Integer.toString(server.port()), "--user", "user1", "--key", server.key().asText(),
                "--password", "pass123", "--auto-login")));
        Thread.ofPlatform().daemon().name("ccn-demo-alerts").start(() -> {
            try {
                // The window has logged in and read AUTH_SUCCESS: its first HEARTBEAT reached the
                // server, so the alerts below are live ones, not catch-up.
                ccn.alerts.testing.Await.until(Duration.ofSeconds(30), () -> server.clients().stream()
                        .anyMatch(c -> c.username() != null && c.lastHeartbeat() != null), "the demo window logs in");
                if (scenario.equals("cards")) {
                    cards();
                } else {
                    banner();
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        Application.launch(Window.class);
        server.close();
    }

    private static void banner() throws Exception {
        server.broadcastManualAlert(Priority.LOW, "Lab 3 opens at 14:00 today — bring your student card.", "admin");
        server.broadcastManualAlert(Priority.MEDIUM, "Network maintenance in room B12 from 16:00: expect short outages.",
                "admin");
        Thread.sleep(400); // pacing, not synchronisation: the cards get different times
        server.broadcastManualAlert(Priority.HIGH, "Gas leak reported in the science wing: leave by the north stairs "
                + "and gather on the sports field.", "admin");
        Thread.sleep(300); // pacing, as above
        server.broadcastManualAlert(Priority.LOW, "The library closes early today, at 15:30.", "admin");
    }

    private static void cards() throws Exception {
        long expired = server.broadcastAlert(AlertRequest.of(Priority.HIGH, "Heavy rain: stay inside during the break.",
                "admin").expiringIn(Duration.ofSeconds(2))).alertId();
        long cancelled = server.broadcastManualAlert(Priority.HIGH, "Lockdown: stay in your classroom.", "admin").alertId();
        long cleared = server.broadcastManualAlert(Priority.HIGH, "Storm warning: keep away from the windows.", "admin")
                .alertId();
        long updated = server.broadcastManualAlert(Priority.MEDIUM, "The exam starts at 10:00 in room B12.", "admin")
                .alertId();
        long drill = server.broadcastAlert(AlertRequest.of(Priority.HIGH, "Fire drill: leave the building by the "
                + "north stairs.", "admin").asDrill(true)).alertId();
        Thread.sleep(500); // pacing: the revisions get a later time than the alerts they change
        server.updateAlert(updated, Priority.MEDIUM, "The exam starts at 10:30 in room C3 (moved).", null);
        server.endAlert(cancelled, Message.AlertState.CANCELLED, null);
        server.endAlert(cleared, Message.AlertState.ALL_CLEAR, "All clear: the storm has passed.");
        // The same person confirms the drill in another window: READ_OK reaches this one too.
        readElsewhere(drill);
        server.broadcastManualAlert(Priority.LOW, "The library closes early today, at 15:30.", "admin");
        System.out.println("demo alerts sent; " + expired + " expires in 2 s");
    }

    private static void readElsewhere(long alertId) throws Exception {
        AlertClient other = new AlertClient(ClientConfig.of("127.0.0.1", server.port(), "user1", "pass123",
                server.key()));
        CountDownLatch got = new CountDownLatch(1);
        other.addListener(new ClientListener() {
            @Override
            public void alertReceived(Message.Alert alert) {
                if (alert.alertId() == alertId) {
                    got.countDown();
                }
            }
        });
        other.connect().get(10, TimeUnit.SECONDS);
        got.await(10, TimeUnit.SECONDS);
        other.confirmRead(alertId);
    }

    /** The client window filling the screen, in-memory settings, this computer's sound and notifications. */
    public static final class Window extends Application {
        private ClientWindow window;

        @Override
        public void start(Stage stage) {
            window = ClientApp.open(stage, new ClientWindow(LoginDefaultsStore.inMemory(), options,
                    AttentionServices.system(false)), ZoomStore.inMemory());
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
