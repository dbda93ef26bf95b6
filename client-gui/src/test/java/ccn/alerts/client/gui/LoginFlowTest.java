package ccn.alerts.client.gui;

import ccn.alerts.client.gui.login.LoginDefaults;
import ccn.alerts.client.gui.login.LoginDefaultsStore;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.gui.FingerprintLabel;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static ccn.alerts.client.gui.FxWait.onFx;
import static ccn.alerts.client.gui.FxWait.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class LoginFlowTest {
    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withConfig(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));
    private TestServer server;
    private ClientWindow window;
    private Stage stage;
    private double width;
    private final LoginDefaultsStore store = LoginDefaultsStore.inMemory();

    @Start
    void start(Stage stage) throws IOException {
        this.stage = stage;
        server = servers.start();
        window = ClientStage.show(stage, store, LaunchOptions.NONE);
        width = stage.getWidth();
    }

    @AfterEach
    void closeWindow() {
        ClientStage.shutdown(window);
        onFx(() -> {
            stage.setWidth(width); // TestFX hands the next test the same stage
            return null;
        });
    }

    private void fill(FxRobot robot, String host, int port, String user, String password, String key) {
        robot.interact(() -> {
            window.loginModel().hostProperty().set(host);
            window.loginModel().portProperty().set(Integer.toString(port));
            window.loginModel().usernameProperty().set(user);
            window.loginModel().passwordProperty().set(password);
            window.loginModel().keyTextProperty().set(key);
        });
    }

    private String loginMessage(FxRobot robot) {
        return onFx(() -> robot.lookup("#loginMessage").queryAs(Label.class).getText());
    }

    @Test
    void successfulLogin_showsFeed(FxRobot robot) {
        fill(robot, "127.0.0.1", server.port(), "user1", "pass123", server.key().asText());

        // when:
        robot.clickOn("#connectButton");

        // then:
        until(() -> robot.lookup("#alertList").tryQuery().isPresent());
        assertEquals("Connected", onFx(() -> robot.lookup("#connectionState").queryAs(Label.class).getText()));
    }

    @Test
    void successfulLogin_titleNamesUserAndServerFirst(FxRobot robot) {
        fill(robot, "127.0.0.1", server.port(), "user1", "pass123", server.key().asText());
        assertEquals("CCN Alert Client", onFx(stage::getTitle));

        // when:
        robot.clickOn("#connectButton");

        // then:
        until(() -> stage.getTitle().equals("user1@127.0.0.1:" + server.port() + " — CCN Alert Client"));
    }

    @Test
    void enterKey_submitsTheForm(FxRobot robot) {
        fill(robot, "127.0.0.1", server.port(), "user1", "pass123", server.key().asText());

        // when:
        robot.clickOn("#passwordField").type(KeyCode.ENTER);

        // then:
        until(() -> robot.lookup("#alertList").tryQuery().isPresent());
    }

    @Test
    void wrongPassword_showsItsMessage(FxRobot robot) {
        fill(robot, "127.0.0.1", server.port(), "user1", "not-the-password", server.key().asText());

        // when:
        robot.clickOn("#connectButton");

        // then:
        until(() -> !loginMessage(robot).isEmpty());
        assertEquals("Wrong username or password.", loginMessage(robot));
        assertTrue(robot.lookup("#alertList").tryQuery().isEmpty());
    }

    @Test
    void wrongKey_showsItsMessage(FxRobot robot) {
        fill(robot, "127.0.0.1", server.port(), "user1", "pass123", server.key().withClassKey(new byte[32]).asText());

        // when:
        robot.clickOn("#connectButton");

        // then:
        until(() -> !loginMessage(robot).isEmpty());
        assertEquals("Wrong class key — the server refused your key string; copy the one shown in the server window.", loginMessage(robot));
    }

    @Test
    void wrongServer_showsItsMessage_untilTheKeyChanges(FxRobot robot) {
        String otherServer = server.key().withServerPublicKey(ServerKeys.generate().publicKey()).asText();
        fill(robot, "127.0.0.1", server.port(), "user1", "pass123", otherServer);

        // when:
        robot.clickOn("#connectButton");

        // then:
        until(() -> !loginMessage(robot).isEmpty());
        assertTrue(loginMessage(robot).startsWith("This is not the server your key string names"), loginMessage(robot));
        assertTrue(loginMessage(robot).endsWith("."), loginMessage(robot));
        assertTrue(robot.lookup("#alertList").tryQuery().isEmpty());

        // when: the key
        robot.interact(() -> window.loginModel().keyTextProperty().set(server.key().asText()));

        // then:
        assertEquals("", loginMessage(robot));
        assertFalse(onFx(() -> robot.lookup("#loginMessage").query().isVisible()));
    }

    @Test
    void keyField_takesTheWhole93CharacterKeyString_typedIn(FxRobot robot) {
        String key = server.key().asText();
        assertEquals(93, key.length());
        robot.clickOn("#showKeyToggle");

        // when:
        robot.clickOn("#keyField").write(key);

        // then:
        assertEquals(key, onFx(() -> window.loginModel().keyTextProperty().get()));
        assertEquals("", onFx(() -> robot.lookup("#keyError").queryAs(Label.class).getText()));
        assertEquals(server.server().key().fingerprint(), onFx(() -> window.loginModel().fingerprintProperty().get()));
    }

    @Test
    void fingerprint_fitsANarrowWindow_onTwoLinesOfFourGroups(FxRobot robot) {
        // when: narrower than a demo tile (three clients beside each other on 1280 px fit it on one line)
        robot.interact(() -> {
            stage.setWidth(340);
            window.loginModel().keyTextProperty().set(server.key().asText());
        });

        // then:
        FingerprintLabel fingerprint = robot.lookup("#fingerprintLabel").queryAs(FingerprintLabel.class);
        String fp = server.server().key().fingerprint();
        until(() -> fingerprint.getText().equals(FingerprintLabel.twoLines(fp)));
        assertShownWhole(fingerprint);
    }

    @Test
    void fingerprint_isOneLineInAWideWindow(FxRobot robot) {
        // when:
        robot.interact(() -> window.loginModel().keyTextProperty().set(server.key().asText()));

        // then:
        FingerprintLabel fingerprint = robot.lookup("#fingerprintLabel").queryAs(FingerprintLabel.class);
        until(() -> fingerprint.getWidth() > 0 && fingerprint.getText().equals(server.server().key().fingerprint()));
        assertShownWhole(fingerprint);
    }

    /** The label draws all of its text (no "…") inside the window. */
    private static void assertShownWhole(Label label) {
        String drawn = onFx(() -> ((Text) label.lookup(".text")).getText());
        assertEquals(onFx(label::getText), drawn, "the label cut its text");
        double right = onFx(() -> label.localToScene(label.getLayoutBounds()).getMaxX());
        double sceneWidth = onFx(() -> label.getScene().getWidth());
        assertTrue(right <= sceneWidth, "the label ends at " + right + " px, the window at " + sceneWidth);
    }

    @Test
    void unreachableServer_showsItsMessage(FxRobot robot) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        fill(robot, "127.0.0.1", closedPort, "user1", "pass123", server.key().asText());

        // when:
        robot.clickOn("#connectButton");

        // then:
        until(() -> !loginMessage(robot).isEmpty());
        assertTrue(loginMessage(robot).startsWith("Server unreachable at 127.0.0.1:" + closedPort), loginMessage(robot));
    }

    @Test
    void malformedKey_showsWhyAndDisablesConnect(FxRobot robot) {
        fill(robot, "127.0.0.1", server.port(), "user1", "pass123", server.key().asText());
        assertFalse(onFx(() -> robot.lookup("#connectButton").queryButton().isDisabled()));

        // when:
        robot.interact(() -> window.loginModel().keyTextProperty().set("ccn2-abc"));

        // then:
        assertEquals("A key string has 93 characters; this one has 8.",
                onFx(() -> robot.lookup("#keyError").queryAs(Label.class).getText()));
        assertTrue(onFx(() -> robot.lookup("#connectButton").queryButton().isDisabled()));
        assertFalse(onFx(() -> robot.lookup("#fingerprintLabel").queryAs(Label.class).isVisible()));
    }

    @Test
    void validKey_showsItsFingerprint(FxRobot robot) {
        // when:
        robot.interact(() -> window.loginModel().keyTextProperty().set(server.key().asText()));

        // then:
        Label fingerprint = robot.lookup("#fingerprintLabel").queryAs(Label.class);
        until(() -> fingerprint.getText().equals(server.server().key().fingerprint()));
        assertTrue(onFx(fingerprint::isVisible));
    }

    @Test
    void login_remembersHostPortUserAndKey(FxRobot robot) {
        fill(robot, "127.0.0.1", server.port(), "user1", "pass123", server.key().asText());

        // when:
        robot.clickOn("#connectButton");

        // then:
        until(() -> robot.lookup("#alertList").tryQuery().isPresent());
        assertEquals(new LoginDefaults("127.0.0.1", Integer.toString(server.port()), "user1", server.key().asText()), store.load());
    }

    @Test
    void keyToggle_revealsTheKey(FxRobot robot) {
        assertFalse(onFx(() -> robot.lookup("#keyField").query().isVisible()));

        // when:
        robot.clickOn("#showKeyToggle");

        // then:
        Node shown = robot.lookup("#keyField").query();
        assertTrue(onFx(shown::isVisible));
        assertEquals("Hide", onFx(() -> robot.lookup("#showKeyToggle").queryLabeled().getText()));
    }

    @Test
    void commandLine_prefillsTheForm(FxRobot robot) {
        // when:
        robot.interact(() -> {
            window = new ClientWindow(store, LaunchOptions.parse(List.of("--host", "10.0.0.5", "--port", "9999",
                    "--user", "user2", "--key", server.key().asText())));
            stage.getScene().setRoot(window);
        });

        // then:
        assertEquals("10.0.0.5", onFx(() -> robot.lookup("#hostField").queryTextInputControl().getText()));
        assertEquals("9999", onFx(() -> robot.lookup("#portField").queryTextInputControl().getText()));
        assertEquals("user2", onFx(() -> robot.lookup("#userField").queryTextInputControl().getText()));
        // No password yet: Connect waits for it.
        assertTrue(onFx(() -> robot.lookup("#connectButton").queryAs(Button.class).isDisabled()));
    }

    @Test
    void autoLogin_logsInAtStart(FxRobot robot) {
        // when:
        robot.interact(() -> {
            window = new ClientWindow(store, LaunchOptions.parse(List.of("--port", Integer.toString(server.port()),
                    "--user", "user2", "--key", server.key().asText(), "--password", "pass456", "--auto-login")));
            stage.getScene().setRoot(window);
        });

        // then:
        until(() -> robot.lookup("#alertList").tryQuery().isPresent());
    }

    @Test
    void wrongPasswordMessage_goesWhenThePasswordIsRetyped(FxRobot robot) {
        fill(robot, "127.0.0.1", server.port(), "user1", "not-the-password", server.key().asText());
        robot.clickOn("#connectButton");
        until(() -> loginMessage(robot).equals("Wrong username or password."));

        // when:
        robot.interact(() -> window.loginModel().passwordProperty().set("pass123"));

        // then:
        assertEquals("", loginMessage(robot));
        assertFalse(onFx(() -> robot.lookup("#loginMessage").query().isVisible()));
    }

    @Test
    void wrongKeyMessage_staysWhileOtherFieldsChange_andGoesWhenTheKeyDoes(FxRobot robot) {
        fill(robot, "127.0.0.1", server.port(), "user1", "pass123", server.key().withClassKey(new byte[32]).asText());
        robot.clickOn("#connectButton");
        until(() -> loginMessage(robot).startsWith("Wrong class key"));

        // when: a field the message is not about
        robot.interact(() -> window.loginModel().passwordProperty().set("pass1234"));

        // then:
        assertTrue(loginMessage(robot).startsWith("Wrong class key"), loginMessage(robot));

        // when: the key
        robot.interact(() -> window.loginModel().keyTextProperty().set(server.key().asText()));

        // then:
        assertEquals("", loginMessage(robot));
    }

    @Test
    void malformedKeyError_goesOnceTheKeyIsValid(FxRobot robot) {
        fill(robot, "127.0.0.1", server.port(), "user1", "pass123", "ccn2-abc");
        assertFalse(onFx(() -> robot.lookup("#keyError").queryAs(Label.class).getText()).isEmpty());

        // when:
        robot.interact(() -> window.loginModel().keyTextProperty().set(server.key().asText()));

        // then:
        assertEquals("", onFx(() -> robot.lookup("#keyError").queryAs(Label.class).getText()));
        assertFalse(onFx(() -> robot.lookup("#keyError").query().isVisible()));
        assertFalse(onFx(() -> robot.lookup("#connectButton").queryButton().isDisabled()));
    }

    @Test
    void failureMessage_isGoneAfterALaterLoginAndLogout(FxRobot robot) {
        fill(robot, "127.0.0.1", server.port(), "user1", "not-the-password", server.key().asText());
        robot.clickOn("#connectButton");
        until(() -> !loginMessage(robot).isEmpty());
        robot.interact(() -> window.loginModel().usernameProperty().set("user2"));
        robot.interact(() -> window.loginModel().passwordProperty().set("pass456"));
        robot.clickOn("#connectButton");
        until(() -> robot.lookup("#logoutButton").tryQuery().isPresent());

        // when:
        robot.clickOn("#logoutButton");

        // then:
        until(() -> robot.lookup("#loginMessage").tryQuery().isPresent());
        assertEquals("", loginMessage(robot));
    }
}
