package ccn.alerts.client.gui.connection;

import ccn.alerts.client.ClientState;
import ccn.alerts.client.ClientStatus;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.beans.property.ReadOnlyBooleanProperty;
import ccn.alerts.gui.Compact;
import javafx.scene.layout.FlowPane;
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
 *
 * <p>Wide, it is one row; in a narrow window ({@link Compact}, e.g. a demo tile) the same nodes
 * stack: state and heartbeat, the detail sentence, then user@server and the buttons, which wrap
 * onto another line rather than cut a text.
 */
public final class ConnectionBar extends VBox {
    private static final List<String> STATE_CLASSES = Arrays.stream(ClientState.values())
            .map(ConnectionBar::styleClass).toList();
    /** Below this width (em) the one row no longer fits "Server shut down", user@server and three buttons. */
    static final double COMPACT_BELOW_EM = 48;

    private final SessionModel model;
    private final Region dot = new Region();
    private final Label state = new Label();
    private final Label detail = new Label();
    private final Label who = new Label();
    private final Label heartbeat = new Label();
    private final Label probe = new Label();
    private final HBox buttons;
    private final ReadOnlyBooleanProperty compact;
    private final Timeline countdown;

    public ConnectionBar(SessionModel model) {
        this.model = Objects.requireNonNull(model, "model");
        getStyleClass().add("connection-bar");
        setId("connectionBar");

        dot.getStyleClass().add("state-dot");
        dot.setId("stateDot");
        state.getStyleClass().add("connection-state");
        state.setId("connectionState");
        state.setWrapText(true);
        detail.getStyleClass().add("connection-detail");
        detail.setId("connectionDetail");
        // Status texts wrap onto more lines; they are never cut.
        detail.setWrapText(true);
        detail.setMinHeight(Region.USE_PREF_SIZE);
        detail.managedProperty().bind(detail.textProperty().isNotEmpty());
        detail.visibleProperty().bind(detail.managedProperty());

        who.getStyleClass().add("connection-who");
        who.setId("sessionLabel");
        who.setWrapText(true);
        who.setMinHeight(Region.USE_PREF_SIZE);
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

        ToggleButton wire = new ToggleButton("Wire");
        wire.setId("wireToggle");
        wire.getStyleClass().add("wire-toggle");
        wire.setTooltip(new Tooltip("Show the frames this client sends and receives"));
        wire.selectedProperty().bindBidirectional(model.wire().capturingProperty());
        wire.setMinWidth(Region.USE_PREF_SIZE);
        buttons = new HBox(8, reconnect, wire, logout);
        buttons.setAlignment(Pos.CENTER_LEFT);
        buttons.setMinWidth(Region.USE_PREF_SIZE);

        // The em is measured on a label that stays put: one that arrange() moves loses its CSS
        // font for a moment, which would flip the layout back and forth.
        probe.getStyleClass().add("connection-detail");
        probe.setManaged(false);
        probe.setVisible(false);
        getChildren().add(probe);
        compact = Compact.track(this, probe, COMPACT_BELOW_EM);
        compact.addListener((o, was, now) -> arrange());
        arrange();

        countdown = new Timeline(new KeyFrame(Duration.millis(250), e -> updateState()));
        countdown.setCycleCount(Animation.INDEFINITE);
        model.statusProperty().addListener((obs, old, now) -> updateState());
        model.roundTripProperty().addListener((obs, old, now) -> updateState());
        model.loggingOutProperty().addListener((obs, old, now) -> updateState());
        updateState();
    }

    /** True while the bar uses its stacked layout. */
    public ReadOnlyBooleanProperty compactProperty() {
        return compact;
    }

    private void arrange() {
        String user = model.config().username();
        String server = model.config().host() + ":" + model.config().port();
        if (compact.get()) {
            who.setText(user + " @ " + server);
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            HBox top = new HBox(10, dot, state, gap, heartbeat);
            top.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(state, Priority.SOMETIMES);
            FlowPane bottom = new FlowPane(12, 6, who, buttons);
            bottom.setAlignment(Pos.CENTER_LEFT);
            bottom.getStyleClass().add("connection-actions");
            setSpacing(4);
            getChildren().retainAll(probe);
            getChildren().addAll(top, detail, bottom);
        } else {
            who.setText(user + "  @  " + server);
            VBox stateBox = new VBox(2, state, detail);
            stateBox.setAlignment(Pos.CENTER_LEFT);
            stateBox.setMinWidth(0);
            HBox.setHgrow(stateBox, Priority.ALWAYS);
            HBox.setHgrow(state, Priority.NEVER);
            VBox whoBox = new VBox(2, who, heartbeat);
            whoBox.setAlignment(Pos.CENTER_RIGHT);
            whoBox.setMinWidth(Region.USE_PREF_SIZE);
            who.setMinWidth(Region.USE_PREF_SIZE);
            HBox row = new HBox(14, dot, stateBox, whoBox, buttons);
            row.setAlignment(Pos.CENTER_LEFT);
            setSpacing(0);
            getChildren().retainAll(probe);
            getChildren().add(row);
        }
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
        boolean counting = (s.state() == ClientState.RECONNECTING || s.state() == ClientState.THROTTLED)
                && s.retryAt() != null && secondsUntil(s.retryAt()) > 0;
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
            case AUTH_FAILED, WRONG_KEY, WRONG_SERVER, THROTTLED, UNREACHABLE -> "Not connected";
        };
    }

    private static String detail(ClientStatus s) {
        return switch (s.state()) {
            case CONNECTED -> "Receiving alerts";
            case SERVER_SHUTDOWN -> "The server was stopped. Press Reconnect when it is running again.";
            case THROTTLED -> s.retryAt() == null ? s.reason()
                    : secondsUntil(s.retryAt()) > 0 ? "Too many attempts — retry in " + secondsUntil(s.retryAt()) + " s"
                    : "You can try again now: press Reconnect.";
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
