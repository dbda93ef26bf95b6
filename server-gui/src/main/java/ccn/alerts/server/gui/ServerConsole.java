package ccn.alerts.server.gui;

import javafx.application.Application;

/**
 * Entry point of the server console. A separate class from {@link ServerConsoleApp} because the
 * Java launcher refuses to start an {@code Application} subclass from the class path ("JavaFX
 * runtime components are missing"), which is how a plain {@code java -cp} or a fat jar runs it.
 */
public final class ServerConsole {
    private ServerConsole() {
    }

    public static void main(String[] args) {
        Application.launch(ServerConsoleApp.class, args);
    }
}
