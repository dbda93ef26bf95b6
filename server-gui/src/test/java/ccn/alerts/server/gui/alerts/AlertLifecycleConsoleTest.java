package ccn.alerts.server.gui.alerts;

import ccn.alerts.alert.Audience;
import ccn.alerts.client.ClientConfig;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertRequest;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.Roster;
import ccn.alerts.server.ServerState;
import ccn.alerts.server.gui.ServerConsoleApp;
import ccn.alerts.server.gui.ServerConsoleModel;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServerExtension;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import static ccn.alerts.server.gui.ConsoleWait.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's side of the alert life cycle against a real engine on port 0: audience, expiry
 * and drill from the send form, per-user counts and the roster, Remind the rest, Update and End
 * through their dialogs, and the CSV export. Students are core's {@link TestClient}s (user1 is in
 * lab-a, user2 in lab-b by default).
 */
@ExtendWith(ApplicationExtension.class)
class AlertLifecycleConsoleTest {
    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withDefaults();

    private AlertServer server;
    private ServerConsoleModel model;

    @Start
    void start(Stage stage) throws IOException {
        server = new AlertServer(servers.config());
        model = new ServerConsoleApp().show(stage, server, false);
    }

    @AfterEach
    void tearDown() {
        model.shutdown();
    }

    @Test
    void groupSendFromTheForm_reachesOnlyTheGroup_andShowsDeliveredOneOfOne(FxRobot robot) throws Exception {
        startServer(robot);
        TestClient user1 = connect("user1", "pass123");
        TestClient user2 = connect("user2", "pass456");
        robot.interact(() -> robot.lookup("#audienceKind").<ChoiceBox<String>>query().setValue("Groups"));
        robot.clickOn("#audiencePick");
        robot.clickOn("#pick-lab-a");
        robot.type(KeyCode.ESCAPE);

        // when:
        robot.clickOn("#priorityHIGH");
        robot.clickOn("#messageArea").write("Lab A: evacuate now");
        robot.clickOn("#sendButton");

        // then:
        waitFor(() -> user1.alerts.size() == 1);
        Message.Alert got = user1.alerts.get(0);
        assertEquals("Lab A: evacuate now", got.message());
        robot.clickOn("#alertsTab");
        AlertRow row = awaitRow(robot, got.alertId());
        waitFor(() -> "delivered 1 / 1 · read 0 / 1".equals(row.countsProperty().get()));
        assertEquals("group lab-a", row.audienceProperty().get());
        Roster roster = server.roster(got.alertId()).orElseThrow();
        assertEquals(List.of("user1"), roster.rows().stream().map(Roster.Row::username).toList());
        assertTrue(user2.alerts.isEmpty(), "user2 (lab-b) got " + user2.alertIds());
        assertTrue(label(robot, "#sendFeedback").getText().contains("to group lab-a: 1 user(s)"),
                label(robot, "#sendFeedback").getText());
    }

    @Test
    void groupsChosenButNoneTicked_disablesSendWithAReason(FxRobot robot) throws Exception {
        startServer(robot);
        robot.clickOn("#messageArea").write("For nobody yet");

        // when:
        robot.interact(() -> robot.lookup("#audienceKind").<ChoiceBox<String>>query().setValue("Groups"));

        // then:
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Choose at least one group", label(robot, "#messageValidation").getText());
        assertTrue(robot.lookup("#sendButton").queryButton().isDisabled());
    }

    @Test
    void drillWithExpiry_fromTheForm_reachesTheClientMarked_andTheListSaysDrill(FxRobot robot) throws Exception {
        startServer(robot);
        TestClient user1 = connect("user1", "pass123");
        robot.interact(() -> robot.lookup("#expiryChoice").<ChoiceBox<ccn.alerts.server.gui.ExpiryChoice>>query()
                .setValue(ccn.alerts.server.gui.ExpiryChoice.MINUTES_15));
        robot.clickOn("#drillCheck");
        assertEquals("Send drill", robot.lookup("#sendButton").queryButton().getText());
        Instant before = Instant.now();

        // when:
        robot.clickOn("#messageArea").write("Fire drill");
        robot.clickOn("#sendButton");

        // then:
        waitFor(() -> user1.alerts.size() == 1);
        Message.Alert got = user1.alerts.get(0);
        assertTrue(got.drill());
        Duration left = Duration.between(before, got.expiresAt());
        assertTrue(left.compareTo(Duration.ofMinutes(14)) > 0 && left.compareTo(Duration.ofMinutes(16)) < 0, left.toString());
        robot.clickOn("#alertsTab");
        awaitRow(robot, got.alertId());
        waitFor(() -> robot.lookup("#alertsTable .drill-badge").queryAll().stream().anyMatch(Node::isVisible));
    }

