package ccn.alerts.client.gui.feed;

import ccn.alerts.protocol.Message;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.beans.value.ChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * One alert as a card: a priority badge (the priority in words, not colour alone), the message,
 * the weather figures, local time, alert id and the ACK state. A cell reuses one card for many
 * alerts through {@link #setItem}; colours come from client.css through the style class
 * {@code high}/{@code medium}/{@code low} and the ACK pseudo-classes.
 */
public final class AlertCardView extends StackPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final List<String> PRIORITY_CLASSES = List.of("high", "medium", "low");

    private final Label badge = new Label();
    private final Label message = new Label();
    private final Label weather = new Label();
    private final Label meta = new Label();
    private final Label ack = new Label();
    private final Region flash = new Region();
    private final Region spacer = new Region();
    private final HBox header = new HBox(12);
    private final FlowPane compactHeader = new FlowPane(10, 6);
    private final VBox body = new VBox(6);
    private boolean compact;
    private final Timeline pulse;
    private final ChangeListener<AckState> ackListener = (obs, old, now) -> updateState();
    private final ZoneId zone;
    private AlertItem item;

    public AlertCardView() {
        this(ZoneId.systemDefault());
    }

    public AlertCardView(ZoneId zone) {
        this.zone = zone;
        getStyleClass().add("alert-card");
        badge.getStyleClass().addAll("priority-badge", "card-badge");
        badge.setId("priorityBadge");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        message.getStyleClass().add("card-message");
        message.setId("alertMessage");
        message.setWrapText(true);
        // Never shorter than the wrapped text: a cell laid out before its final width (the first
        // alert into a fresh, narrow feed) otherwise kept one line and cut the text with "...".
        message.setMinHeight(Region.USE_PREF_SIZE);
        weather.getStyleClass().add("card-weather");
        weather.setId("alertWeather");
        weather.setWrapText(true);
        weather.setMinHeight(Region.USE_PREF_SIZE);
        meta.getStyleClass().add("card-meta");
        meta.setId("alertMeta");
        meta.setWrapText(true);
        meta.setMinHeight(Region.USE_PREF_SIZE);
        meta.setMinWidth(0);
        ack.getStyleClass().add("card-ack");
        ack.setId("ackStatus");
        ack.setMinWidth(Region.USE_PREF_SIZE);

        HBox.setHgrow(spacer, javafx.scene.layout.Priority.ALWAYS);
        HBox.setHgrow(meta, javafx.scene.layout.Priority.SOMETIMES);
        header.setAlignment(Pos.CENTER_LEFT);
        compactHeader.setAlignment(Pos.CENTER_LEFT);
        body.getStyleClass().add("card-body");
        body.setMinWidth(0);
        arrange();

        flash.getStyleClass().add("card-flash");
        flash.setOpacity(0);
        flash.setMouseTransparent(true);
        getChildren().addAll(flash, body);

        pulse = new Timeline(
                new KeyFrame(Duration.ZERO, new KeyValue(flash.opacityProperty(), 0)),
                new KeyFrame(Duration.millis(250), new KeyValue(flash.opacityProperty(), 1)),
                new KeyFrame(Duration.millis(900), new KeyValue(flash.opacityProperty(), 0)));
        pulse.setCycleCount(3);
    }

    /** Shows this alert (or nothing, for null); a new HIGH alert pulses once. */
    public void setItem(AlertItem next) {
        if (item != null) {
            item.ackStateProperty().removeListener(ackListener);
        }
        pulse.stop();
        flash.setOpacity(0);
        item = next;
        if (next == null) {
            return;
        }
        next.ackStateProperty().addListener(ackListener);
        Message.Alert a = next.alert();
        badge.setText(a.priority().name());
        message.setText(a.message());
        weather.setText(describeWeather(a.weather()));
        weather.setVisible(a.weather() != null);
        weather.setManaged(a.weather() != null);
        meta.setText(TIME.format(a.time().atZone(zone)) + "   ·   #" + a.alertId() + "   ·   from " + a.sender()
                + (a.redelivery() ? "   ·   re-sent" : ""));
        updateState();
        if (next.takeHighlight()) {
            pulse.playFromStart();
        }
    }

    /**
     * Compact: badge and ACK state on top (wrapping onto two lines if even they do not fit), the
     * time, id and sender below the message; wide: all of that in one header row.
     */
    public void setCompact(boolean compact) {
        if (this.compact != compact) {
            this.compact = compact;
            arrange();
        }
    }

    private void arrange() {
        pseudoClassStateChanged(ccn.alerts.gui.Compact.PSEUDO_CLASS, compact);
        if (compact) {
            header.getChildren().clear();
            compactHeader.getChildren().setAll(badge, ack);
            body.getChildren().setAll(compactHeader, message, weather, meta);
        } else {
            compactHeader.getChildren().clear();
            header.getChildren().setAll(badge, meta, spacer, ack);
            body.getChildren().setAll(header, message, weather);
        }
    }

    public AlertItem getItem() {
        return item;
    }

    private void updateState() {
        if (item == null) {
            return;
        }
        String priorityClass = item.priority().name().toLowerCase(Locale.ROOT);
        getStyleClass().removeAll(PRIORITY_CLASSES);
        getStyleClass().add(priorityClass);
        badge.getStyleClass().removeAll(PRIORITY_CLASSES);
        badge.getStyleClass().add(priorityClass);
        AckState state = item.getAckState();
        ack.setText(state.label());
        for (AckState s : AckState.values()) {
            pseudoClassStateChanged(PseudoClass.getPseudoClass(s.pseudoClass()), s == state);
        }
    }

    static String describeWeather(Message.Weather w) {
        if (w == null) {
            return "";
        }
        return String.format(Locale.ROOT, "Temperature %.1f °C   ·   Humidity %.0f %%   ·   %s",
                w.temperatureC(), w.humidityPercent(), w.condition());
    }

    /** For tests: is the attention pulse running? */
    boolean isPulsing() {
        return pulse.getStatus() == javafx.animation.Animation.Status.RUNNING;
    }
}
