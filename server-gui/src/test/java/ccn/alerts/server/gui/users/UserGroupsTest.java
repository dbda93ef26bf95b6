package ccn.alerts.server.gui.users;

import ccn.alerts.server.AlertServer;
import ccn.alerts.server.gui.ServerConsoleApp;
import ccn.alerts.server.gui.ServerConsoleModel;
import ccn.alerts.testing.TestServerExtension;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static ccn.alerts.server.gui.ConsoleWait.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Users tab's groups: shown beside each user, edited as "lab-a, lab-b", stored in users.json. */
@ExtendWith(ApplicationExtension.class)
class UserGroupsTest {
    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withDefaults();

    private AlertServer server;
    private ServerConsoleModel model;

    @Start
    void start(Stage stage) throws IOException {
        server = new AlertServer(servers.config());
        model = new ServerConsoleApp().show(stage, server, false);
    }

    @AfterEach
    void tearDown() {
        model.shutdown();
    }

    @Test
    void editedGroups_areStoredInUsersJson_andShownInTheList(FxRobot robot) throws Exception {
        robot.clickOn("#usersTab");
        ListView<String> users = robot.lookup("#usersList").queryListView();
        robot.interact(() -> users.getSelectionModel().select("user2"));
        assertEquals("lab-b", robot.lookup("#groupsField").queryTextInputControl().getText());

        // when:
        robot.interact(() -> robot.lookup("#groupsField").queryTextInputControl().clear());
        robot.clickOn("#groupsField").write("lab-a, lab-c");
        robot.clickOn("#saveGroupsButton");

        // then:
        waitFor(() -> server.users().groupsOf("user2").equals(new java.util.TreeSet<>(List.of("lab-a", "lab-c"))));
        String json = Files.readString(server.users().file());
        assertTrue(json.contains("\"lab-c\""), json);
        waitFor(() -> "user2 is in lab-a, lab-c now".equals(label(robot, "#userFeedback").getText()));
        waitFor(() -> robot.lookup("#usersList .user-groups").queryAll().stream()
                .anyMatch(n -> "groups: lab-a, lab-c".equals(((Label) n).getText())));
        assertEquals(List.of("user1", "user2"), server.users().members("lab-a"));
    }

    @Test
    void anInvalidGroupName_isReportedAsASentence_andChangesNothing(FxRobot robot) throws Exception {
        robot.clickOn("#usersTab");
        ListView<String> users = robot.lookup("#usersList").queryListView();
        robot.interact(() -> users.getSelectionModel().select("user1"));

        // when:
        robot.interact(() -> robot.lookup("#groupsField").queryTextInputControl().clear());
        robot.clickOn("#groupsField").write("lab-a, lab/b");
        robot.clickOn("#saveGroupsButton");

        // then:
        Label problem = label(robot, "#problemLabel");
        waitFor(() -> problem.getText().startsWith("Groups not changed: invalid group name 'lab/b'"));
        assertFalse(problem.getText().contains("Exception"), problem.getText());
        assertEquals(List.of("lab-a"), List.copyOf(server.users().groupsOf("user1")));
    }

    private static Label label(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class);
    }
}
