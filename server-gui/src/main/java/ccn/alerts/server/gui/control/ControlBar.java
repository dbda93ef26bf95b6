package ccn.alerts.server.gui.control;

import ccn.alerts.server.ServerState;
import ccn.alerts.server.ServerStats;
import ccn.alerts.server.gui.ServerConsoleModel;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The top bar: bind address and port (validated), Start / Stop, the state indicator and the live
 * counters. FX thread only.
 */
public final class ControlBar extends VBox {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final PseudoClass RUNNING = PseudoClass.getPseudoClass("running");
    private static final PseudoClass BUSY = PseudoClass.getPseudoClass("busy");
    private static final PseudoClass STOPPED = PseudoClass.getPseudoClass("stopped");
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final ServerConsoleModel model;
    private final TextField bindField = new TextField();
    private final TextField portField = new TextField();
    private final Label validation = new Label();
    private final Circle dot = new Circle(7);
    private final Label stateLabel = new Label();
    private final Label clientsValue = new Label("0");
    private final Label alertsValue = new Label("0");
    private final Label ackValue = new Label("—");
    private final Label trafficValue = new Label("—");

    public ControlBar(ServerConsoleModel model, String bindAddress, int port) {
        this.model = model;
        getStyleClass().add("control-bar");

        Label title = new Label("CCN Alert Server");
        title.getStyleClass().add("app-title");

        bindField.setId("bindField");
        bindField.setText(bindAddress);
        bindField.setPrefColumnCount(10);
        bindField.setPromptText("127.0.0.1");
        portField.setId("portField");
        portField.setText(Integer.toString(port));
        portField.setPrefColumnCount(5);

        Button start = new Button("Start");
        start.setId("startButton");
        start.getStyleClass().add("accent");
        start.setDefaultButton(true);
        Button stop = new Button("Stop");
        stop.setId("stopButton");

        BooleanBinding stopped = model.stateProperty().isEqualTo(ServerState.STOPPED);
        BooleanBinding running = model.stateProperty().isEqualTo(ServerState.RUNNING);
        BooleanBinding invalid = Bindings.createBooleanBinding(() -> portProblem() != null, portField.textProperty());
        start.disableProperty().bind(stopped.not().or(model.busyProperty()).or(invalid));
        stop.disableProperty().bind(running.not().or(model.busyProperty()));
        bindField.disableProperty().bind(stopped.not());
        portField.disableProperty().bind(stopped.not());
        start.setOnAction(e -> model.start(bindField.getText().trim(), Integer.parseInt(portField.getText().trim())));
        stop.setOnAction(e -> model.stop());

        validation.setId("portValidation");
        validation.getStyleClass().add("validation");
        validation.textProperty().bind(Bindings.createStringBinding(
                () -> portProblem() == null ? "" : portProblem(), portField.textProperty()));
        portField.textProperty().addListener((o, a, b) -> portField.pseudoClassStateChanged(INVALID, portProblem() != null));

        dot.getStyleClass().add("state-dot");
        stateLabel.setId("stateLabel");
        stateLabel.getStyleClass().add("state-label");
        HBox stateBox = new HBox(8, dot, stateLabel);
        stateBox.setAlignment(Pos.CENTER_LEFT);
        stateBox.getStyleClass().add("state-box");

        stateLabel.setWrapText(true);
        stateLabel.setMinHeight(Region.USE_PREF_SIZE);
        HBox identity = new HBox(10, title, stateBox);
        identity.setAlignment(Pos.CENTER_LEFT);
        HBox fields = new HBox(10, label("Address"), bindField, label("Port"), portField, start, stop);
        fields.setAlignment(Pos.CENTER_LEFT);
        // One line when there is room, the address fields on a second line when the window is narrow:
        // the state text never gets cut for them.
        Region spacer = new Region();
        spacer.minWidthProperty().bind(widthProperty().subtract(identity.widthProperty()).subtract(fields.widthProperty())
                .subtract(insetsWidth()).subtract(24));
        spacer.prefWidthProperty().bind(spacer.minWidthProperty());
        FlowPane row = new FlowPane(Orientation.HORIZONTAL, 0, 8, identity, spacer, fields);
        row.setAlignment(Pos.CENTER_LEFT);
        stateBox.maxWidthProperty().bind(widthProperty().subtract(insetsWidth()).subtract(title.widthProperty()).subtract(24));

        Label connect = new Label();
        connect.setId("connectLabel");
        connect.getStyleClass().add("connect-hint");
        connect.setWrapText(true);
        connect.setMinHeight(Region.USE_PREF_SIZE);
        connect.textProperty().bind(model.connectHintProperty());
        connect.visibleProperty().bind(model.connectHintProperty().isNotEmpty());
        connect.managedProperty().bind(connect.visibleProperty());

        clientsValue.setId("clientsCount");
        alertsValue.setId("alertsCount");
        ackValue.setId("ackRate");
        HBox counters = new HBox(28, counter("Clients", clientsValue), counter("Alerts sent", alertsValue),
                counter("ACK rate", ackValue), counter("Traffic in / out", trafficValue));
        counters.setAlignment(Pos.CENTER_LEFT);
        Label problem = new Label();
        problem.setId("problemLabel");
        problem.getStyleClass().add("problem");
        problem.textProperty().bind(model.problemProperty());
        problem.setWrapText(true);
        Region spacer2 = new Region();
        HBox.setHgrow(spacer2, Priority.ALWAYS);
        validation.setWrapText(true);
        validation.setMinHeight(Region.USE_PREF_SIZE);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(problem, Priority.SOMETIMES);
        HBox second = new HBox(16, counters, spacer2, validation, problem);
        second.setAlignment(Pos.CENTER_LEFT);

        Label school = new Label();
        school.setId("schoolLabel");
        school.getStyleClass().add("connect-hint");
        school.setWrapText(true);
        school.setMinHeight(Region.USE_PREF_SIZE);
        school.textProperty().bind(model.schoolStatusProperty());
        school.visibleProperty().bind(model.schoolStatusProperty().isNotEmpty());
        school.managedProperty().bind(school.visibleProperty());
        model.schoolLostProperty().addListener((o, was, lost) -> {
            school.getStyleClass().removeAll("connect-hint", "problem");
            school.getStyleClass().add(lost ? "problem" : "connect-hint");
        });

        getChildren().addAll(row, connect, school, second);
        setSpacing(8);

        model.stateProperty().addListener((o, a, b) -> updateState());
        model.startedAtProperty().addListener((o, a, b) -> updateState());
        model.busyProperty().addListener((o, a, b) -> updateState());
        model.statsProperty().addListener((o, a, b) -> updateCounters(b));
        updateState();
        updateCounters(model.statsProperty().get());
    }

