package ccn.alerts.client.gui.feed;

import ccn.alerts.gui.Compact;
import ccn.alerts.protocol.Message;
import javafx.animation.KeyFrame;
import javafx.animation.KeyValue;
import javafx.animation.Timeline;
import javafx.beans.InvalidationListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One alert as a card: a priority badge (the priority in words, not colour alone), a DRILL badge
 * for an exercise, the message, the weather figures, local time, alert id and the ACK state; below,
 * where the alert stands ("Updated 14:05", "All clear 14:10", "Cancelled…", "Expired…"), "While
 * you were away" for a catch-up, and "I have read this" until the person clicks it (then how far
 * the confirmation has come). A cell reuses one card for many alerts through {@link #setItem}; a
 * revision changes the card in place. Colours come from client.css through the style class
 * {@code high}/{@code medium}/{@code low} and pseudo-classes set in {@link #updateState()}.
 */
public final class AlertCardView extends StackPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final List<String> PRIORITY_CLASSES = List.of("high", "medium", "low");
    private static final PseudoClass UPDATED = PseudoClass.getPseudoClass("updated");
    private static final PseudoClass ENDED = PseudoClass.getPseudoClass("ended");
    private static final PseudoClass ALL_CLEAR = PseudoClass.getPseudoClass("all-clear");
    private static final PseudoClass CANCELLED = PseudoClass.getPseudoClass("cancelled");
    private static final PseudoClass EXPIRED = PseudoClass.getPseudoClass("expired");
    private static final PseudoClass READ = PseudoClass.getPseudoClass("read");
    private static final PseudoClass DRILL = PseudoClass.getPseudoClass("drill");

    private final Label badge = new Label();
    private final Label drill = new Label("DRILL");
    private final Label message = new Label();
    private final Label weather = new Label();
    private final Label meta = new Label();
    private final Label ack = new Label();
    private final Label stage = new Label();
    private final Label away = new Label("While you were away");
    private final Label readStatus = new Label();
    private final Button readButton = new Button("I have read this");
    private final Region flash = new Region();
    private final Region spacer = new Region();
    private final HBox header = new HBox(12);
    private final HBox messageRow = new HBox(16);
    private final FlowPane compactHeader = new FlowPane(10, 6);
    private final FlowPane compactFooter = new FlowPane(10, 6);
    private final VBox body = new VBox(6);
    private boolean compact;
    private final Timeline pulse;
    private final InvalidationListener stateListener = o -> updateState();
    private final InvalidationListener revisionListener = o -> showAlert();
    private final ZoneId zone;
    private AlertItem item;

    public AlertCardView() {
        this(ZoneId.systemDefault(), item -> { });
    }

    /** @param onRead what "I have read this" does (the feed's {@link FeedModel#confirmRead}) */
    public AlertCardView(ZoneId zone, Consumer<AlertItem> onRead) {
        this.zone = Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(onRead, "onRead");
        getStyleClass().add("alert-card");
        badge.getStyleClass().addAll("priority-badge", "card-badge");
        badge.setId("priorityBadge");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        drill.getStyleClass().addAll("drill-badge", "card-badge");
        drill.setId("drillBadge");
        drill.setMinWidth(Region.USE_PREF_SIZE);
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
        stage.getStyleClass().addAll("card-tag", "card-stage");
        stage.setId("lifecycleStatus");
        stage.setMinWidth(Region.USE_PREF_SIZE);
        away.getStyleClass().addAll("card-tag", "card-away");
        away.setId("catchUpBadge");
        away.setMinWidth(Region.USE_PREF_SIZE);
        readStatus.getStyleClass().add("card-read");
        readStatus.setId("readStatus");
        readStatus.setMinWidth(Region.USE_PREF_SIZE);
        readButton.getStyleClass().add("read-button");
        readButton.setId("readButton");
        readButton.setMinWidth(Region.USE_PREF_SIZE);
        readButton.setOnAction(e -> {
            if (item != null) {
                onRead.accept(item);
            }
        });
        for (Region r : List.of(drill, stage, away, readStatus, readButton)) {
            r.managedProperty().bind(r.visibleProperty());
        }

        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox.setHgrow(message, Priority.ALWAYS);
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(meta, Priority.SOMETIMES);
        header.setAlignment(Pos.CENTER_LEFT);
        messageRow.setAlignment(Pos.CENTER_LEFT);
        compactHeader.setAlignment(Pos.CENTER_LEFT);
        compactFooter.setAlignment(Pos.CENTER_LEFT);
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
            item.alertProperty().removeListener(revisionListener);
            item.ackStateProperty().removeListener(stateListener);
            item.readStateProperty().removeListener(stateListener);
            item.expiredProperty().removeListener(stateListener);
            item.caughtUpProperty().removeListener(stateListener);
        }
        pulse.stop();
        flash.setOpacity(0);
        item = next;
        if (next == null) {
            return;
        }
        next.alertProperty().addListener(revisionListener);
        next.ackStateProperty().addListener(stateListener);
        next.readStateProperty().addListener(stateListener);
        next.expiredProperty().addListener(stateListener);
        next.caughtUpProperty().addListener(stateListener);
        showAlert();
    }

    /** The texts of the item's latest revision; a changed HIGH alert pulses again. */
    private void showAlert() {
        Message.Alert a = item.alert();
        badge.setText(a.priority().name());
        message.setText(a.message());
        weather.setText(describeWeather(a.weather()));
        weather.setVisible(a.weather() != null);
        weather.setManaged(a.weather() != null);
        meta.setText(TIME.format(a.time().atZone(zone)) + "   ·   #" + a.alertId() + "   ·   from " + a.from()
                + (a.redelivery() ? "   ·   re-sent" : ""));
        updateState();
        if (item.takeHighlight()) {
            pulse.playFromStart();
        }
    }

    /**
     * Compact: badges, state and ACK state on top (wrapping onto more lines if they do not fit),
     * the time, id and sender below the message, then the read button; wide: the header in one
     * row and the read button beside the message, so a card is no taller than before it had one.
     */
    public void setCompact(boolean compact) {
        if (this.compact != compact) {
            this.compact = compact;
            arrange();
        }
    }

    private void arrange() {
        pseudoClassStateChanged(Compact.PSEUDO_CLASS, compact);
        if (compact) {
            header.getChildren().clear();
            messageRow.getChildren().clear();
            compactHeader.getChildren().setAll(badge, drill, stage, away, ack);
            compactFooter.getChildren().setAll(readStatus, readButton);
            body.getChildren().setAll(compactHeader, message, weather, meta, compactFooter);
        } else {
            compactHeader.getChildren().clear();
            compactFooter.getChildren().clear();
            header.getChildren().setAll(badge, drill, stage, away, meta, spacer, ack);
            messageRow.getChildren().setAll(message, readStatus, readButton);
            body.getChildren().setAll(header, messageRow, weather);
        }
    }

    public AlertItem getItem() {
        return item;
    }

    private void updateState() {
        if (item == null) {
            return;
        }
        Message.Alert a = item.alert();
        String priorityClass = a.priority().name().toLowerCase(Locale.ROOT);
        getStyleClass().removeAll(PRIORITY_CLASSES);
        getStyleClass().add(priorityClass);
        badge.getStyleClass().removeAll(PRIORITY_CLASSES);
        badge.getStyleClass().add(priorityClass);
        AckState state = item.getAckState();
        ack.setText(state.label());
        for (AckState s : AckState.values()) {
            pseudoClassStateChanged(PseudoClass.getPseudoClass(s.pseudoClass()), s == state);
        }

        Message.AlertState lifecycle = a.state();
        boolean ended = lifecycle.ended();
        boolean expired = !ended && item.isExpired();
        boolean updated = !ended && !expired && a.revision() > 1;
        stage.setText(stageText(a, ended, expired, updated));
        stage.setVisible(ended || expired || updated);
        pseudoClassStateChanged(ENDED, ended);
        pseudoClassStateChanged(ALL_CLEAR, lifecycle == Message.AlertState.ALL_CLEAR);
        pseudoClassStateChanged(CANCELLED, ended && lifecycle != Message.AlertState.ALL_CLEAR);
        pseudoClassStateChanged(EXPIRED, expired);
        pseudoClassStateChanged(UPDATED, updated);
        drill.setVisible(a.drill());
        pseudoClassStateChanged(DRILL, a.drill());
        away.setVisible(item.caughtUpProperty().get());

        ReadState read = item.getReadState();
        readButton.setVisible(!read.isRead());
        readStatus.setVisible(read.isRead());
        readStatus.setText(read.label());
        pseudoClassStateChanged(READ, read.isRead());
    }

    private String stageText(Message.Alert a, boolean ended, boolean expired, boolean updated) {
        if (ended) {
            String what = switch (a.state()) {
                case ALL_CLEAR -> "All clear";
                case CANCELLED -> "Cancelled";
                default -> "Ended";
            };
            return what + " " + shortTime(a.revisedAt());
        }
        if (expired) {
            return "Expired " + shortTime(a.expiresAt());
        }
        return updated ? "Updated " + shortTime(a.revisedAt()) : "";
    }

    private String shortTime(Instant t) {
        return SHORT_TIME.format(t.atZone(zone));
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
