package ccn.alerts.client.gui;

import ccn.alerts.client.gui.attention.AlertBanner;
import ccn.alerts.client.gui.attention.AttentionMenu;
import ccn.alerts.client.gui.attention.AttentionServices;
import ccn.alerts.client.gui.attention.AttentionSettings;
import ccn.alerts.client.gui.connection.ConnectionBar;
import ccn.alerts.client.gui.connection.SessionModel;
import ccn.alerts.client.gui.feed.AlertFeedView;
import ccn.alerts.client.gui.wire.ClientWireView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

import java.util.Objects;

/**
 * The logged-in screen: the connection bar, the banner of an unread HIGH alert under it (it stays
 * in view whatever the centre shows), the alert feed with its alert settings, and the wire panel
 * when it is switched on: beside the feed in a wide window, in its place in a narrow one (a demo
 * tile has no room for both; the Wire toggle brings the feed back).
 */
public final class SessionView extends BorderPane {
    public SessionView(SessionModel model, AttentionSettings settings, AttentionServices services) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(services, "services");
        getStyleClass().add("session-view");
        setId("sessionView");
        ConnectionBar bar = new ConnectionBar(model);
        AlertBanner banner = new AlertBanner(model.feed(), settings);
        setTop(new VBox(bar, banner));
        AlertFeedView feed = new AlertFeedView(model.feed());
        feed.addToToolbar(new AttentionMenu(settings, services.sound(), services.notifier()));
        ClientWireView wire = new ClientWireView(model.wire());
        Runnable arrange = () -> {
            boolean on = model.wire().capturingProperty().get();
            boolean narrow = bar.compactProperty().get();
            setRight(on && !narrow ? wire : null);
            setCenter(on && narrow ? wire : feed);
        };
        model.wire().capturingProperty().addListener((o, was, on) -> arrange.run());
        bar.compactProperty().addListener((o, was, now) -> arrange.run());
        banner.setCompact(bar.compactProperty().get());
        bar.compactProperty().addListener((o, was, now) -> banner.setCompact(now));
        arrange.run();
    }
}
