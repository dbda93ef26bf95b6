package ccn.alerts.server.gui.school;

import ccn.alerts.cli.CommandLine;
import ccn.alerts.cli.SchoolMain;
import ccn.alerts.school.School;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.util.Objects;
import java.util.Set;

/**
 * The school console (docs/SCHOOL.md): the same options as {@code SchoolMain}
 * ({@code --nats nats://school-1:4222,… --school "Lincoln High"}). It connects off the FX
 * thread, saying so, and shows a sentence if the cluster cannot be reached.
 */
public final class SchoolConsoleApp extends Application {
    public static final String TITLE = "CCN School Console";
    private volatile School school;
    private volatile SchoolConsoleView view;

    @Override
    public void start(Stage stage) {
        Label waiting = new Label("Connecting to the school's cluster…");
        waiting.setWrapText(true);
        StackPane root = new StackPane(waiting);
        root.setPadding(new Insets(24));
        Scene scene = new Scene(root, 1280, 800);
        style(scene);
        stage.setTitle(TITLE);
        stage.setScene(scene);
        stage.setMinWidth(1000);
        stage.setMinHeight(640);
        stage.show();

        CommandLine cl;
        School.Settings settings;
        try {
            cl = CommandLine.parse(getParameters().getRaw().toArray(String[]::new), SchoolMain.OPTIONS_WITH_VALUE, Set.of("help"));
            settings = SchoolMain.settings(cl);
        } catch (IllegalArgumentException e) {
            waiting.setText("Cannot start: " + e.getMessage());
            return;
        }
        String sender = cl.get("sender", "office");
        Thread.ofVirtual().name("ccn-school-connect").start(() -> {
            try {
                School s = School.connect(settings);
                school = s;
                Platform.runLater(() -> show(stage, s, sender));
            } catch (Exception e) {
                Platform.runLater(() -> waiting.setText(e.getMessage()
                        + "\n\nStart the cluster (README: A school of classroom servers) and open the console again."));
            }
        });
    }

    /** Puts the console for a connected school in {@code stage} (tests call it with their own school). */
    public SchoolConsoleView show(Stage stage, School s, String sender) {
        view = new SchoolConsoleView(s, sender);
        Scene scene = new Scene(view, 1280, 800);
        style(scene);
        stage.setTitle(TITLE + " — " + s.settings().name());
        stage.setScene(scene);
        stage.show();
        return view;
    }

    private static void style(Scene scene) {
        scene.getStylesheets().addAll(
                Objects.requireNonNull(SchoolConsoleApp.class.getResource("/ccn/alerts/styles/palette.css")).toExternalForm(),
                Objects.requireNonNull(SchoolConsoleApp.class.getResource("/ccn/alerts/server/gui/server-console.css")).toExternalForm());
    }

    @Override
    public void stop() {
        if (view != null) {
            view.shutdown();
        }
        if (school != null) {
            school.close();
        }
    }
}
