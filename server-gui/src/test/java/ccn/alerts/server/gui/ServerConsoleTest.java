package ccn.alerts.server.gui;

import ccn.alerts.client.AlertClient;
import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientListener;
import ccn.alerts.client.ClientState;
import ccn.alerts.client.ClientStatus;
import ccn.alerts.log.EventType;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ServerState;
import ccn.alerts.server.gui.alerts.AlertRow;
import ccn.alerts.server.gui.clients.ClientRow;
import ccn.alerts.testing.TestServerExtension;
import javafx.scene.Node;
import javafx.scene.control.Button;
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
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static ccn.alerts.server.gui.ConsoleWait.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console against a real engine on port 0, driven through its controls. */
@ExtendWith(ApplicationExtension.class)
class ServerConsoleTest {
    private static final int WAIT_SECONDS = 15;

    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withDefaults();

    private AlertServer server;
    private ServerConsoleModel model;

    @Start
    void start(Stage stage) throws IOException {
        // The console starts and stops its server itself: the extension gives only the directory and configuration.
        server = new AlertServer(servers.config());
        model = new ServerConsoleApp().show(stage, server, false);
    }

    @AfterEach
    void tearDown() {
        model.shutdown(); // then the extension closes the clients and deletes the directory
    }

    @Test
    void startAndStop_toggleStateAndButtons(FxRobot robot) throws TimeoutException {
        // when:
        robot.clickOn("#startButton");
        // then:
        waitFor(() -> label(robot, "#stateLabel").getText().startsWith("Running on 127.0.0.1:"));
        waitFor(() -> button(robot, "#startButton").isDisabled() && !button(robot, "#stopButton").isDisabled());
        assertEquals(ServerState.RUNNING, server.state());

        // when:
        robot.clickOn("#stopButton");
        // then:
        waitFor(() -> "Stopped".equals(label(robot, "#stateLabel").getText()));
        waitFor(() -> !button(robot, "#startButton").isDisabled() && button(robot, "#stopButton").isDisabled());
        assertEquals(ServerState.STOPPED, server.state());
    }

    @Test
    void loggedInClient_appearsInClientsTable_andAuthRowInLog(FxRobot robot) throws Exception {
        startServer(robot);

        // when:
        connect("admin", "admin123");

        // then:
        TableView<ClientRow> table = robot.lookup("#clientsTable").queryTableView();
        waitFor(() -> table.getItems().stream().anyMatch(r -> "admin".equals(r.userProperty().get())));
        robot.clickOn("#logTab");
        ConsoleWait.waitForOnFx(() -> model.log().stream().anyMatch(e -> e.type() == EventType.AUTH
                && e.message().contains("authenticated as admin")));
        TableView<?> log = robot.lookup("#logTable").queryTableView();
        assertTrue(log.getItems().stream().anyMatch(e -> ((ccn.alerts.log.LogEvent) e).type() == EventType.AUTH));
    }

    @Test
    void manualAlert_reachesClient_andShowsOneOfOneAcknowledged(FxRobot robot) throws Exception {
        startServer(robot);
        List<Message.Alert> received = new CopyOnWriteArrayList<>();
        AlertClient client = connect("user1", "pass123");
        client.addListener(new ClientListener() {
            @Override
            public void alertReceived(Message.Alert alert) {
                received.add(alert);
            }
        });

        // when:
        robot.clickOn("#priorityHIGH");
        robot.clickOn("#messageArea").write("Fire drill at 3 pm");
        robot.clickOn("#sendButton");

        // then:
        waitFor(() -> received.size() == 1);
        assertEquals(Priority.HIGH, received.get(0).priority());
        assertEquals("Fire drill at 3 pm", received.get(0).message());
        robot.clickOn("#alertsTab");
        TableView<AlertRow> alerts = robot.lookup("#alertsTable").queryTableView();
        waitFor(() -> !alerts.getItems().isEmpty() && "1 / 1".equals(alerts.getItems().get(0).acksProperty().get()));
    }

