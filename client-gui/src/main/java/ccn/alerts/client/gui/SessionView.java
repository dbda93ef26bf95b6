package ccn.alerts.client.gui;

import ccn.alerts.client.gui.connection.ConnectionBar;
import ccn.alerts.client.gui.connection.SessionModel;
import ccn.alerts.client.gui.feed.AlertFeedView;
import ccn.alerts.client.gui.wire.ClientWireView;
import javafx.scene.layout.BorderPane;

import java.util.Objects;

/**
 * The logged-in screen: the connection bar above the alert feed, and the wire panel when it is
 * switched on: beside the feed in a wide window, in its place in a narrow one (a demo tile has no
 * room for both; the Wire toggle brings the feed back).
 */
public final class SessionView extends BorderPane {
    public SessionView(SessionModel model) {
        Objects.requireNonNull(model, "model");
        getStyleClass().add("session-view");
        setId("sessionView");
        ConnectionBar bar = new ConnectionBar(model);
        setTop(bar);
        AlertFeedView feed = new AlertFeedView(model.feed());
        ClientWireView wire = new ClientWireView(model.wire());
        Runnable arrange = () -> {
            boolean on = model.wire().capturingProperty().get();
            boolean narrow = bar.compactProperty().get();
            setRight(on && !narrow ? wire : null);
            setCenter(on && narrow ? wire : feed);
        };
        model.wire().capturingProperty().addListener((o, was, on) -> arrange.run());
        bar.compactProperty().addListener((o, was, now) -> arrange.run());
        arrange.run();
    }
}