    @Test
    void readConfirmation_marksTheRosterRowRead_andCountsOneRead(FxRobot robot) throws Exception {
        startServer(robot);
        TestClient user1 = connect("user1", "pass123");
        connect("user2", "pass456");
        Message.Alert sent = server.broadcastAlert(AlertRequest.of(Priority.HIGH, "Read me", "test"));
        waitFor(() -> user1.alert(sent.alertId()) != null);
        robot.clickOn("#alertsTab");
        AlertRow row = select(robot, sent.alertId());
        // admin is in the audience (everyone) but not logged in: 2 of 3 delivered
        waitFor(() -> "delivered 2 / 3 · read 0 / 3".equals(row.countsProperty().get()));
        waitFor(() -> robot.lookup("#rosterTable .table-row-cell.unread").queryAll().size() == 3);

        // when:
        assertTrue(user1.engine.confirmRead(sent.alertId()));

        // then:
        waitFor(() -> "delivered 2 / 3 · read 1 / 3".equals(row.countsProperty().get()));
        TableView<Roster.Row> roster = robot.lookup("#rosterTable").queryTableView();
        waitFor(() -> roster.getItems().stream().anyMatch(r -> r.username().equals("user1") && r.read()));
        waitFor(() -> robot.lookup("#rosterTable .table-row-cell.unread").queryAll().size() == 2);
        assertTrue(label(robot, "#unreadLabel").getText().equals("Not read yet (2): admin, user2"),
                label(robot, "#unreadLabel").getText());
        assertTrue(label(robot, "#rosterTitle").getText().endsWith("read 1 / 3"), label(robot, "#rosterTitle").getText());
    }

    @Test
    void remindTheRest_saysHowManyWereRungAndHowManyAreNotLoggedIn(FxRobot robot) throws Exception {
        startServer(robot);
        TestClient user1 = connect("user1", "pass123");
        TestClient user2 = connect("user2", "pass456");
        Message.Alert sent = server.broadcastAlert(AlertRequest.of(Priority.HIGH, "Read me", "test"));
        waitFor(() -> user1.alert(sent.alertId()) != null && user2.alert(sent.alertId()) != null);
        user1.engine.confirmRead(sent.alertId());
        robot.clickOn("#alertsTab");
        AlertRow row = select(robot, sent.alertId());
        waitFor(() -> row.countsProperty().get().endsWith("read 1 / 3"));

        // when:
        robot.clickOn("#remindButton");

        // then: user2 is rung; admin is in the audience but offline
        waitFor(() -> "Reminded 1 · 1 not logged in".equals(label(robot, "#alertStatus").getText()));
    }

    @Test
    void remindTheRest_isOffOnceEveryoneHasRead(FxRobot robot) throws Exception {
        startServer(robot);
        TestClient user1 = connect("user1", "pass123");
        Message.Alert sent = server.broadcastAlert(AlertRequest.of(Priority.LOW, "Just you", "test")
                .to(Audience.users(List.of("user1"))));
        waitFor(() -> user1.alert(sent.alertId()) != null);
        robot.clickOn("#alertsTab");
        select(robot, sent.alertId());
        waitFor(() -> !robot.lookup("#remindButton").queryButton().isDisabled());

        // when:
        user1.engine.confirmRead(sent.alertId());

        // then:
        waitFor(() -> robot.lookup("#remindButton").queryButton().isDisabled());
        assertEquals("Everyone has read it.", label(robot, "#unreadLabel").getText());
    }

