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
import javafx.scene.layout.VBox;

/**
 * The console's layout: control bar on top, the live tables in tabs, and on the right the alert
 * form and the key. FX thread only.
 */
public final class ServerConsoleView extends BorderPane {

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

        VBox side = new VBox(12, new AlertTriggerView(model.trigger()), new KeyPanel(model));
        side.getStyleClass().add("side");
        ScrollPane scroll = new ScrollPane(side);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(380);
        scroll.getStyleClass().add("side-scroll");
        setRight(scroll);
    }

    private static Tab tab(String title, String id, javafx.scene.Node content) {
        Tab t = new Tab(title, content);
        t.setId(id);
        return t;
    }
}
