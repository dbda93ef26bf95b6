package ccn.alerts.client.gui;

import ccn.alerts.client.gui.login.LoginDefaultsStore;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
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
import java.time.Instant;
import java.time.InstantSource;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static ccn.alerts.client.gui.FxWait.onFx;
import static ccn.alerts.client.gui.FxWait.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After five wrong passwords the server answers THROTTLED with retryAfterSeconds (30 s): the form
 * counts down to it, then says the user may try again. The clock is the test's, so it need not
 * wait the 30 s.
 */
@ExtendWith(ApplicationExtension.class)
class LoginLockoutFlowTest {
    private static final Pattern COUNTDOWN = Pattern.compile("Too many attempts — retry in (\\d+) s\\.");

    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withDefaults();
    private final MovableClock clock = new MovableClock();
    private TestServer server;
    private ClientWindow window;

    /** The real time plus what the test has moved it by. */
    static final class MovableClock implements InstantSource {
        private volatile Duration ahead = Duration.ZERO;

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }

        void moveAhead(Duration by) {
            ahead = ahead.plus(by);
        }
    }

    @Start
    void start(Stage stage) throws IOException {
        server = servers.start();
        window = ClientStage.show(stage, new ClientWindow(LoginDefaultsStore.inMemory(),
                ClientStage.loginTo(server, "user1", "wrong"), clock), ZoomStore.inMemory());
    }

    @AfterEach
    void closeWindow() {
        ClientStage.shutdown(window);
    }

    private String message(FxRobot robot) {
        return onFx(() -> robot.lookup("#loginMessage").queryAs(Label.class).getText());
    }

    private long secondsShown(FxRobot robot) {
        Matcher m = COUNTDOWN.matcher(message(robot));
        assertTrue(m.matches(), message(robot));
        return Long.parseLong(m.group(1));
    }

    private void lockOut(FxRobot robot) {
        for (int i = 1; i <= 6; i++) {
            robot.interact(() -> window.loginModel().connect());
            until(() -> !window.loginModel().busyProperty().get() && !message(robot).isEmpty());
        }
        until(() -> COUNTDOWN.matcher(message(robot)).matches());
    }

    @Test
    void lockout_countsDownEverySecond(FxRobot robot) {
        lockOut(robot);
        long first = secondsShown(robot);
        assertTrue(first > 20 && first <= 30, message(robot));
        assertTrue(onFx(() -> robot.lookup("#connectButton").queryButton().isDisabled()), "locked out");

        // when: time passes (the real one: the text follows it without an event from the server)
        // then:
        until(() -> COUNTDOWN.matcher(message(robot)).matches() && secondsShown(robot) < first);
        assertTrue(onFx(() -> robot.lookup("#connectButton").queryButton().isDisabled()), "still locked out");
    }

    @Test
    void lockout_overSaysSoAndEnablesConnect(FxRobot robot) {
        lockOut(robot);

        // when:
        clock.moveAhead(Duration.ofSeconds(31));

        // then:
        until(() -> message(robot).equals("You can try again now."));
        assertFalse(onFx(() -> robot.lookup("#connectButton").queryButton().isDisabled()));
    }

    @Test
    void lockout_keepsItsMessageWhileTheUserEdits(FxRobot robot) {
        lockOut(robot);

        // when:
        robot.interact(() -> window.loginModel().passwordProperty().set("pass123"));

        // then:
        assertTrue(COUNTDOWN.matcher(message(robot)).matches(), message(robot));
        assertEquals(Boolean.TRUE, onFx(() -> window.loginModel().lockedProperty().get()));
    }
}
