package ccn.alerts.server.gui.wire;

import ccn.alerts.client.AlertClient;
import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientState;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.Direction;
import ccn.alerts.protocol.FrameEncoder;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ServerState;
import ccn.alerts.server.gui.ServerConsoleApp;
import ccn.alerts.server.gui.ServerConsoleModel;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.TestServerExtension;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableRow;
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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static ccn.alerts.server.gui.ConsoleWait.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire inspector and the protocol timeline against a real engine on port 0. */
@ExtendWith(ApplicationExtension.class)
class WireViewsTest {
    private static final int WAIT_SECONDS = 15;

    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withConfig(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));

    private AlertServer server;
    private ServerConsoleModel model;

    @Start
    void start(Stage stage) throws Exception {
        // The console starts its server itself: the extension gives only the directory and configuration.
        server = new AlertServer(servers.config());
        model = new ServerConsoleApp().show(stage, server, true);
    }

    @AfterEach
    void tearDown() {
        model.shutdown(); // then the extension closes the clients and deletes the directory
    }

    @Test
    void inspector_showsNothingUntilSwitchedOn_thenShowsEveryFrameWithoutPasswords(FxRobot robot) throws Exception {
        waitFor(() -> model.stateProperty().get() == ServerState.RUNNING);
        robot.clickOn("#wireTab");
        connect("admin", "admin123", server.key());
        TableView<CapturedFrame> table = robot.lookup("#wireTable").queryTableView();
        waitFor(() -> !model.wire().sessions().isEmpty() && !model.wire().itemsOf(model.wire().sessions().getFirst()).isEmpty());
        assertTrue(table.getItems().isEmpty(), "the table fills only after Start capture");

        // when:
        robot.clickOn("#captureToggle");
        connect("user1", "pass123", server.key());

        // then:
        waitFor(() -> types(table).containsAll(List.of("WELCOME", "HELLO", "LOGIN", "AUTH_SUCCESS")));
        assertTrue(table.getItems().stream().allMatch(f -> f.peer().contains("127.0.0.1")), "only the second client's frames");
        assertFalse(table.getItems().stream().anyMatch(f -> f.frame().json() != null && f.frame().json().contains("pass123")));
        assertTrue(table.getItems().stream().allMatch(f -> f.frame().cipherHex().matches("[0-9a-f]+")));
    }

    @Test
    void inspector_showsTheHandshakeFirst_asItsOwnRowsWithoutASequenceNumber(FxRobot robot) throws Exception {
        waitFor(() -> model.stateProperty().get() == ServerState.RUNNING);
        robot.clickOn("#wireTab");
        robot.clickOn("#captureToggle");

        // when:
        connect("user1", "pass123", server.key());

        // then:
        TableView<CapturedFrame> table = robot.lookup("#wireTable").queryTableView();
        waitFor(() -> types(table).contains("AUTH_SUCCESS"));
        List<CapturedFrame> rows = onFx(() -> List.copyOf(table.getItems()));
        assertEquals(List.of("HANDSHAKE_INIT", "HANDSHAKE_RESPONSE"),
                rows.stream().limit(2).map(CapturedFrame::typeOrFailure).toList(), "the handshake comes first");
        assertEquals(List.of(Direction.CLIENT_TO_SERVER, Direction.SERVER_TO_CLIENT),
                rows.stream().limit(2).map(f -> f.frame().direction()).toList());
        assertTrue(rows.stream().skip(2).noneMatch(f -> f.frame().handshake()), "then only sealed frames");
        robot.interact(() -> {
            model.wire().pausedProperty().set(true); // the table stops following the newest frame
            table.scrollTo(0);
        });
        waitFor(() -> onFx(() -> robot.lookup("#wireTable .table-row-cell").queryAllAs(TableRow.class).stream()
                .filter(r -> r.getItem() != null && ((CapturedFrame) r.getItem()).frame().handshake())
                .map(r -> cellText(r, "#")).toList()).equals(List.of("hs", "hs")));
    }

    @Test
    void inspectorDetail_showsTheHandshakeKeysAsGroupedHex_andThatTheServerProvedItsIdentity(FxRobot robot) throws Exception {
        waitFor(() -> model.stateProperty().get() == ServerState.RUNNING);
        robot.clickOn("#wireTab");
        robot.clickOn("#captureToggle");
        connect("user1", "pass123", server.key());
        TableView<CapturedFrame> table = robot.lookup("#wireTable").queryTableView();
        waitFor(() -> types(table).contains("HANDSHAKE_RESPONSE"));

        // when:
        robot.interact(() -> table.getSelectionModel().select(
                table.getItems().stream().filter(f -> "HANDSHAKE_RESPONSE".equals(f.typeOrFailure())).findFirst().orElseThrow()));

        // then:
        String detail = onFx(() -> robot.lookup("#wireDetail").queryTextInputControl().getText());
        String groupedKey = "  [0-9a-f]{8}( [0-9a-f]{8}){3}\n  [0-9a-f]{8}( [0-9a-f]{8}){3}";
        assertTrue(detail.contains("handshake, before the first encrypted frame"), detail);
        assertFalse(detail.contains("frame -1"), detail);
        assertTrue(Pattern.compile("Server ephemeral public key[^\n]*\n" + groupedKey).matcher(detail).find(), detail);
        assertTrue(detail.contains("Server identity proven"), detail);
        assertTrue(Pattern.compile("Handshake hash[^\n]*\n" + groupedKey).matcher(detail).find(), detail);

        // when: the client's half
        robot.interact(() -> table.getSelectionModel().select(
                table.getItems().stream().filter(f -> "HANDSHAKE_INIT".equals(f.typeOrFailure())).findFirst().orElseThrow()));

        // then:
        String init = onFx(() -> robot.lookup("#wireDetail").queryTextInputControl().getText());
        assertTrue(Pattern.compile("Client ephemeral public key[^\n]*\n" + groupedKey).matcher(init).find(), init);
        assertTrue(init.contains("Class key right"), init);
    }

    @Test
    void inspector_showsAWrongClassKeyAsARefusedHandshake_notAsUndecryptable(FxRobot robot) throws Exception {
        waitFor(() -> model.stateProperty().get() == ServerState.RUNNING);
        robot.clickOn("#wireTab");
        robot.clickOn("#captureToggle");

        // when:
        AlertClient wrong = client("admin", "admin123", server.key().withClassKey(new byte[32]));
        assertEquals(ClientState.WRONG_KEY, wrong.connect().get(WAIT_SECONDS, TimeUnit.SECONDS).state());

        // then:
        TableView<CapturedFrame> table = robot.lookup("#wireTable").queryTableView();
        waitFor(() -> types(table).containsAll(List.of("✗ wrong class key", "HANDSHAKE_REJECT")));
        assertFalse(types(table).contains("✗ undecryptable"), types(table).toString());
        waitFor(() -> robot.lookup("#wireTable .failed-frame").queryAll().size() >= 2);

        // when:
        robot.interact(() -> table.getSelectionModel().select(
                table.getItems().stream().filter(f -> "HANDSHAKE_REJECT".equals(f.typeOrFailure())).findFirst().orElseThrow()));

        // then:
        String detail = onFx(() -> robot.lookup("#wireDetail").queryTextInputControl().getText());
        assertTrue(detail.contains("Refused: wrong class key."), detail);
    }

    @Test
    void inspector_stillShowsASealedFrameThatFailsToDecryptAsUndecryptable(FxRobot robot) throws Exception {
        waitFor(() -> model.stateProperty().get() == ServerState.RUNNING);
        robot.clickOn("#wireTab");
        robot.clickOn("#captureToggle");
        RawClient raw = servers.own(RawClient.handshake(server.port(), server.key()));

        // when: a frame after the handshake that no frame key opens
        raw.sendRaw(FrameEncoder.encode(new byte[40], Integer.MAX_VALUE));

        // then:
        TableView<CapturedFrame> table = robot.lookup("#wireTable").queryTableView();
        waitFor(() -> types(table).contains("✗ undecryptable"));
        assertTrue(types(table).containsAll(List.of("HANDSHAKE_INIT", "HANDSHAKE_RESPONSE")), types(table).toString());
    }

    @Test
    void timeline_showsTheExchangeWithRoundTrips_andExportsItAsText(FxRobot robot) throws Exception {
        waitFor(() -> model.stateProperty().get() == ServerState.RUNNING);
        waitFor(server::wireCapture);
        connect("user2", "pass456", server.key());
        long id = server.broadcastManualAlert(Priority.HIGH, "timeline", "test").alertId();
        waitFor(() -> !model.wire().sessions().isEmpty());
        String session = model.wire().sessions().getFirst();
        waitFor(() -> types(model.wire().itemsOf(session)).containsAll(List.of("ACK_OK", "HEARTBEAT_OK")));

        // when:
        robot.clickOn("#timelineTab");
        ListView<String> sessions = robot.lookup("#timelineSessions").queryListView();
        waitFor(() -> !sessions.getItems().isEmpty());
        robot.interact(() -> sessions.getSelectionModel().select(0));

        // then:
        ListView<String> entries = robot.lookup("#timelineEntries").queryListView();
        waitFor(() -> entries.getItems().stream().anyMatch(l -> l.contains("HEARTBEAT_OK") && l.contains("ms round trip")));
        List<String> lines = entries.getItems();
        assertTrue(lines.get(0).contains("client → server   HANDSHAKE_INIT"), lines.get(0));
        assertTrue(lines.get(1).contains("server → client   HANDSHAKE_RESPONSE") && lines.get(1).contains("server identity proven"),
                lines.get(1));
        assertTrue(lines.get(2).contains("WELCOME") || lines.get(2).contains("HELLO"), lines.get(2));
        assertTrue(lines.stream().anyMatch(l -> l.contains("LOGIN user2")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("AUTH_SUCCESS") && l.contains("ms after LOGIN")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("ALERT #" + id + " HIGH")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("ACK #" + id) && l.contains("round trip from ALERT")));
        ProtocolTimelineView view = robot.lookup(".timeline-view").queryAs(ProtocolTimelineView.class);
        String text = WaitForAsyncUtils.asyncFx(view::exportText).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(text.startsWith("Protocol timeline of user2 ("), text);
        assertTrue(text.contains("LOGIN user2") && text.contains("HEARTBEAT_OK"), text);
    }

    @Test
    void timeline_showsALoginWithoutStartCapture_labelledByUser(FxRobot robot) throws Exception {
        waitFor(() -> model.stateProperty().get() == ServerState.RUNNING);

        // when:
        connect("user1", "pass123", server.key());
        robot.clickOn("#timelineTab");

        // then:
        ListView<String> sessions = robot.lookup("#timelineSessions").queryListView();
        waitFor(() -> !sessions.getItems().isEmpty());
        waitFor(() -> robot.lookup("#timelineSessions .list-cell").queryAllAs(javafx.scene.control.ListCell.class).stream()
                .anyMatch(c -> c.getText() != null && c.getText().startsWith("user1 (/127.0.0.1:")));
        robot.interact(() -> sessions.getSelectionModel().select(0));
        ListView<String> entries = robot.lookup("#timelineEntries").queryListView();
        waitFor(() -> entries.getItems().stream().anyMatch(l -> l.contains("LOGIN user1"))
                && entries.getItems().stream().anyMatch(l -> l.contains("AUTH_SUCCESS")));
        assertFalse(model.wire().capturingProperty().get(), "Start capture was never pressed");
    }

    @Test
    void timeline_marksTheFramesDroppedWhilePaused(FxRobot robot) throws Exception {
        waitFor(() -> model.stateProperty().get() == ServerState.RUNNING);
        connect("user2", "pass456", server.key());
        robot.clickOn("#timelineTab");
        ListView<String> sessions = robot.lookup("#timelineSessions").queryListView();
        waitFor(() -> !sessions.getItems().isEmpty());
        robot.interact(() -> sessions.getSelectionModel().select(0));
        ListView<String> entries = robot.lookup("#timelineEntries").queryListView();
        waitFor(() -> entries.getItems().stream().anyMatch(l -> l.contains("AUTH_SUCCESS")));

        // when:
        robot.interact(() -> model.wire().pausedProperty().set(true));
        server.broadcastManualAlert(Priority.LOW, "while paused", "test"); // ALERT, ACK, ACK_OK: at least 3 frames
        waitFor(() -> server.stats().acknowledgements() >= 1);
        robot.interact(model::refresh); // drain what arrived while paused
        robot.interact(() -> model.wire().pausedProperty().set(false));

        // then:
        waitFor(() -> entries.getItems().stream().anyMatch(l -> l.matches(".*\\b([3-9]|\\d{2,}) frames while paused.*")));
        assertFalse(entries.getItems().stream().anyMatch(l -> l.contains("ALERT #")), "the paused frames are not shown");
    }

    @Test
    void inspector_stopsFollowingTheNewestFrameWhileTheMouseIsOverIt(FxRobot robot) throws Exception {
        waitFor(() -> model.stateProperty().get() == ServerState.RUNNING);
        robot.clickOn("#wireTab");
        robot.clickOn("#captureToggle");
        TableView<CapturedFrame> table = robot.lookup("#wireTable").queryTableView();
        robot.moveTo("#stateLabel");
        assertTrue(WireInspectorView.followsNewest(table, model.wire()));

        // when:
        robot.moveTo("#wireTable");

        // then:
        waitFor(table::isHover);
        assertFalse(WireInspectorView.followsNewest(table, model.wire()));

        // when:
        robot.moveTo("#stateLabel");

        // then:
        waitFor(() -> WireInspectorView.followsNewest(table, model.wire()));
    }

    private static List<String> types(List<TimelineItem> items) {
        return items.stream().filter(i -> i instanceof CapturedFrame).map(i -> ((CapturedFrame) i).typeOrFailure()).toList();
    }

    private AlertClient client(String user, String password, SharedKey key) {
        return servers.own(new AlertClient(ClientConfig.of("127.0.0.1", server.port(), user, password, key)));
    }

    private void connect(String user, String password, SharedKey key) throws Exception {
        assertEquals(ClientState.CONNECTED, client(user, password, key).connect().get(WAIT_SECONDS, TimeUnit.SECONDS).state());
    }

    private static List<String> types(TableView<CapturedFrame> table) {
        return onFx(() -> table.getItems().stream().map(CapturedFrame::typeOrFailure).distinct().toList());
    }

    /** The text a row shows in the column titled {@code title}. */
    private static String cellText(TableRow<?> row, String title) {
        return row.getChildrenUnmodifiable().stream()
                .filter(n -> n instanceof TableCell<?, ?> c && c.getTableColumn() != null && title.equals(c.getTableColumn().getText()))
                .map(n -> ((TableCell<?, ?>) n).getText()).findFirst().orElse(null);
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
