package ccn.alerts.client.gui;

import ccn.alerts.client.gui.login.LoginDefaultsStore;
import ccn.alerts.protocol.FrameRecord;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static ccn.alerts.client.gui.FxWait.onFx;
import static ccn.alerts.client.gui.FxWait.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's wire panel: hidden and idle until switched on, then every frame with its hex and JSON. */
@ExtendWith(ApplicationExtension.class)
class ClientWireFlowTest {
    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withConfig(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));
    private TestServer server;
    private ClientWindow window;

    @Start
    void start(Stage stage) throws IOException {
        server = servers.start();
        window = ClientStage.show(stage, LoginDefaultsStore.inMemory(), ClientStage.loginTo(server, "user1", "pass123"));
    }

    @AfterEach
    void closeWindow() {
        ClientStage.shutdown(window);
    }

    @Test
    void wirePanel_showsSentAndReceivedFramesOnceSwitchedOn(FxRobot robot) throws Exception {
        robot.clickOn("#connectButton");
        until(() -> robot.lookup("#connectionState").tryQuery().isPresent()
                && onFx(() -> robot.lookup("#connectionState").queryAs(Label.class).getText()).equals("Connected"));
        assertTrue(robot.lookup("#clientWire").tryQuery().isEmpty(), "hidden until asked for");

        // when:
        robot.clickOn("#wireToggle");
        server.server().broadcastManualAlert(Priority.HIGH, "look at the wire", "teacher");

        // then:
        ListView<FrameRecord> list = robot.lookup("#clientWireList").queryListView();
        until(() -> onFx(() -> list.getItems().stream().anyMatch(f -> "ALERT".equals(f.type())
                && f.json().contains("look at the wire"))
                && list.getItems().stream().anyMatch(f -> "ACK".equals(f.type()))));
        assertTrue(onFx(() -> list.getItems().stream().allMatch(f -> f.cipherHex().matches("[0-9a-f]+"))));

        // when: switched off again
        robot.clickOn("#wireToggle");

        // then:
        until(() -> robot.lookup("#clientWire").tryQuery().isEmpty());
        assertFalse(onFx(() -> window.sessionProperty().get().wire().capturingProperty().get()));
    }

    @Test
    void wirePanel_switchedOnAfterTheLogin_startsWithThatConnectionsHandshake(FxRobot robot) {
        robot.clickOn("#connectButton");
        until(() -> robot.lookup("#connectionState").tryQuery().isPresent()
                && onFx(() -> robot.lookup("#connectionState").queryAs(Label.class).getText()).equals("Connected"));

        // when:
        robot.clickOn("#wireToggle");

        // then:
        ListView<FrameRecord> list = robot.lookup("#clientWireList").queryListView();
        until(() -> list.getItems().size() >= 2);
        assertEquals(List.of("HANDSHAKE_INIT", "HANDSHAKE_RESPONSE"),
                onFx(() -> list.getItems().stream().limit(2).map(FrameRecord::type).toList()));
        robot.moveTo("#clientWireList"); // the list stops following the newest frame (a heartbeat a second)
        until(list::isHover);
        robot.interact(() -> list.scrollTo(0));
        until(() -> shown(robot, f -> "HANDSHAKE_INIT".equals(f.type()), ".wire-head").startsWith("→ sent  HANDSHAKE_INIT  ·  handshake  ·"));
        assertTrue(texts(robot, ".wire-head").stream().noneMatch(t -> t.contains("frame -1")), texts(robot, ".wire-head").toString());
        String response = shown(robot, f -> "HANDSHAKE_RESPONSE".equals(f.type()), ".wire-json");
        assertTrue(response.contains("Server identity proven"), response);
        assertTrue(Pattern.compile("Handshake hash[^\\n]*\\n  [0-9a-f]{8}( [0-9a-f]{8}){3}\\n  [0-9a-f]{8}").matcher(response).find(),
                response);
    }

    @Test
    void wirePanel_showsARefusedReconnectAsARefusedHandshake(FxRobot robot) throws Exception {
        robot.clickOn("#connectButton");
        until(() -> robot.lookup("#wireToggle").tryQuery().isPresent());
        robot.clickOn("#wireToggle");
        int port = server.port();
        server.server().stop();
        until(() -> onFx(() -> robot.lookup("#reconnectButton").query().isVisible()));
        server.server().regenerateKey(true, false); // the key string this client holds no longer fits
        server.server().start("127.0.0.1", port);

        // when:
        robot.clickOn("#reconnectButton");

        // then:
        ListView<FrameRecord> list = robot.lookup("#clientWireList").queryListView();
        until(() -> list.getItems().stream().anyMatch(f -> "HANDSHAKE_REJECT".equals(f.type())));
        until(() -> shown(robot, f -> "HANDSHAKE_REJECT".equals(f.type()), ".wire-json").startsWith("Refused: wrong class key."));
        assertTrue(shown(robot, f -> "HANDSHAKE_REJECT".equals(f.type()), ".wire-head").startsWith("← received  HANDSHAKE_REJECT  ·  handshake"));
        assertTrue(texts(robot, ".wire-head").stream().noneMatch(t -> t.contains("undecryptable")), texts(robot, ".wire-head").toString());
    }

    /** The text of a label in the shown cell of the first frame that matches, or "" while none is shown. */
    private static String shown(FxRobot robot, Predicate<FrameRecord> which, String label) {
        return onFx(() -> robot.lookup("#clientWireList .list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> c.isVisible() && c.getItem() instanceof FrameRecord f && which.test(f) && c.getGraphic() != null)
                .map(c -> ((Label) c.getGraphic().lookup(label)).getText()).findFirst().orElse(""));
    }

    /** The texts of one kind of label in every cell the list shows. */
    private static List<String> texts(FxRobot robot, String label) {
        return onFx(() -> robot.lookup("#clientWireList .list-cell").queryAllAs(ListCell.class).stream()
                .filter(c -> c.isVisible() && c.getGraphic() != null)
                .map(c -> ((Label) c.getGraphic().lookup(label)).getText()).toList());
    }
}
