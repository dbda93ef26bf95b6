package ccn.alerts.client.gui.attention;

import ccn.alerts.client.gui.feed.AlertItem;
import ccn.alerts.client.gui.feed.FeedModel;
import ccn.alerts.protocol.Message;
import javafx.beans.InvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * The banner over the feed while a HIGH alert is active and unread: the newest such alert in
 * large type, a DRILL badge for an exercise, how many more wait, and "I have read this". It stays
 * while other alerts arrive and goes only when the person has read it (here or in another window),
 * or the alert ends or expires; then the next unread HIGH alert, if any, takes its place. Hidden
 * when the person switched the banner off. FX Application Thread only.
 */
public final class AlertBanner extends VBox {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final FeedModel feed;
    private final ZoneId zone;
    private final Label drill = new Label("DRILL");
    private final Label heading = new Label();
    private final Label more = new Label();
    private final Label message = new Label();
    private final Label meta = new Label();
    private final InvalidationListener revised = o -> refresh();
    private AlertItem shown;

    public AlertBanner(FeedModel feed, AttentionSettings settings) {
        this(feed, settings, ZoneId.systemDefault());
    }

    public AlertBanner(FeedModel feed, AttentionSettings settings, ZoneId zone) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.zone = Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(settings, "settings");
        getStyleClass().add("alert-banner");
        setId("alertBanner");

        Label badge = new Label("HIGH");
        badge.getStyleClass().addAll("banner-badge", "banner-priority");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        drill.getStyleClass().addAll("banner-badge", "banner-drill");
        drill.setId("bannerDrill");
        drill.setMinWidth(Region.USE_PREF_SIZE);
        drill.managedProperty().bind(drill.visibleProperty());
        heading.getStyleClass().add("banner-heading");
        heading.setId("bannerHeading");
        heading.setWrapText(true);
        more.getStyleClass().add("banner-more");
        more.setId("bannerMore");
        more.setMinWidth(Region.USE_PREF_SIZE);
        more.managedProperty().bind(more.visibleProperty());
        message.getStyleClass().add("banner-message");
        message.setId("bannerMessage");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        meta.getStyleClass().add("banner-meta");
        meta.setId("bannerMeta");
        meta.setWrapText(true);
        Button read = new Button("I have read this");
        read.getStyleClass().add("banner-read-button");
        read.setId("bannerReadButton");
        read.setMinWidth(Region.USE_PREF_SIZE);
        read.setDefaultButton(false);
        read.setOnAction(e -> {
            if (shown != null) {
                feed.confirmRead(shown);
            }
        });

        FlowPane top = new FlowPane(10, 6, badge, drill, heading, more);
        top.setAlignment(Pos.CENTER_LEFT);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox.setHgrow(meta, Priority.SOMETIMES);
        meta.setMinWidth(0);
        FlowPane bottom = new FlowPane(16, 8, meta, read);
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.getStyleClass().add("banner-actions");
        setSpacing(6);
        getChildren().addAll(top, message, bottom);

        feed.attentionItems().addListener((InvalidationListener) o -> refresh());
        visibleProperty().bind(settings.bannerProperty().and(javafx.beans.binding.Bindings.isNotEmpty(feed.attentionItems())));
        managedProperty().bind(visibleProperty());
        refresh();
    }

    /**
     * The layout of a narrow window (a demo tile): smaller type, and the message cut to a few
     * lines (the card below has all of it), so the banner never hides the whole feed.
     */
    public void setCompact(boolean compact) {
        pseudoClassStateChanged(ccn.alerts.gui.Compact.PSEUDO_CLASS, compact);
        message.setMinHeight(compact ? 0 : Region.USE_PREF_SIZE);
    }

    /** The alert the banner shows, or null. */
    public AlertItem shownItem() {
        return shown;
    }

    private void refresh() {
        AlertItem next = feed.attentionItems().isEmpty() ? null : feed.attentionItems().getFirst();
        if (next != shown) {
            if (shown != null) {
                shown.alertProperty().removeListener(revised);
            }
            shown = next;
            if (next != null) {
                next.alertProperty().addListener(revised);
            }
        }
        if (shown == null) {
            return;
        }
        Message.Alert a = shown.alert();
        drill.setVisible(a.drill());
        heading.setText((a.revision() > 1 ? "Updated " + TIME.format(a.revisedAt().atZone(zone)) + " — " : "")
                + (a.drill() ? "This is a drill — please read and confirm" : "Please read and confirm"));
        int others = feed.attentionItems().size() - 1;
        more.setVisible(others > 0);
        more.setText("+" + others + " more unread");
        message.setText(a.message());
        meta.setText("From " + a.from() + " at " + TIME.format(a.time().atZone(zone)) + "  ·  #" + a.alertId()
                + (shown.caughtUpProperty().get() ? "  ·  while you were away" : ""));
    }
}
