package ccn.alerts.client.gui;

import ccn.alerts.client.gui.feed.AlertCardView;
import ccn.alerts.client.gui.login.LoginDefaultsStore;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static ccn.alerts.client.gui.FxWait.onFx;
import static ccn.alerts.client.gui.FxWait.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class AlertFeedFlowTest {
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

    private void logIn(FxRobot robot) {
        robot.clickOn("#connectButton");
        until(() -> robot.lookup("#alertList").tryQuery().isPresent());
        // The server sends alerts to sessions it has authenticated; wait until it lists ours.
        until(() -> !server.server().clients().isEmpty());
    }

    private List<AlertCardView> cards(FxRobot robot) {
        return onFx(() -> robot.lookup(".alert-card").queryAllAs(AlertCardView.class).stream()
                .filter(c -> c.getItem() != null).toList());
    }

    private AlertCardView card(FxRobot robot, long alertId) {
        return cards(robot).stream().filter(c -> c.getItem().alertId() == alertId).findFirst().orElseThrow();
    }

    private static String text(AlertCardView card, String id) {
        return onFx(() -> ((Label) card.lookup("#" + id)).getText());
    }

    @ParameterizedTest
    @EnumSource(Priority.class)
    void alertOfEachPriority_arrivesAsCardWithItsStyleAndText(Priority priority, FxRobot robot) throws IOException {
        logIn(robot);

        // when:
        long id = server.server().broadcastManualAlert(priority, "Test alert " + priority, "admin").alertId();

        // then:
        until(() -> cards(robot).size() == 1);
        AlertCardView card = card(robot, id);
        assertTrue(onFx(() -> card.getStyleClass().contains(priority.name().toLowerCase(Locale.ROOT))));
        assertEquals(priority.name(), text(card, "priorityBadge"));
        assertEquals("Test alert " + priority, text(card, "alertMessage"));
        assertTrue(text(card, "alertMeta").contains("#" + id), text(card, "alertMeta"));
    }

    @Test
    void ackStatus_reachesConfirmed(FxRobot robot) throws IOException {
        logIn(robot);

        // when:
        long id = server.server().broadcastManualAlert(Priority.MEDIUM, "Check the ACK", "admin").alertId();

        // then:
        until(() -> cards(robot).size() == 1 && text(card(robot, id), "ackStatus").contains("Confirmed"));
        assertTrue(onFx(() -> card(robot, id).getPseudoClassStates().stream()
                .anyMatch(p -> p.getPseudoClassName().equals("ack-confirmed"))));
    }

    @Test
    void weatherAlert_showsItsFigures(FxRobot robot) {
        logIn(robot);

        // when:
        long id = server.server().broadcastWeatherAlert().alertId();

        // then:
        until(() -> cards(robot).size() == 1);
        String weather = text(card(robot, id), "alertWeather");
        assertTrue(weather.contains("°C") && weather.contains("Humidity"), weather);
    }

    @Test
    void newestAlert_isOnTop(FxRobot robot) throws IOException {
        logIn(robot);

        // when:
        server.server().broadcastManualAlert(Priority.LOW, "first", "admin");
        long second = server.server().broadcastManualAlert(Priority.LOW, "second", "admin").alertId();

        // then:
        until(() -> window.sessionProperty().get().feed().allItems().size() == 2);
        assertEquals(second, onFx(() -> window.sessionProperty().get().feed().visibleItems().getFirst().alertId()));
    }

    @Test
    void highFilter_showsOnlyHighAlertsAndCountsEachPriority(FxRobot robot) throws IOException {
        logIn(robot);
        server.server().broadcastManualAlert(Priority.HIGH, "high one", "admin");
        server.server().broadcastManualAlert(Priority.LOW, "low one", "admin");
        server.server().broadcastManualAlert(Priority.LOW, "low two", "admin");
        until(() -> cards(robot).size() == 3);

        // when:
        robot.clickOn("#filterHigh");

        // then:
        until(() -> cards(robot).size() == 1);
        assertEquals("HIGH 1", onFx(() -> robot.lookup("#filterHigh").queryLabeled().getText()));
        assertEquals("LOW 2", onFx(() -> robot.lookup("#filterLow").queryLabeled().getText()));
        assertEquals("All 3", onFx(() -> robot.lookup("#filterAll").queryLabeled().getText()));
    }

    @Test
    void floodOfAlerts_allArriveAndTheListStaysVirtualised(FxRobot robot) throws IOException {
        logIn(robot);

        // when:
        for (int i = 0; i < 500; i++) {
            server.server().broadcastManualAlert(Priority.values()[i % 3], "flood " + i, "admin");
        }

        // then:
        until(() -> window.sessionProperty().get().feed().allItems().size() == 500);
        @SuppressWarnings("unchecked")
        ListView<?> list = robot.lookup("#alertList").queryAs(ListView.class);
        // Only the rows on screen have cards.
        assertTrue(cards(robot).size() < 40, "cards in the scene: " + cards(robot).size());
        assertEquals(500, onFx(() -> list.getItems().size()));
    }
}
