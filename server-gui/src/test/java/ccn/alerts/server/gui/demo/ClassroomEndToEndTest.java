package ccn.alerts.server.gui.demo;

import ccn.alerts.client.ClientState;
import ccn.alerts.client.gui.ClientApp;
import ccn.alerts.client.gui.ClientWindow;
import ccn.alerts.client.gui.LaunchOptions;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ServerState;
import ccn.alerts.server.gui.ServerConsoleApp;
import ccn.alerts.server.gui.ServerConsoleModel;
import ccn.alerts.server.gui.alerts.AlertRow;
import ccn.alerts.testing.TestServerExtension;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static ccn.alerts.server.gui.ConsoleWait.waitFor;

/**
 * The classroom in one JVM: the console and two client windows. The clients sit over the
 * console's table, away from the controls the robot clicks.
 */
@ExtendWith(ApplicationExtension.class)
class ClassroomEndToEndTest {
    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withDefaults();

    private AlertServer server;
    private ServerConsoleModel model;
    private Node console;
    private final List<Stage> clientStages = new ArrayList<>();
    private final List<ClientWindow> clients = new ArrayList<>();

    @Start
    void start(Stage stage) throws IOException {
        // The console starts its server itself: the extension gives only the directory and configuration.
        server = new AlertServer(servers.config());
        model = new ServerConsoleApp().show(stage, server, true);
        console = stage.getScene().getRoot();
    }

    @AfterEach
    void tearDown(FxRobot robot) {
        robot.interact(() -> clientStages.forEach(Stage::close));
        model.shutdown();
    }

    @Test
    void highAlertFromConsole_reachesBothClients_andStopTellsThemTheServerShutDown(FxRobot robot) throws Exception {
        adminAndUser1Connected(robot);

        // when: the teacher sends a HIGH alert from the console
        robot.clickOn(robot.from(console).lookup("#priorityHIGH").<Node>query());
        robot.clickOn(robot.from(console).lookup("#messageArea").<Node>query()).write("Evacuate the lab now");
        robot.clickOn(robot.from(console).lookup("#sendButton").queryButton());

        // then: a red card in both clients, and 2 / 2 acknowledged in the console
        for (ClientWindow w : clients) {
            waitFor(() -> robot.from(w).lookup(".alert-card").queryAll().stream()
                    .anyMatch(card -> card.getStyleClass().contains("high")
                            && robot.from(card).lookup("#alertMessage").queryAs(Label.class).getText().equals("Evacuate the lab now")));
        }
        robot.clickOn(robot.from(console).lookup(".tab-pane").lookup((Node n) -> n.getStyleClass().contains("tab") && "alertsTab".equals(n.getId())).<Node>query());
        TableView<AlertRow> alerts = robot.from(console).lookup("#alertsTable").queryTableView();
        waitFor(() -> !alerts.getItems().isEmpty() && "2 / 2".equals(alerts.getItems().get(0).acksProperty().get()));

        // when: the teacher presses Stop
        robot.clickOn(robot.from(console).lookup("#stopButton").queryButton());

        // then: both clients say so plainly
        for (ClientWindow w : clients) {
            waitFor(() -> "Server shut down".equals(robot.from(w).lookup("#connectionState").queryAs(Label.class).getText()));
        }
        // Clients hear SERVER_SHUTDOWN before stop() has drained the scheduler and flushed the
        // journal; STOPPED comes after that, so wait for it rather than expect it already.
        waitFor(() -> server.state() == ServerState.STOPPED);
    }

    @Test
    void aHighAlertsBannerInAClientWindow_confirmedByAClick_showsAsReadInTheConsolesRoster(FxRobot robot) throws Exception {
        adminAndUser1Connected(robot);
        robot.clickOn(robot.from(console).lookup("#priorityHIGH").<Node>query());
        robot.clickOn(robot.from(console).lookup("#messageArea").<Node>query()).write("Gas leak: leave the lab");
        robot.clickOn(robot.from(console).lookup("#sendButton").queryButton());
        ClientWindow user1 = clients.get(1);
        waitFor(() -> robot.from(user1).lookup("#alertBanner").tryQuery().map(Node::isVisible).orElse(false)
                && "Gas leak: leave the lab".equals(robot.from(user1).lookup("#bannerMessage").queryAs(Label.class).getText()));
        robot.clickOn(robot.from(console).lookup(".tab-pane").lookup((Node n) -> n.getStyleClass().contains("tab") && "alertsTab".equals(n.getId())).<Node>query());
        TableView<AlertRow> alerts = robot.from(console).lookup("#alertsTable").queryTableView();
        waitFor(() -> alerts.getItems().stream().anyMatch(r -> r.countsProperty().get().equals("delivered 2 / 3 · read 0 / 3")));

        // when: the student clicks "I have read this" on the banner
        robot.clickOn(robot.from(user1).lookup("#bannerReadButton").queryButton());

        // then: the banner goes, and the console counts the read and names who has not read it
        waitFor(() -> !robot.from(user1).lookup("#alertBanner").query().isVisible());
        waitFor(() -> alerts.getItems().stream().anyMatch(r -> r.countsProperty().get().equals("delivered 2 / 3 · read 1 / 3")));
        robot.interact(() -> alerts.getSelectionModel().select(0));
        waitFor(() -> robot.from(console).lookup("#rosterTitle").queryAs(Label.class).getText().contains("read 1 / 3"));
        AlertRow row = alerts.getItems().get(0);
        waitFor(() -> row.rosterProperty().get() != null && row.rosterProperty().get().unread().stream()
                .map(r -> r.username()).toList().equals(List.of("admin", "user2")));
    }

    /** The console running, and client windows of admin and user1 logged in beside it. */
    private void adminAndUser1Connected(FxRobot robot) throws Exception {
        waitFor(() -> model.stateProperty().get() == ServerState.RUNNING);
        robot.interact(() -> {
            openClient("admin", "admin123", 10);
            openClient("user1", "pass123", 430);
        });
        waitFor(() -> clients.stream().allMatch(w -> w.sessionProperty().get() != null
                && w.sessionProperty().get().statusProperty().get().state() == ClientState.CONNECTED));
    }

    private void openClient(String user, String password, double x) {
        Stage stage = new Stage();
        LaunchOptions options = new LaunchOptions(Optional.of("127.0.0.1"), Optional.of(Integer.toString(server.port())),
                Optional.of(user), Optional.of(server.key().asText()), Optional.of(password), true);
        clients.add(ClientApp.open(stage, options, false));
        stage.setMinWidth(0);
        stage.setMinHeight(0);
        stage.setX(x);
        stage.setY(330);
        stage.setWidth(400);
        stage.setHeight(420);
        stage.show();
        clientStages.add(stage);
    }
}
