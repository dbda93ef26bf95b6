package ccn.alerts.server.gui.school;

import ccn.alerts.protocol.Message;
import ccn.alerts.testing.NatsCluster;
import ccn.alerts.school.School;
import ccn.alerts.school.SchoolSubjects;
import ccn.alerts.school.Upstream;
import ccn.alerts.server.gui.ConsoleWait;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The school console's window against a real nats-server and two classroom servers: send to
 * every room, see each room's counts and the total, cancel everywhere.
 */
@ExtendWith(ApplicationExtension.class)
class SchoolConsoleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    static Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<TestClient> clients = new ArrayList<>();
    private School school;

    @Start
    void start(Stage stage) throws Exception {
        assumeTrue(NatsCluster.binary().isPresent(), NatsCluster.missingMessage());
        Path here = Files.createTempDirectory(dir, "run");
        NatsCluster nats = NatsCluster.start(here.resolve("nats"), 1);
        open.add(nats);
        SchoolSubjects subjects = new SchoolSubjects("gui.school");
        for (String room : List.of("room-101", "lab-a")) {
            TestServer ts = TestServer.start(here.resolve(room));
            open.add(ts);
            Upstream up = Upstream.start(ts.server(), new Upstream.Settings(nats.urls(), null, null, subjects, room, 1));
            open.add(up);
            clients.add(ts.connected("user1", "pass123"));
        }
        school = School.connect(new School.Settings(nats.urls(), null, null, subjects, "Lincoln High", 1, here.resolve("school")));
        open.add(school);
        new SchoolConsoleApp().show(stage, school, "head");
    }

    @AfterEach
    void close() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // closing what the test opened
            }
        }
    }

    @Test
    void sendToEveryRoom_seeTheRooms_thenCancelEverywhere(FxRobot robot) throws Exception {
        robot.clickOn("#schoolMessage").write("Fire drill at 10:00");
        robot.clickOn("#drillBox");
        robot.clickOn("#schoolSend");

        for (TestClient c : clients) {
            Message.Alert a = Await.value(WAIT, () -> c.alerts.stream().filter(x -> x.school() != null).findFirst().orElse(null),
                    () -> "school alert at " + c.engine.config().label() + ": " + c.alerts);
            assertEquals("Lincoln High (head)", a.from());
            c.awaitAckConfirmed(a.alertId());
        }
        TableView<?> alerts = robot.lookup("#schoolAlerts").queryAs(TableView.class);
        ConsoleWait.waitForOnFx(() -> alerts.getItems().size() == 1);
        robot.interact(() -> alerts.getSelectionModel().select(0));
        Label totals = robot.lookup("#schoolTotals").queryAs(Label.class);
        // Each room: admin, user1, user2; user1 has it on screen.
        ConsoleWait.waitForOnFx(() -> totals.getText().equals("School alert 1: delivered 2 / 6 · read 0 / 6 across 2 rooms"));
        TableView<?> rooms = robot.lookup("#schoolRooms").queryAs(TableView.class);
        ConsoleWait.waitForOnFx(() -> rooms.getItems().size() == 2);

        robot.clickOn("#schoolCancel");
        for (TestClient c : clients) {
            Await.until(WAIT, () -> c.alerts.stream().anyMatch(x -> x.school() != null && x.state() == Message.AlertState.CANCELLED),
                    () -> "cancel at " + c.engine.config().label() + ": " + c.alerts);
        }
        ConsoleWait.waitForOnFx(() -> alerts.getItems().size() == 1
                && ((SchoolConsoleView.AlertRow) alerts.getItems().get(0)).alert().state() == Message.AlertState.CANCELLED);
    }
}