    @Test
    void alertAcknowledgedByThreeClients_showsThreeOfThree_andSelectingItListsEachRecipient(FxRobot robot) throws Exception {
        startServer(robot);
        for (String[] u : new String[][]{{"admin", "admin123"}, {"user1", "pass123"}, {"user2", "pass456"}}) {
            connect(u[0], u[1]);
        }
        robot.clickOn("#messageArea").write("Network maintenance at 5 pm");
        robot.clickOn("#sendButton");
        robot.clickOn("#alertsTab");
        TableView<AlertRow> alerts = robot.lookup("#alertsTable").queryTableView();
        waitFor(() -> !alerts.getItems().isEmpty() && "3 / 3".equals(alerts.getItems().get(0).acksProperty().get()));

        // when:
        robot.clickOn(robot.lookup("#alertsTable .table-row-cell").nth(0).<Node>query());

        // then:
        TableView<ccn.alerts.server.Roster.Row> recipients = robot.lookup("#rosterTable").queryTableView();
        waitFor(() -> recipients.getItems().size() == 3
                && recipients.getItems().stream().allMatch(ccn.alerts.server.Roster.Row::delivered));
        assertEquals(List.of("admin", "user1", "user2"),
                recipients.getItems().stream().map(ccn.alerts.server.Roster.Row::username).sorted().toList());
        assertTrue(label(robot, "#rosterTitle").getText().endsWith("delivered 3 / 3 · read 0 / 3"),
                label(robot, "#rosterTitle").getText());
    }

