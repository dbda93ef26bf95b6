package ccn.alerts.server.gui.school;

import javafx.application.Application;

/** Entry point of the school console (a plain class: the launcher refuses an Application from the class path). */
public final class SchoolConsole {
    private SchoolConsole() {
    }

    public static void main(String[] args) {
        Application.launch(SchoolConsoleApp.class, args);
    }
}