    @Test
    void updateDialog_sendsANewRevision_andTheListSaysUpdatedR2(FxRobot robot) throws Exception {
        startServer(robot);
        TestClient user1 = connect("user1", "pass123");
        Message.Alert sent = server.broadcastAlert(AlertRequest.of(Priority.HIGH, "Exam moved to room 4", "test"));
        waitFor(() -> user1.alert(sent.alertId()) != null);
        robot.clickOn("#alertsTab");
        AlertRow row = select(robot, sent.alertId());

        // when:
        robot.clickOn("#updateButton");
        robot.doubleClickOn("#updateText");
        robot.interact(() -> robot.lookup("#updateText").queryAs(javafx.scene.control.TextArea.class).clear());
        robot.write("Exam moved to room 5");
        robot.interact(() -> robot.lookup("#updatePriority").<ChoiceBox<Priority>>query().setValue(Priority.MEDIUM));
        robot.clickOn("#updateConfirm");

        // then:
        waitFor(() -> "updated r2".equals(row.stateTextProperty().get()));
        assertEquals("Exam moved to room 5", row.alert().message());
        assertEquals(Priority.MEDIUM, row.alert().priority());
        waitFor(() -> user1.alerts.stream().anyMatch(a -> a.alertId() == sent.alertId() && a.revision() == 2
                && a.message().equals("Exam moved to room 5")));
        assertEquals("Alert " + sent.alertId() + " updated (revision 2)", label(robot, "#alertStatus").getText());
    }

    @Test
    void endDialog_cancelled_showsCancelledInTheList_andTurnsTheCommandsOff(FxRobot robot) throws Exception {
        startServer(robot);
        TestClient user1 = connect("user1", "pass123");
        Message.Alert sent = server.broadcastAlert(AlertRequest.of(Priority.HIGH, "Wrong room", "test"));
        waitFor(() -> user1.alert(sent.alertId()) != null);
        robot.clickOn("#alertsTab");
        AlertRow row = select(robot, sent.alertId());
        assertTrue(robot.lookup("#endCancel").tryQuery().isEmpty());

        // when:
        robot.clickOn("#endButton");
        assertTrue(robot.lookup("#endCancel").queryButton().isDefaultButton(), "Enter must not end an alert");
        robot.clickOn("#endCancelled");
        robot.clickOn("#endText").write("Sent by mistake, ignore it");
        robot.clickOn("#endConfirm");

        // then:
        waitFor(() -> "cancelled".equals(row.stateTextProperty().get()));
        assertEquals(Message.AlertState.CANCELLED, row.alert().state());
        assertEquals("Sent by mistake, ignore it", row.alert().message());
        waitFor(() -> user1.alerts.stream().anyMatch(a -> a.alertId() == sent.alertId()
                && a.state() == Message.AlertState.CANCELLED));
        waitFor(() -> button(robot, "#remindButton").isDisabled() && button(robot, "#updateButton").isDisabled()
                && button(robot, "#endButton").isDisabled());
        waitFor(() -> robot.lookup("#alertsTable .state-cancelled").tryQuery().isPresent());
    }

    @Test
    void endDialog_cancelledByTheOperator_changesNothing(FxRobot robot) throws Exception {
        startServer(robot);
        Message.Alert sent = server.broadcastAlert(AlertRequest.of(Priority.HIGH, "Stay", "test"));
        robot.clickOn("#alertsTab");
        AlertRow row = select(robot, sent.alertId());

        // when:
        robot.clickOn("#endButton");
        robot.clickOn("#endCancel");

        // then:
        WaitForAsyncUtils.waitForFxEvents();
        model.refresh();
        assertEquals("active", row.stateTextProperty().get());
        assertEquals(Message.AlertState.ACTIVE, server.roster(sent.alertId()).orElseThrow().alert().state());
    }

    @Test
    void expiredAlert_isShownExpired_andCannotBeReminded(FxRobot robot) throws Exception {
        startServer(robot);
        Message.Alert sent = server.broadcastAlert(AlertRequest.of(Priority.MEDIUM, "Short-lived", "test")
                .expiringIn(Duration.ofMillis(300)));
        robot.clickOn("#alertsTab");

        // when:
        AlertRow row = select(robot, sent.alertId());

        // then:
        waitFor(() -> "expired".equals(row.stateTextProperty().get()));
        waitFor(() -> button(robot, "#remindButton").isDisabled());
        assertFalse(button(robot, "#endButton").isDisabled(), "an expired alert can still be ended");
    }

