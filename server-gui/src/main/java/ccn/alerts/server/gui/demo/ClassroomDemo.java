package ccn.alerts.server.gui.demo;

import javafx.application.Application;

/**
 * The one-click classroom demo: the server console, already running, and client windows logged
 * in as admin, user1 and user2 (as many as fit readably: three at 1920×1080, two at 1280×800),
 * tiled beside it. Takes the console's
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
