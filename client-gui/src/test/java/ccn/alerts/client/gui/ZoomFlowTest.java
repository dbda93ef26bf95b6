package ccn.alerts.client.gui;

import ccn.alerts.client.gui.login.LoginDefaultsStore;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import static ccn.alerts.client.gui.FxWait.onFx;
import static ccn.alerts.client.gui.FxWait.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ctrl+plus / Ctrl+0 scale the client's text for a projector, and the size is remembered. */
@ExtendWith(ApplicationExtension.class)
class ZoomFlowTest {
    private final ZoomStore zoom = ZoomStore.inMemory();
    private ClientWindow window;

    @Start
    void start(Stage stage) {
        window = ClientStage.show(stage, new ClientWindow(LoginDefaultsStore.inMemory(), LaunchOptions.NONE), zoom);
    }

    private double fontSize(FxRobot robot, String id) {
        return onFx(() -> robot.lookup(id).queryAs(Label.class).getFont().getSize());
    }

    @Test
    void ctrlPlus_enlargesText_andCtrl0_restoresIt(FxRobot robot) {
        double before = fontSize(robot, "#loginSubtitle");
        double titleBefore = fontSize(robot, "#loginTitle");

        // when:
        robot.push(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN));

        // then: every text follows, the title's em-size too
        until(() -> fontSize(robot, "#loginSubtitle") > before);
        assertTrue(fontSize(robot, "#loginTitle") > titleBefore);
        assertEquals(1.1, fontSize(robot, "#loginSubtitle") / before, 0.02);

        // when:
        robot.push(new KeyCodeCombination(KeyCode.DIGIT0, KeyCombination.SHORTCUT_DOWN));

        // then:
        until(() -> fontSize(robot, "#loginSubtitle") == before);
        assertEquals(titleBefore, fontSize(robot, "#loginTitle"));
    }

    @Test
    void zoomLevel_isRemembered(FxRobot robot) {
        // when:
        robot.push(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN));
        robot.push(new KeyCodeCombination(KeyCode.EQUALS, KeyCombination.SHORTCUT_DOWN));

        // then: saved off the FX thread
        until(() -> zoom.load() == 1.25);
    }
}