    @Test
    void exportCsv_ofTheSelectedAlert_andOfAll_writesTheHeaderAndARowPerSession(FxRobot robot) throws Exception {
        startServer(robot);
        TestClient user1 = connect("user1", "pass123");
        Message.Alert first = server.broadcastAlert(AlertRequest.of(Priority.HIGH, "To lab A", "test")
                .to(Audience.groups(List.of("lab-a"))));
        Message.Alert second = server.broadcastAlert(AlertRequest.of(Priority.LOW, "To user2", "test")
                .to(Audience.users(List.of("user2"))));
        waitFor(() -> user1.alert(first.alertId()) != null);
        user1.engine.confirmRead(first.alertId());
        robot.clickOn("#alertsTab");
        AlertRow row = select(robot, first.alertId());
        waitFor(() -> row.countsProperty().get().endsWith("read 1 / 1"));
        String session = server.roster(first.alertId()).orElseThrow().rows().get(0).deliveredSession();
        Path one = servers.dir().resolve("one.csv");
        Path all = servers.dir().resolve("all.csv");

        // when:
        CompletableFuture<Path> wroteOne = new CompletableFuture<>();
        robot.interact(() -> model.alerts().exportCsv(row, one).thenAccept(wroteOne::complete));
        waitFor(wroteOne::isDone);

        // then:
        List<String> lines = Files.readAllLines(one, StandardCharsets.UTF_8);
        assertEquals(Roster.CSV_HEADER, lines.get(0));
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).matches(first.alertId() + ",1,ACTIVE,user1," + session + ",[0-9T:.\\-]+Z,[0-9T:.\\-]+Z"),
                lines.get(1));
        assertTrue(Files.readString(one).contains("\r\n"), "RFC 4180 line ends");
        waitFor(() -> label(robot, "#alertStatus").getText().equals(
                "Wrote the roster of alert " + first.alertId() + " to " + one.toAbsolutePath()));

        // when:
        CompletableFuture<Path> wroteAll = new CompletableFuture<>();
        robot.interact(() -> model.alerts().exportCsv(null, all).thenAccept(wroteAll::complete));
        waitFor(wroteAll::isDone);

        // then: user2 was offline: a line without a session or times
        List<String> every = Files.readAllLines(all, StandardCharsets.UTF_8);
        assertEquals(List.of(Roster.CSV_HEADER, lines.get(1), second.alertId() + ",1,ACTIVE,user2,,,"), every);
        assertTrue(label(robot, "#alertStatus").getText().startsWith("Wrote the rosters of 2 alert(s) to "));
    }

    // ------------------------------------------------------------ helpers

    private void startServer(FxRobot robot) throws TimeoutException {
        robot.clickOn("#startButton");
        waitFor(() -> server.state() == ServerState.RUNNING && model.stateProperty().get() == ServerState.RUNNING);
    }

    private TestClient connect(String user, String password) {
        TestClient client = new TestClient(ClientConfig.of("127.0.0.1", server.port(), user, password, server.key())
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(500)));
        servers.own(client);
        return client.connected();
    }

    private static AlertRow awaitRow(FxRobot robot, long alertId) throws TimeoutException {
        TableView<AlertRow> alerts = robot.lookup("#alertsTable").queryTableView();
        AlertRow[] found = new AlertRow[1];
        waitFor(() -> {
            found[0] = alerts.getItems().stream().filter(r -> r.alertId() == alertId).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private static AlertRow select(FxRobot robot, long alertId) throws TimeoutException {
        AlertRow row = awaitRow(robot, alertId);
        TableView<AlertRow> alerts = robot.lookup("#alertsTable").queryTableView();
        robot.interact(() -> alerts.getSelectionModel().select(row));
        waitFor(() -> row.rosterProperty().get() != null);
        return row;
    }

    private static Label label(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class);
    }

    private static Button button(FxRobot robot, String id) {
        return robot.lookup(id).queryButton();
    }
}
