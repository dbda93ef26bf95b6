package ccn.alerts.client.gui;

import javafx.application.Application;

/**
 * Entry point of the client window for {@code java -jar} and {@code java -cp}. A separate class
 * from {@link ClientApp} because the Java launcher refuses to start an {@code Application}
 * subclass from the class path ("JavaFX runtime components are missing").
 */
public final class ClientMain {
    private ClientMain() {
    }

    public static void main(String[] args) {
        Application.launch(ClientApp.class, args);
    }
}
