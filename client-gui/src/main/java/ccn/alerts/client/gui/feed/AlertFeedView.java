package ccn.alerts.client.gui.feed;

import ccn.alerts.protocol.Priority;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.FlowPane;
import javafx.beans.property.ReadOnlyBooleanProperty;
import ccn.alerts.gui.Compact;
import javafx.scene.layout.VBox;

import java.util.Locale;
import java.util.Objects;

/**
 * The alert feed: filter buttons ALL / HIGH / MEDIUM / LOW with their counts above a virtualised
 * list of cards (one card per visible row, reused while scrolling). The title and the buttons flow
 * onto a second line when the feed is too narrow for one, and the cards switch to their compact
 * layout ({@link Compact}).
 */
public final class AlertFeedView extends VBox {
    private final FeedModel model;
    private final ToggleGroup filters = new ToggleGroup();
    private final ListView<AlertItem> list;
    private final FlowPane bar;
    private final ReadOnlyBooleanProperty compact;
    /** Below this width (em) a card's header row (badge, time · id · sender, ACK state) no longer fits. */
    static final double CARDS_COMPACT_BELOW_EM = 48;

    public AlertFeedView(FeedModel model) {
        this.model = Objects.requireNonNull(model, "model");
        getStyleClass().add("alert-feed");
        setId("alertFeed");

        Label title = new Label("Alerts");
        title.getStyleClass().add("feed-title");
        ToggleButton all = filterButton("filterAll", null);
        bar = new FlowPane(6, 6, title, all, filterButton("filterHigh", Priority.HIGH),
                filterButton("filterMedium", Priority.MEDIUM), filterButton("filterLow", Priority.LOW));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("feed-toolbar");
        compact = Compact.track(this, all, CARDS_COMPACT_BELOW_EM);

        list = new ListView<>(model.visibleItems());
        list.setId("alertList");
        list.getStyleClass().add("alert-list");
        list.setCellFactory(l -> new AlertCell(l, compact, model::confirmRead));
        list.setFocusTraversable(false);
        Label empty = new Label("No alerts yet — they appear here as the server sends them.");
        empty.getStyleClass().add("feed-empty");
        empty.setId("feedEmpty");
        empty.setWrapText(true);
        empty.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        empty.maxWidthProperty().bind(list.widthProperty().subtract(40));
        list.setPlaceholder(empty);
        VBox.setVgrow(list, javafx.scene.layout.Priority.ALWAYS);

        getChildren().addAll(bar, list);
        filters.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one filter is always on
            } else {
                model.showOnly((Priority) now.getUserData());
            }
        });
        filters.getToggles().getFirst().setSelected(true);
    }

    /** Puts a control at the end of the toolbar (the session's alert settings). */
    public void addToToolbar(javafx.scene.Node control) {
        bar.getChildren().add(Objects.requireNonNull(control, "control"));
    }

    public ListView<AlertItem> list() {
        return list;
    }

    /** True while the cards use their compact layout. */
    public ReadOnlyBooleanProperty compactProperty() {
        return compact;
    }

    private ToggleButton filterButton(String id, Priority priority) {
        ToggleButton b = new ToggleButton();
        b.setId(id);
        b.setUserData(priority);
        b.setToggleGroup(filters);
        b.getStyleClass().add("filter-button");
        if (priority == null) {
            b.textProperty().bind(Bindings.concat("All ", model.totalProperty()));
        } else {
            b.getStyleClass().add(priority.name().toLowerCase(Locale.ROOT));
            b.textProperty().bind(Bindings.concat(priority.name(), " ", model.countProperty(priority)));
        }
        return b;
    }
}
