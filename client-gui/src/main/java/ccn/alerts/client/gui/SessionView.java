package ccn.alerts.client.gui;

import ccn.alerts.client.gui.connection.ConnectionBar;
import ccn.alerts.client.gui.connection.SessionModel;
import ccn.alerts.client.gui.feed.AlertFeedView;
import ccn.alerts.client.gui.wire.ClientWireView;
import javafx.scene.layout.BorderPane;

import java.util.Objects;

/** The logged-in screen: the connection bar above the alert feed. */
public final class SessionView extends BorderPane {
    public SessionView(SessionModel model) {
        Objects.requireNonNull(model, "model");
        getStyleClass().add("session-view");
        setId("sessionView");
        setTop(new ConnectionBar(model));
        setCenter(new AlertFeedView(model.feed()));
        ClientWireView wire = new ClientWireView(model.wire());
        model.wire().capturingProperty().addListener((o, was, on) -> setRight(on ? wire : null));
    }
}
