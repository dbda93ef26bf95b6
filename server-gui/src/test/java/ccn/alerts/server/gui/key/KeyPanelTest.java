package ccn.alerts.server.gui.key;

import ccn.alerts.crypto.SharedKey;
import ccn.alerts.gui.FingerprintLabel;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ServerState;
import ccn.alerts.server.gui.ServerConsoleApp;
import ccn.alerts.server.gui.ServerConsoleModel;
import ccn.alerts.testing.TestServerExtension;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.text.Text;
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
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static ccn.alerts.server.gui.ConsoleWait.waitFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key panel: its fingerprint, and Regenerate's choice of what to renew reaching the engine. */
@ExtendWith(ApplicationExtension.class)
class KeyPanelTest {
    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withDefaults();

    private AlertServer server;
    private ServerConsoleModel model;
    private Stage stage;
    private double width;

    @Start
    void start(Stage stage) throws IOException {
        this.stage = stage;
        server = new AlertServer(servers.config());
        model = new ServerConsoleApp().show(stage, server, false); // stopped: Regenerate is enabled
        width = stage.getWidth();
    }

    @AfterEach
    void tearDown(FxRobot robot) {
        robot.interact(() -> stage.setWidth(width)); // TestFX hands the next test class the same stage
        model.shutdown();
    }

    @Test
    void regenerateDialog_offersTheClassKeyFirst_andSaysEveryStudentNeedsTheNewKeyString(FxRobot robot) {
        // when:
        openRegenerate(robot);

        // then:
        assertTrue(onFx(() -> robot.lookup("#renewClassKey").queryAs(RadioButton.class).isSelected()));
        assertTrue(onFx(() -> robot.lookup("#regenerateWarning").queryAs(Label.class).getText())
                .startsWith("Every student needs the new key string"));
        assertTrue(onFx(() -> robot.lookup("#cancelRegenerate").queryAs(Button.class).isDefaultButton()),
                "Enter cancels: it must not break every student's key string");
        robot.clickOn("#cancelRegenerate");
    }

    @Test
    void regenerate_newClassKey_keepsTheServerIdentity(FxRobot robot) throws Exception {
        SharedKey before = server.key();
        openRegenerate(robot);

        // when: the default choice
        robot.clickOn("#confirmRegenerate");

        // then:
        waitFor(() -> !server.key().equals(before));
        assertFalse(Arrays.equals(before.classKey(), server.key().classKey()), "a new class key");
        assertArrayEquals(before.serverPublicKey(), server.key().serverPublicKey(), "the same server");
        waitFor(() -> server.key().fingerprint().equals(onFx(() -> fingerprint(robot).getFingerprint())));
    }

    @Test
    void regenerate_newServerIdentity_keepsTheClassKey(FxRobot robot) throws Exception {
        SharedKey before = server.key();
        openRegenerate(robot);

        // when:
        robot.clickOn("#renewIdentity");
        robot.clickOn("#confirmRegenerate");

        // then:
        waitFor(() -> !server.key().equals(before));
        assertArrayEquals(before.classKey(), server.key().classKey(), "the same class key");
        assertFalse(Arrays.equals(before.serverPublicKey(), server.key().serverPublicKey()), "a new identity");
        waitFor(() -> server.key().asText().equals(onFx(() -> robot.lookup("#keyField").queryTextInputControl().getText())));
    }

    @Test
    void regenerate_both_renewsClassKeyAndIdentity(FxRobot robot) throws Exception {
        SharedKey before = server.key();
        openRegenerate(robot);

        // when:
        robot.clickOn("#renewBoth");
        robot.clickOn("#confirmRegenerate");

        // then:
        waitFor(() -> !server.key().equals(before));
        assertFalse(Arrays.equals(before.classKey(), server.key().classKey()));
        assertFalse(Arrays.equals(before.serverPublicKey(), server.key().serverPublicKey()));
    }

    @Test
    void regenerate_cancelled_changesNothing(FxRobot robot) throws Exception {
        SharedKey before = server.key();
        openRegenerate(robot);

        // when:
        robot.clickOn("#renewBoth");
        robot.clickOn("#cancelRegenerate");

        // then:
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(onFx(() -> model.busyProperty().get()));
        assertEquals(before, server.key());
        assertTrue(onFx(() -> robot.lookup("#regenerateDialog").tryQuery().isEmpty()), "the dialog closed");
    }

    @Test
    void regenerate_isOffWhileRunning_andSaysWhy(FxRobot robot) throws Exception {
        // when:
        robot.interact(() -> model.start("127.0.0.1", 0));

        // then:
        waitFor(() -> model.stateProperty().get() == ServerState.RUNNING);
        waitFor(() -> onFx(() -> robot.lookup("#regenerateKeyButton").queryButton().isDisabled()));
        assertEquals("Stop the server to regenerate.", onFx(() -> robot.lookup("#stopToRegenerate").queryAs(Label.class).getText()));
        assertTrue(onFx(() -> robot.lookup("#stopToRegenerate").query().isVisible()));
    }

    @Test
    void fingerprint_isShownWhole_besideTheTabs_andBelowThem(FxRobot robot) throws Exception {
        assertTrue(onFx(() -> robot.lookup("#fingerprintHint").queryAs(Label.class).getText())
                .contains("names this server and this class key"));
        FingerprintLabel fingerprint = fingerprint(robot);
        waitFor(() -> onFx(() -> fingerprint.getWidth() > 0));
        assertShownWhole(fingerprint);

        // when: narrow enough for the panels to go below the tabs, each a third of the width
        robot.interact(() -> stage.setWidth(1000));

        // then:
        waitFor(() -> onFx(() -> fingerprint.getText().equals(FingerprintLabel.twoLines(server.key().fingerprint()))));
        assertShownWhole(fingerprint);
    }

    /** Clicks Regenerate, scrolled into view first: the key panel is the last of the side panels. */
    private static void openRegenerate(FxRobot robot) {
        robot.interact(() -> robot.lookup(".side-scroll").queryAs(ScrollPane.class).setVvalue(1));
        robot.clickOn("#regenerateKeyButton");
    }

    private static FingerprintLabel fingerprint(FxRobot robot) {
        return robot.lookup("#fingerprintLabel").queryAs(FingerprintLabel.class);
    }

    /** The label draws all of its text (no "…") inside its window. */
    private static void assertShownWhole(Label label) {
        assertEquals(onFx(label::getText), onFx(() -> ((Text) label.lookup(".text")).getText()), "the label cut its text");
        double right = onFx(() -> label.localToScene(label.getLayoutBounds()).getMaxX());
        double width = onFx(() -> label.getScene().getWidth());
        assertTrue(right <= width, "the label ends at " + right + " px, the window at " + width);
    }

    private static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(ccn.alerts.server.gui.ConsoleWait.SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
