package ccn.alerts.client.gui;

import ccn.alerts.client.gui.attention.AttentionChoices;
import ccn.alerts.client.gui.attention.AttentionServices;
import ccn.alerts.client.gui.attention.AttentionStore;
import ccn.alerts.client.gui.attention.RecordingNotifier;
import ccn.alerts.client.gui.attention.RecordingSound;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alert settings menu: a switch saves itself, and a window opened later starts with it. */
@ExtendWith(ApplicationExtension.class)
class AlertSettingsFlowTest {
    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withConfig(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));
    /** Starts with the banner off, as a person who switched it off last time. */
    private final AttentionStore store = AttentionStore.inMemory(new AttentionChoices(true, false, true, true));
    private final RecordingSound sound = new RecordingSound();
    private TestServer server;
    private ClientWindow window;

    @Start
    void start(Stage stage) throws IOException {
        server = servers.start();
        window = ClientStage.showUser1(stage, server, new AttentionServices(store, sound, new RecordingNotifier()));
    }

    @AfterEach
    void closeWindow() {
        ClientStage.silenceAndShutdown(window);
    }

    @Test
    void rememberedBannerOff_highAlertHasNoBannerButStillRings(FxRobot robot) throws IOException {
        robot.clickOn("#connectButton");
        until(() -> server.server().clients().stream().anyMatch(c -> "user1".equals(c.username())));

        // when:
        long id = server.server().broadcastManualAlert(Priority.HIGH, "Evacuate", "admin").alertId();

        // then:
        until(() -> window.sessionProperty().get().feed().find(id) != null);
        until(() -> sound.count() >= 2);
        assertFalse(onFx(() -> robot.lookup("#alertBanner").query().isVisible()));
    }

    @Test
    void switchingSoundOff_isSaved(FxRobot robot) {
        robot.clickOn("#connectButton");
        until(() -> robot.lookup("#attentionMenu").tryQuery().isPresent());

        // when:
        robot.clickOn("#attentionMenu");
        robot.clickOn("#settingSound");

        // then:
        until(() -> !window.attentionSettings().soundProperty().get());
        until(() -> !store.load().sound());
        assertEquals(new AttentionChoices(true, false, false, true), store.load());
        assertTrue(store.load().bringToFront());
    }
}
