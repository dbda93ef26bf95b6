package ccn.alerts.client.gui.connection;

import ccn.alerts.client.ClientState;
import ccn.alerts.client.ClientStatus;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The strip above the feed: connection state with a coloured dot, user and server, the last
 * heartbeat round trip, and Reconnect / Logout. The state shows as a style class
 * {@code state-<state>} on the bar and the dot; client.css gives it its colour.
 */
public final class ConnectionBar extends HBox {
    private static final List<String> STATE_CLASSES = Arrays.stream(ClientState.values())
            .map(ConnectionBar::styleClass).toList();

    private final SessionModel model;
    private final Region dot = new Region();
    private final Label state = new Label();
    private final Label detail = new Label();
    private final Label heartbeat = new Label();
    private final Timeline countdown;

    public ConnectionBar(SessionModel model) {
        this.model = Objects.requireNonNull(model, "model");
        getStyleClass().add("connection-bar");
        setId("connectionBar");
        setAlignment(Pos.CENTER_LEFT);
        setSpacing(14);

        dot.getStyleClass().add("state-dot");
        dot.setId("stateDot");
        state.getStyleClass().add("connection-state");
        state.setId("connectionState");
        state.setMinWidth(Region.USE_PREF_SIZE);
        detail.getStyleClass().add("connection-detail");
        detail.setId("connectionDetail");
        VBox stateBox = new VBox(2, state, detail);
        stateBox.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(stateBox, Priority.ALWAYS);
        // In a narrow window the detail line and the user@server label give way (ellipsis); the
        // state word never shrinks below its own width, so nothing overlaps.
        detail.setMinWidth(0);
        stateBox.setMinWidth(Region.USE_COMPUTED_SIZE);

        Label who = new Label(model.config().username() + "  @  " + model.config().host() + ":" + model.config().port());
        who.getStyleClass().add("connection-who");
        who.setId("sessionLabel");
        who.setMinWidth(0);
        heartbeat.getStyleClass().add("connection-heartbeat");
        heartbeat.setId("heartbeatLabel");
        heartbeat.setMinWidth(Region.USE_PREF_SIZE);

        Button reconnect = new Button("Reconnect");
        reconnect.setId("reconnectButton");
        reconnect.getStyleClass().add("reconnect-button");
        reconnect.visibleProperty().bind(model.canReconnectProperty());
        reconnect.managedProperty().bind(reconnect.visibleProperty());
        reconnect.setOnAction(e -> model.reconnect());
        reconnect.setMinWidth(Region.USE_PREF_SIZE);
        Button logout = new Button("Log out");
        logout.setId("logoutButton");
        logout.disableProperty().bind(model.loggingOutProperty());
        logout.setOnAction(e -> model.logout());
        logout.setMinWidth(Region.USE_PREF_SIZE);

        javafx.scene.control.ToggleButton wire = new javafx.scene.control.ToggleButton("Wire");
        wire.setId("wireToggle");
        wire.getStyleClass().add("wire-toggle");
        wire.setTooltip(new javafx.scene.control.Tooltip("Show the frames this client sends and receives"));
        wire.selectedProperty().bindBidirectional(model.wire().capturingProperty());
        wire.setMinWidth(Region.USE_PREF_SIZE);

        getChildren().addAll(dot, stateBox, who, heartbeat, reconnect, wire, logout);

        countdown = new Timeline(new KeyFrame(Duration.millis(250), e -> updateState()));
        countdown.setCycleCount(Animation.INDEFINITE);
        model.statusProperty().addListener((obs, old, now) -> updateState());
        model.roundTripProperty().addListener((obs, old, now) -> updateState());
        model.loggingOutProperty().addListener((obs, old, now) -> updateState());
        updateState();
    }

    private void updateState() {
        ClientStatus s = model.statusProperty().get();
        String cls = styleClass(s.state());
        getStyleClass().removeAll(STATE_CLASSES);
        getStyleClass().add(cls);
        dot.getStyleClass().removeAll(STATE_CLASSES);
        dot.getStyleClass().add(cls);
        state.setText(model.loggingOutProperty().get() ? "Logging out…" : headline(s));
        detail.setText(detail(s));
        java.time.Duration rtt = model.roundTripProperty().get();
        heartbeat.setText(rtt == null ? "Heartbeat —" : "Heartbeat " + Math.max(0, rtt.toMillis()) + " ms");
        boolean counting = s.state() == ClientState.RECONNECTING && s.retryAt() != null;
        if (counting && countdown.getStatus() != Animation.Status.RUNNING) {
            countdown.play();
        } else if (!counting) {
            countdown.stop();
        }
    }

    private static String headline(ClientStatus s) {
        return switch (s.state()) {
            case CONNECTED -> "Connected";
            case CONNECTING, AUTHENTICATING -> "Connecting…";
            case RECONNECTING -> s.retryAt() == null ? "Reconnecting…"
                    : "Reconnecting in " + secondsUntil(s.retryAt()) + " s…";
            case SERVER_SHUTDOWN -> "Server shut down";
            case DISCONNECTED -> "Disconnected";
            case AUTH_FAILED, WRONG_KEY, THROTTLED, UNREACHABLE -> "Not connected";
        };
    }

    private static String detail(ClientStatus s) {
        return switch (s.state()) {
            case CONNECTED -> "Receiving alerts";
            case SERVER_SHUTDOWN -> "The server was stopped. Press Reconnect when it is running again.";
            default -> s.reason();
        };
    }

    private static long secondsUntil(Instant at) {
        long ms = java.time.Duration.between(Instant.now(), at).toMillis();
        return Math.max(0, (ms + 999) / 1000);
    }

    static String styleClass(ClientState state) {
        return "state-" + state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
