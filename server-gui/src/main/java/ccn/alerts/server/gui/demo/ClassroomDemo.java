package ccn.alerts.server.gui.demo;

import javafx.application.Application;

/**
 * The one-click classroom demo: the server console, already running, and three client windows
 * logged in as admin, user1 and user2, tiled so all four fit on one screen. Takes the console's
 * options (e.g. {@code --port 9000}). A launcher class, separate from the {@code Application},
 * so {@code java -cp} and {@code java -jar} accept it.
 */
public final class ClassroomDemo {
    private ClassroomDemo() {
    }

    public static void main(String[] args) {
        Application.launch(ClassroomDemoApp.class, args);
    }
}
