package ccn.alerts.server.gui;

import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ServerState;
import ccn.alerts.testing.TestServerExtension;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

import static ccn.alerts.server.gui.ConsoleWait.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console on a projector: zoom, the address students type, a users form that forgets old mistakes. */
@ExtendWith(ApplicationExtension.class)
class ProjectorConsoleTest {
    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withDefaults();

    private ServerConsoleModel model;
    private ServerConsoleApp app;

    @Start
    void start(Stage stage) throws IOException {
        AlertServer server = new AlertServer(servers.config());
        app = new ServerConsoleApp();
        // A fake machine: CI may have no interface but loopback.
        model = app.show(stage, server, false, () -> List.of(InetAddress.getByName("127.0.0.1"),
                InetAddress.getByName("10.0.0.5"), InetAddress.getByName("192.168.1.20")));
    }

    @AfterEach
    void tearDown() {
        model.shutdown();
    }

    @Test
    void ctrlPlus_scalesProportionalAndMonospaceTextAlike_andCtrlZeroResets(FxRobot robot) throws Exception {
        Label state = robot.lookup("#stateLabel").queryAs(Label.class);
        TextField key = robot.lookup("#keyField").queryAs(TextField.class);
        double stateBefore = state.getFont().getSize();
        double keyBefore = key.getFont().getSize();
        double factorBefore = app.zoom().factor();

        // when:
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).type(KeyCode.EQUALS).release(KeyCode.CONTROL);

        // then:
        waitFor(() -> app.zoom().factor() > factorBefore);
        double ratio = app.zoom().factor() / factorBefore;
        assertTrue(ratio > 1.2, "two steps up");
        waitFor(() -> Math.abs(state.getFont().getSize() - stateBefore * ratio) < 0.6);
        waitFor(() -> Math.abs(key.getFont().getSize() - keyBefore * ratio) < 0.6);

        // when:
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);

        // then: back to the size the console opened at, not the platform's smaller default
        waitFor(() -> app.zoom().factor() == factorBefore);
        waitFor(() -> Math.abs(state.getFont().getSize() - stateBefore) < 0.1);
    }

    @Test
    void monospaceViews_startAtTheSizeOfTheRest(FxRobot robot) {
        Label state = robot.lookup("#stateLabel").queryAs(Label.class);
        robot.clickOn("#wireTab");
        javafx.scene.control.TextArea detail = robot.lookup("#wireDetail").queryAs(javafx.scene.control.TextArea.class);

        // then:
        assertEquals(state.getFont().getSize(), detail.getFont().getSize(), 0.01);
    }

    @Test
    void boundToAllInterfaces_tellsStudentsTheMachinesAddresses(FxRobot robot) throws Exception {
        // when:
        robot.interact(() -> model.start("0.0.0.0", 0));

        // then:
        waitFor(() -> model.stateProperty().get() == ServerState.RUNNING);
        Label connect = robot.lookup("#connectLabel").queryAs(Label.class);
        int port = Integer.parseInt(model.boundAddressProperty().get().replaceAll(".*:", ""));
        waitFor(() -> connect.getText().equals("Students connect to 10.0.0.5:" + port + " or 192.168.1.20:" + port));
        assertTrue(connect.isVisible());
    }

    @Test
    void addingAUser_clearsTheFormWithoutAStaleValidationMessage(FxRobot robot) throws Exception {
        robot.clickOn("#usersTab");
        Label validation = robot.lookup("#userValidation").queryAs(Label.class);
        robot.clickOn("#newUsername").write("student1");
        robot.clickOn("#newPassword").write("s3cret-1");
        assertEquals("The passwords do not match", validation.getText());
        robot.clickOn("#newPasswordAgain").write("s3cret-1");

        // when:
        robot.clickOn("#addUserButton");

        // then:
        waitFor(() -> robot.lookup("#usersList").queryListView().getItems().contains("student1"));
        waitFor(() -> robot.lookup("#newUsername").queryAs(TextField.class).getText().isEmpty());
        assertEquals("", validation.getText());
        assertTrue(robot.lookup("#userFeedback").queryAs(Label.class).getText().contains("student1"));
    }
}
