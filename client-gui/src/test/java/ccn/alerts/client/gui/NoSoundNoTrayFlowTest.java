package ccn.alerts.client.gui;

import ccn.alerts.client.gui.attention.AttentionServices;
import ccn.alerts.client.gui.attention.AttentionStore;
import ccn.alerts.client.gui.attention.Availability;
import ccn.alerts.client.gui.attention.NoDevices;
import ccn.alerts.client.gui.attention.ToneSound;
import ccn.alerts.client.gui.attention.TrayNotifier;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.Roster;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import javafx.scene.control.MenuButton;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** This machine, and CI, have no sound device and no system tray: alerts still work in the window. */
@ExtendWith(ApplicationExtension.class)
class NoSoundNoTrayFlowTest {
    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withConfig(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));
    private final ToneSound sound = NoDevices.sound();
    private final TrayNotifier notifier = NoDevices.notifier();
    private TestServer server;
    private ClientWindow window;

    @Start
    void start(Stage stage) throws IOException {
        server = servers.start();
        window = ClientStage.showUser1(stage, server, new AttentionServices(AttentionStore.inMemory(), sound, notifier));
    }

    @AfterEach
    void closeWindow() {
        ClientStage.silenceAndShutdown(window);
    }

    @Test
    void highAlert_withoutSoundOrTray_stillShowsItsBannerAndTakesTheRead(FxRobot robot) throws IOException {
        robot.clickOn("#connectButton");
        until(() -> server.server().clients().stream().anyMatch(c -> "user1".equals(c.username())));

        // when:
        long id = server.server().broadcastManualAlert(Priority.HIGH, "Evacuate by the north stairs", "admin").alertId();

        // then: both services found out they cannot work, and the window does not mind
        until(() -> sound.availability() == Availability.UNAVAILABLE && notifier.availability() == Availability.UNAVAILABLE);
        until(() -> robot.lookup("#alertBanner").query().isVisible());
        robot.clickOn("#bannerReadButton");
        until(() -> !robot.lookup("#alertBanner").query().isVisible());
        until(() -> server.server().roster(id).map(Roster::read).orElse(0) == 1);

        // and the settings say why there is no sound
        robot.clickOn("#attentionMenu");
        until(() -> robot.lookup("#attentionMenu").queryAs(MenuButton.class).isShowing());
        String note = onFx(() -> robot.lookup("#attentionMenu").queryAs(MenuButton.class).getItems().stream()
                .filter(i -> "settingNote".equals(i.getId())).findFirst().orElseThrow().getText());
        assertTrue(note.contains("no sound device") && note.contains("no desktop notifications"), note);
        robot.press(javafx.scene.input.KeyCode.ESCAPE).release(javafx.scene.input.KeyCode.ESCAPE);
    }
}
