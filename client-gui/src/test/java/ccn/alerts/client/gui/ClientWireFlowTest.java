package ccn.alerts.client.gui;

import ccn.alerts.client.gui.login.LoginDefaultsStore;
import ccn.alerts.protocol.FrameRecord;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import javafx.scene.control.Label;
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

import static ccn.alerts.client.gui.FxWait.onFx;
import static ccn.alerts.client.gui.FxWait.until;
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
}
