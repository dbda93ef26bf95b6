package ccn.alerts.server.gui;

import ccn.alerts.server.gui.alerts.AlertsView;
import ccn.alerts.server.gui.clients.ClientsView;
import ccn.alerts.server.gui.control.ControlBar;
import ccn.alerts.server.gui.key.KeyPanel;
import ccn.alerts.server.gui.log.LogView;
import ccn.alerts.server.gui.trigger.AlertTriggerView;
import ccn.alerts.server.gui.users.UsersView;
import ccn.alerts.server.gui.weather.WeatherChartView;
import ccn.alerts.server.gui.wire.ProtocolTimelineView;
import ccn.alerts.server.gui.wire.WireInspectorView;
import javafx.beans.binding.Bindings;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The console's layout: control bar on top, the live tables in tabs, and on the right the alert
 * form, its settings and the key — or, in a window narrower than {@link #COMPACT_BELOW}, those
 * three in a row below the tabs. FX thread only.
 */
public final class ServerConsoleView extends BorderPane {
    /**
     * Narrower than this, the tabs keep the full width and the alert form, the automatic-alert
     * settings and the key go in a row below them: beside the tabs they would squeeze the clients
     * table's columns, and stacked they need about 650 px of height.
     */
    static final double COMPACT_BELOW = 1100;

    private final VBox side = new VBox(12);
    private final ScrollPane sideScroll = new ScrollPane(side);
    private final GridPane below = new GridPane();
    private final List<javafx.scene.Node> panels;

    public ServerConsoleView(ServerConsoleModel model, String bindAddress, int port) {
        getStyleClass().add("server-console");
        setTop(new ControlBar(model, bindAddress, port));

        TabPane tabs = new TabPane();
        tabs.setId("mainTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab clients = tab("Clients", "clientsTab", new ClientsView(model));
        clients.textProperty().bind(Bindings.size(model.clients()).asString("Clients (%d)"));
        Tab alerts = tab("Alerts", "alertsTab", new AlertsView(model.alerts()));
        alerts.textProperty().bind(Bindings.size(model.alerts().rows()).asString("Alerts (%d)"));
        tabs.getTabs().addAll(clients, alerts, tab("Log", "logTab", new LogView(model)),
                tab("Weather", "weatherTab", new WeatherChartView(model)),
                tab("Wire", "wireTab", new WireInspectorView(model.wire())),
                tab("Timeline", "timelineTab", new ProtocolTimelineView(model.wire())),
                tab("Users", "usersTab", new UsersView(model.users())));
        setCenter(tabs);

        AlertTriggerView trigger = new AlertTriggerView(model.trigger());
        KeyPanel key = new KeyPanel(model);
        side.getStyleClass().add("side");
        sideScroll.setFitToWidth(true);
        sideScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        sideScroll.getStyleClass().add("side-scroll");
        below.getStyleClass().addAll("side", "side-below");
        panels = List.of(trigger, trigger.settings(), key);
        below.setHgap(12);
        // Shares measured at an 853-px window (the demo on 1280×800): each panel's widest line fits.
        for (double share : new double[]{40, 32, 28}) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(share);
            c.setFillWidth(true);
            below.getColumnConstraints().add(c);
        }
        RowConstraints row = new RowConstraints();
        row.setFillHeight(true);
        below.getRowConstraints().add(row);
        widthProperty().addListener((o, a, w) -> arrange(w.doubleValue() < COMPACT_BELOW));
        arrange(false);
    }

    /** True while the side panels sit below the tabs (a narrow window, e.g. the demo on 1280×800). */
    public boolean compact() {
        return getBottom() != null;
    }

    private void arrange(boolean compact) {
        if (compact == compact() && (getRight() != null || getBottom() != null)) {
            return;
        }
        side.getChildren().clear();
        below.getChildren().clear();
        if (compact) {
            setRight(null);
            for (int i = 0; i < panels.size(); i++) {
                below.add(panels.get(i), i, 0);
            }
            setBottom(below);
        } else {
            setBottom(null);
            side.getChildren().setAll(panels);
            setRight(sideScroll);
        }
    }

    private static Tab tab(String title, String id, javafx.scene.Node content) {
        Tab t = new Tab(title, content);
        t.setId(id);
        return t;
    }
}
