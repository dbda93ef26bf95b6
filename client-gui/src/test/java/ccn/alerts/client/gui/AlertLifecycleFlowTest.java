package ccn.alerts.client.gui;

import ccn.alerts.client.gui.attention.AlertBanner;
import ccn.alerts.client.gui.attention.AttentionServices;
import ccn.alerts.client.gui.attention.AttentionStore;
import ccn.alerts.client.gui.attention.RecordingNotifier;
import ccn.alerts.client.gui.attention.RecordingSound;
import ccn.alerts.client.gui.feed.AlertCardView;
import ccn.alerts.client.gui.feed.ReadState;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AlertRequest;
import ccn.alerts.server.Roster;
import ccn.alerts.testing.TestClient;
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
import java.util.List;

import static ccn.alerts.client.gui.FxWait.onFx;
import static ccn.alerts.client.gui.FxWait.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert life cycle in a real client window against a real server: the HIGH banner and the
 * read confirmation, updates and ends in place, expiry, drill and catch-up marks, REMIND and
 * READ_OK from another window. Sound and notifications are recorded; rings come every 200 ms.
 */
@ExtendWith(ApplicationExtension.class)
class AlertLifecycleFlowTest {
    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withConfig(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));
    private final RecordingSound sound = new RecordingSound();
    private final RecordingNotifier notifier = new RecordingNotifier();
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

    private void logIn(FxRobot robot) {
        robot.clickOn("#connectButton");
        until(() -> robot.lookup("#alertList").tryQuery().isPresent());
        until(() -> server.server().clients().stream().anyMatch(c -> "user1".equals(c.username())));
    }

    private List<AlertCardView> cards(FxRobot robot) {
        return onFx(() -> robot.lookup(".alert-card").queryAllAs(AlertCardView.class).stream()
                .filter(c -> c.getItem() != null).toList());
    }

    private AlertCardView card(FxRobot robot, long alertId) {
        return cards(robot).stream().filter(c -> c.getItem().alertId() == alertId).findFirst()
                .orElseThrow(() -> new AssertionError("no card for alert " + alertId));
    }

    private boolean hasCard(FxRobot robot, long alertId) {
        return cards(robot).stream().anyMatch(c -> c.getItem().alertId() == alertId);
    }

    private static String text(Node parent, String id) {
        return onFx(() -> ((Label) parent.lookup("#" + id)).getText());
    }

    private static boolean shown(Node parent, String id) {
        return onFx(() -> {
            Node n = parent.lookup("#" + id);
            return n != null && n.isVisible() && n.getScene() != null;
        });
    }

    private static boolean pseudo(Node node, String name) {
        return onFx(() -> node.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals(name)));
    }

    private AlertBanner banner(FxRobot robot) {
        return robot.lookup("#alertBanner").queryAs(AlertBanner.class);
    }

    private boolean bannerShown(FxRobot robot) {
        AlertBanner b = banner(robot);
        return onFx(b::isVisible);
    }

    private boolean ringing() {
        return onFx(() -> window.attention().ringingProperty().get());
    }

    private int feedSize() {
        return onFx(() -> window.sessionProperty().get().feed().allItems().size());
    }

    @Test
    void highAlert_bannerStaysWhileOthersArrive_andItsReadReachesTheServer(FxRobot robot) throws IOException {
        logIn(robot);
        long high = server.server().broadcastManualAlert(Priority.HIGH, "Evacuate by the north stairs", "admin").alertId();
        until(() -> bannerShown(robot));
        assertEquals("Evacuate by the north stairs", text(banner(robot), "bannerMessage"));

        // when: other alerts arrive
        server.server().broadcastManualAlert(Priority.LOW, "Lab 3 opens at 14:00", "admin");
        server.server().broadcastManualAlert(Priority.MEDIUM, "Network maintenance at 16:00", "admin");
        until(() -> feedSize() == 3);

        // then: the banner still shows the HIGH alert, and it rings
        assertTrue(bannerShown(robot));
        assertEquals("Evacuate by the north stairs", text(banner(robot), "bannerMessage"));
        assertTrue(ringing());

        // when:
        robot.clickOn("#bannerReadButton");

        // then: the banner goes, the ringing stops, and the server has the read on disk
        until(() -> !bannerShown(robot));
        assertFalse(ringing());
        until(() -> server.server().roster(high).map(Roster::read).orElse(0) == 1);
        Roster.Row row = server.server().roster(high).orElseThrow().rows().stream()
                .filter(r -> r.username().equals("user1")).findFirst().orElseThrow();
        assertTrue(row.read());
        until(() -> text(card(robot, high), "readStatus").contains("saved on server"));
    }

    @Test
    void cardReadButton_sendsReadAndTheCardSaysRead(FxRobot robot) throws IOException {
        logIn(robot);
        long id = server.server().broadcastManualAlert(Priority.LOW, "Bring your student card", "admin").alertId();
        until(() -> hasCard(robot, id) && shown(card(robot, id), "readButton"));

        // when:
        robot.clickOn("#readButton");

        // then:
        until(() -> server.server().roster(id).map(Roster::read).orElse(0) == 1);
        until(() -> window.sessionProperty().get().feed().find(id).getReadState() == ReadState.READ_SAVED);
        assertFalse(shown(card(robot, id), "readButton"));
        assertTrue(text(card(robot, id), "readStatus").contains("saved on server"));
    }

    @Test
    void update_changesTheCardInPlace(FxRobot robot) throws IOException {
        logIn(robot);
        long id = server.server().broadcastManualAlert(Priority.MEDIUM, "Exam in room B12", "admin").alertId();
        until(() -> hasCard(robot, id));

        // when:
        server.server().updateAlert(id, Priority.HIGH, "Exam moved to room C3", null);

        // then: one card, new text and priority, "Updated HH:MM"
        until(() -> text(card(robot, id), "alertMessage").equals("Exam moved to room C3"));
        assertEquals(1, cards(robot).size());
        assertEquals(1, feedSize());
        AlertCardView card = card(robot, id);
        assertEquals("HIGH", text(card, "priorityBadge"));
        assertTrue(text(card, "lifecycleStatus").matches("Updated \\d\\d:\\d\\d"), text(card, "lifecycleStatus"));
        assertTrue(pseudo(card, "updated"));
        assertTrue(onFx(() -> card.getStyleClass().contains("high")));
        assertEquals("HIGH 1", onFx(() -> robot.lookup("#filterHigh").queryLabeled().getText()));
        // A MEDIUM turned HIGH and unread: the banner and the ringing start.
        until(() -> bannerShown(robot));
        assertTrue(ringing());
    }

    @Test
    void cancel_greysTheCardStopsRingingAndRemovesTheBanner(FxRobot robot) throws IOException {
        logIn(robot);
        long id = server.server().broadcastManualAlert(Priority.HIGH, "Lockdown: stay in your room", "admin").alertId();
        until(() -> hasCard(robot, id) && bannerShown(robot) && ringing());

        // when:
        server.server().endAlert(id, Message.AlertState.CANCELLED, null);

        // then:
        until(() -> pseudo(card(robot, id), "cancelled"));
        assertTrue(text(card(robot, id), "lifecycleStatus").matches("Cancelled \\d\\d:\\d\\d"));
        assertEquals(1, cards(robot).size());
        assertFalse(bannerShown(robot));
        assertFalse(ringing());
    }

    @Test
    void allClear_looksEndedAndStopsRinging(FxRobot robot) throws IOException {
        logIn(robot);
        long id = server.server().broadcastManualAlert(Priority.HIGH, "Storm: stay inside", "admin").alertId();
        until(() -> hasCard(robot, id) && ringing());

        // when:
        server.server().endAlert(id, Message.AlertState.ALL_CLEAR, "All clear: the storm has passed");

        // then:
        until(() -> pseudo(card(robot, id), "all-clear"));
        assertEquals("All clear: the storm has passed", text(card(robot, id), "alertMessage"));
        assertTrue(text(card(robot, id), "lifecycleStatus").startsWith("All clear "));
        assertFalse(bannerShown(robot));
        assertFalse(ringing());
    }

    @Test
    void expiringAlert_looksExpiredAndStopsRinging(FxRobot robot) throws IOException {
        logIn(robot);

        // when:
        long id = server.server().broadcastAlert(AlertRequest.of(Priority.HIGH, "Gas smell in lab 2", "admin")
                .expiringIn(Duration.ofMillis(1_500))).alertId();

        // then: it rings while it counts, then the clock check marks it expired
        until(() -> hasCard(robot, id));
        until(() -> pseudo(card(robot, id), "expired"));
        assertTrue(text(card(robot, id), "lifecycleStatus").matches("Expired \\d\\d:\\d\\d"));
        assertFalse(ringing());
        assertFalse(bannerShown(robot));
    }

    @Test
    void drill_showsItsBadgeOnTheCardAndTheBannerAndInTheNotification(FxRobot robot) throws IOException {
        logIn(robot);

        // when:
        long id = server.server().broadcastAlert(AlertRequest.of(Priority.HIGH, "Fire drill: leave by the north stairs",
                "admin").asDrill(true)).alertId();

        // then:
        until(() -> hasCard(robot, id) && bannerShown(robot));
        assertTrue(shown(card(robot, id), "drillBadge"));
        assertTrue(shown(banner(robot), "bannerDrill"));
        until(() -> !notifier.shown().isEmpty());
        assertTrue(notifier.shown().getFirst().title().startsWith("DRILL"), notifier.shown().getFirst().title());
    }

    @Test
    void alertSentWhileAway_isMarkedAsCaughtUp(FxRobot robot) throws IOException {
        // An alert for everyone before user1 is logged in.
        long id = server.server().broadcastManualAlert(Priority.MEDIUM, "Timetable change for tomorrow", "admin").alertId();

        // when:
        logIn(robot);

        // then:
        until(() -> hasCard(robot, id));
        assertTrue(shown(card(robot, id), "catchUpBadge"));
        assertEquals("While you were away", text(card(robot, id), "catchUpBadge"));
    }

    @Test
    void remind_ringsAgainForAnUnreadAlert(FxRobot robot) throws IOException {
        logIn(robot);
        long id = server.server().broadcastManualAlert(Priority.MEDIUM, "Hand in the lab report", "admin").alertId();
        until(() -> sound.count() == 1);
        // The server reminds sessions that have the alert: wait for the ACK.
        until(() -> server.server().roster(id).map(Roster::delivered).orElse(0) == 1);

        // when:
        server.server().remind(id);

        // then:
        until(() -> sound.count() == 2);
        assertEquals(List.of(Priority.MEDIUM, Priority.MEDIUM), sound.rings());
        assertTrue(notifier.shown().getLast().title().startsWith("Reminder"), notifier.shown().getLast().title());
    }

    @Test
    void readInAnotherWindowOfTheSameUser_stopsTheRingingHere(FxRobot robot) throws IOException {
        logIn(robot);
        TestClient other = server.connected("user1", "pass123");
        long id = server.server().broadcastManualAlert(Priority.HIGH, "Evacuate now", "admin").alertId();
        until(() -> hasCard(robot, id) && bannerShown(robot) && ringing());
        other.awaitAlert(id);

        // when: the person confirms in the other window
        assertTrue(other.engine.confirmRead(id));

        // then: READ_OK reaches this window too
        until(() -> !ringing());
        assertFalse(bannerShown(robot));
        assertEquals(ReadState.READ_SAVED, onFx(() -> window.sessionProperty().get().feed().find(id).getReadState()));
        assertTrue(text(card(robot, id), "readStatus").contains("saved on server"));
    }
}