    @Test
    void onlyTheSelectedAlert_holdsItsRecipients(FxRobot robot) throws Exception {
        startServer(robot);
        connect("admin", "admin123");
        server.broadcastManualAlert(Priority.LOW, "first", "test");
        server.broadcastManualAlert(Priority.LOW, "second", "test");
        robot.clickOn("#alertsTab");
        TableView<AlertRow> alerts = robot.lookup("#alertsTable").queryTableView();
        waitFor(() -> alerts.getItems().size() == 2
                && alerts.getItems().stream().allMatch(r -> "1 / 1".equals(r.acksProperty().get())));

        // when: the older alert (second row, newest first) is selected
        robot.interact(() -> alerts.getSelectionModel().select(1));

        // then: its roster is fetched; the other row's counts need no copy of its deliveries
        waitFor(() -> alerts.getItems().get(1).rosterProperty().get() != null
                && alerts.getItems().get(1).rosterProperty().get().rows().size() == 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("first", alerts.getItems().get(1).alert().message());
        assertEquals(null, alerts.getItems().get(0).rosterProperty().get());
    }

    @Test
    void disconnect_removesClientFromTable(FxRobot robot) throws Exception {
        startServer(robot);
        AlertClient client = connect("admin", "admin123");
        TableView<ClientRow> table = robot.lookup("#clientsTable").queryTableView();
        waitFor(() -> table.getItems().size() == 1);
        String sessionId = table.getItems().get(0).sessionId();
        waitFor(() -> robot.lookup("#kick-" + sessionId).tryQuery().isPresent()); // the row's cells render on the next pulse

        // when: the row's Disconnect button is pressed. Fired rather than clicked, and found again
        // until the server has let the client go: the 250 ms refresh may re-render the row (and
        // empty the cell the robot found) between finding the button and pressing it.
        waitFor(() -> {
            robot.lookup("#kick-" + sessionId).tryQuery()
                    .ifPresent(node -> robot.interact(((Button) node)::fire));
            return server.clients().isEmpty();
        });

        // then:
        waitFor(table.getItems()::isEmpty);
        waitFor(() -> client.status().state() == ClientState.DISCONNECTED);
        assertTrue(client.status().reason().contains("operator"), client.status().reason());
    }

    @Test
    void addedUser_canLogIn(FxRobot robot) throws Exception {
        startServer(robot);
        robot.clickOn("#usersTab");

        // when:
        robot.clickOn("#newUsername").write("student7");
        robot.clickOn("#newPassword").write("s3cret-7");
        robot.clickOn("#newPasswordAgain").write("s3cret-7");
        robot.clickOn("#addUserButton");

        // then:
        waitFor(() -> robot.lookup("#usersList").queryListView().getItems().contains("student7"));
        AlertClient client = connect("student7", "s3cret-7");
        assertEquals(ClientState.CONNECTED, client.status().state());
    }

    @Test
    void invalidPort_showsMessageAndDisablesStart(FxRobot robot) {
        // when:
        robot.doubleClickOn("#portField").eraseText(3).write("70000");

        // then:
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(label(robot, "#portValidation").getText().contains("1 to 65535"), label(robot, "#portValidation").getText());
        assertTrue(button(robot, "#startButton").isDisabled());
    }

    @Test
    void portAlreadyInUse_showsPlainMessage(FxRobot robot) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            // when:
            robot.doubleClickOn("#portField").eraseText(3).write(Integer.toString(taken.getLocalPort()));
            robot.clickOn("#startButton");

            // then:
            waitFor(() -> label(robot, "#problemLabel").getText().contains("already in use"));
            assertEquals(ServerState.STOPPED, server.state());
        }
    }

    @Test
    void emptyMessage_showsMessageAndDisablesSend(FxRobot robot) throws Exception {
        startServer(robot);

        // when:
        robot.clickOn("#messageArea").write("  ");

        // then:
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Type a message to send", label(robot, "#messageValidation").getText());
        assertTrue(button(robot, "#sendButton").isDisabled());
        assertFalse(button(robot, "#weatherNowButton").isDisabled());
    }

    @Test
    void weatherSource_fixedValuesAreApplied_andANonNumberIsReportedPlainly(FxRobot robot) throws Exception {
        robot.interact(() -> robot.lookup("#weatherKind").<javafx.scene.control.ChoiceBox<?>>query()
                .getSelectionModel().select(1));
        robot.doubleClickOn("#weatherFirstValue").write("36");

        // when:
        robot.clickOn("#applyWeather");

        // then:
        waitFor(() -> label(robot, "#weatherSourceLabel").getText().contains("36"));
        assertTrue(server.weatherSource().describe().contains("36"), server.weatherSource().describe());

        // when:
        robot.doubleClickOn("#weatherFirstValue").write("hot");
        robot.clickOn("#applyWeather");

        // then:
        waitFor(() -> label(robot, "#problemLabel").getText().startsWith("Weather source not changed: "));
        assertFalse(label(robot, "#problemLabel").getText().contains("Exception"), label(robot, "#problemLabel").getText());
        assertTrue(server.weatherSource().describe().contains("36"), server.weatherSource().describe());
    }

    @Test
    void logTable_staysBoundedUnderAFlood(FxRobot robot) throws Exception {
        // when: more events than the table keeps, logged from another thread
        Thread flood = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < ServerConsoleModel.MAX_LOG_ROWS + 2_500; i++) {
                server.eventLog().log(EventType.MESSAGE, "flood " + i);
            }
        });
        flood.join(Duration.ofSeconds(WAIT_SECONDS));

        // then: the newest 10,000 are kept, in order
        String last = "flood " + (ServerConsoleModel.MAX_LOG_ROWS + 2_499);
        // Read on the FX thread: it trims the list while the flood's rows arrive (read from the test
        // thread, get(size - 1) once met a row just removed: IndexOutOfBoundsException in CI).
        ConsoleWait.waitForOnFx(() -> !model.log().isEmpty() && last.equals(model.log().get(model.log().size() - 1).message()));
        assertEquals(ServerConsoleModel.MAX_LOG_ROWS, (int) WaitForAsyncUtils.asyncFx(() -> model.log().size()).get());
    }

    @Test
    void weatherChart_plotsEachReadingColouredByItsPriority(FxRobot robot) throws Exception {
        startServer(robot);
        server.setWeatherSource(new ccn.alerts.alert.FixedWeather(35, 90, "Sunny"));
        server.broadcastWeatherAlert();
        server.setWeatherSource(new ccn.alerts.alert.FixedWeather(20, 40, "Clear"));
        server.broadcastWeatherAlert();
        server.broadcastManualAlert(Priority.MEDIUM, "not a weather reading", "test");

        // when:
        robot.clickOn("#weatherTab");

        // then: two readings, one HIGH point and one LOW point in each chart, thresholds in the legend
        ccn.alerts.server.gui.weather.WeatherChartView chart = robot.lookup("#weatherView").queryAs(
                ccn.alerts.server.gui.weather.WeatherChartView.class);
        waitFor(() -> chart.readings() == 2);
        waitFor(() -> robot.lookup("#temperatureChart .reading.high").queryAll().size() == 1
                && robot.lookup("#humidityChart .reading.low").queryAll().size() == 1);
        assertTrue(label(robot, "#rulesLegend").getText().contains("HIGH above 30 °C or 80 %"));
    }

    // ------------------------------------------------------------ helpers

    private void startServer(FxRobot robot) throws TimeoutException {
        robot.clickOn("#startButton");
        waitFor(() -> server.state() == ServerState.RUNNING && model.stateProperty().get() == ServerState.RUNNING);
    }

    private AlertClient connect(String user, String password) throws Exception {
        AlertClient client = new AlertClient(ClientConfig.of("127.0.0.1", server.port(), user, password, server.key())
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500)));
        servers.own(client);
        ClientStatus status = client.connect().get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(ClientState.CONNECTED, status.state(), status.reason());
        return client;
    }


    private static Label label(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class);
    }

    private static Button button(FxRobot robot, String id) {
        return robot.lookup(id).queryButton();
    }
}
