package ccn.alerts.client.gui;

import ccn.alerts.client.gui.login.LoginDefaultsStore;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import javafx.scene.Node;
import javafx.scene.control.Label;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class ConnectionFlowTest {
    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withConfig(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));
    private TestServer server;
    private ClientWindow window;
    private Stage stage;

    @Start
    void start(Stage stage) throws IOException {
        this.stage = stage;
        server = servers.start();
        window = ClientStage.show(stage, LoginDefaultsStore.inMemory(), ClientStage.loginTo(server, "user2", "pass456"));
    }

    @AfterEach
    void closeWindow() {
        ClientStage.shutdown(window);
    }

    private void logIn(FxRobot robot) {
        robot.clickOn("#connectButton");
        until(() -> robot.lookup("#connectionState").tryQuery().isPresent()
                && label(robot, "connectionState").equals("Connected"));
    }

    private static String label(FxRobot robot, String id) {
        return onFx(() -> robot.lookup("#" + id).queryAs(Label.class).getText());
    }

    @Test
    void connectionBar_namesUserAndServer(FxRobot robot) {
        // when:
        logIn(robot);

        // then:
        assertEquals("user2  @  127.0.0.1:" + server.port(), label(robot, "sessionLabel"));
        Node dot = robot.lookup("#stateDot").query();
        assertTrue(onFx(() -> dot.getStyleClass().contains("state-connected")));
    }

    @Test
    void heartbeat_showsItsRoundTrip(FxRobot robot) {
        // when:
        logIn(robot);

        // then: the test server asks for a heartbeat every second
        until(() -> label(robot, "heartbeatLabel").matches("Heartbeat \\d+ ms"));
    }

    @Test
    void serverShutdown_isShownPlainlyWithReconnect(FxRobot robot) {
        logIn(robot);

        // when:
        server.server().stop();

        // then:
        until(() -> label(robot, "connectionState").equals("Server shut down"));
        assertTrue(onFx(() -> robot.lookup("#stateDot").query().getStyleClass().contains("state-server-shutdown")));
        assertTrue(onFx(() -> robot.lookup("#reconnectButton").query().isVisible()));
    }

    @Test
    void logout_returnsToTheForm(FxRobot robot) {
        logIn(robot);

        // when:
        robot.clickOn("#logoutButton");

        // then:
        until(() -> robot.lookup("#connectButton").tryQuery().isPresent());
        assertTrue(robot.lookup("#alertList").tryQuery().isEmpty());
        assertEquals("CCN Alert Client", onFx(stage::getTitle));
        assertEquals("", onFx(() -> robot.lookup("#passwordField").queryTextInputControl().getText()));
    }
}