    /** Null when the port field holds a usable port, else the message to show. */
    String portProblem() {
        String text = portField.getText() == null ? "" : portField.getText().trim();
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65_535) {
                return null;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the message
        }
        return "Port must be a number from 1 to 65535 (0 picks any free port)";
    }

    private void updateState() {
        ServerState state = model.stateProperty().get();
        boolean running = state == ServerState.RUNNING;
        boolean busy = state == ServerState.STARTING || state == ServerState.STOPPING || model.busyProperty().get();
        for (javafx.scene.Node n : new javafx.scene.Node[]{dot, stateLabel}) {
            n.pseudoClassStateChanged(RUNNING, running && !busy);
            n.pseudoClassStateChanged(BUSY, busy);
            n.pseudoClassStateChanged(STOPPED, state == ServerState.STOPPED && !busy);
        }
        if (running && model.startedAtProperty().get() != null) {
            stateLabel.setText("Running on " + model.boundAddressProperty().get() + " since "
                    + TIME.format(model.startedAtProperty().get()));
        } else {
            stateLabel.setText(switch (state) {
                case STARTING -> "Starting…";
                case STOPPING -> "Stopping…";
                case RUNNING -> "Running";
                case STOPPED -> "Stopped";
            });
        }
    }

    private void updateCounters(ServerStats s) {
        if (s == null) {
            return;
        }
        clientsValue.setText(Integer.toString(s.clients()));
        alertsValue.setText(Long.toString(s.alerts()));
        ackValue.setText(s.deliveries() == 0 ? "—"
                : String.format(Locale.ROOT, "%.0f %% (%d / %d)", 100 * s.ackRate(), s.acknowledgements(), s.deliveries()));
        trafficValue.setText(bytes(s.bytesIn()) + " / " + bytes(s.bytesOut()));
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
    }

    private javafx.beans.binding.DoubleBinding insetsWidth() {
        return Bindings.createDoubleBinding(() -> getInsets().getLeft() + getInsets().getRight(), insetsProperty());
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-label");
        return l;
    }

    private static VBox counter(String name, Label value) {
        value.getStyleClass().add("counter-value");
        Label caption = new Label(name);
        caption.getStyleClass().add("counter-caption");
        return new VBox(0, value, caption);
    }
}
