package ccn.alerts.server.gui.clients;

import ccn.alerts.server.ClientInfo;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of the clients table: a session, updated in place on every refresh so selection and
 * scrolling survive. FX thread only.
 */
public final class ClientRow {
    private final String sessionId;
    private final ReadOnlyStringWrapper user = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Instant> connectedAt = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper heartbeatAge = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper roundTrip = new ReadOnlyStringWrapper("—");
    private final ReadOnlyLongWrapper delivered = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper acknowledged = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper pending = new ReadOnlyLongWrapper();

    public ClientRow(String sessionId) {
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
    }

    public void update(ClientInfo info, Instant now) {
        user.set(info.username() == null ? "(logging in…)" : info.username());
        address.set(info.address());
        connectedAt.set(info.connectedAt());
        heartbeatAge.set(info.lastHeartbeat() == null ? "—"
                : Math.max(0, Duration.between(info.lastHeartbeat(), now).toSeconds()) + " s ago");
        roundTrip.set(info.lastAckLatency() == null ? "—" : info.lastAckLatency().toMillis() + " ms");
        delivered.set(info.delivered());
        acknowledged.set(info.acknowledged());
        pending.set(info.pending());
    }

    public String sessionId() {
        return sessionId;
    }

    public ReadOnlyStringProperty userProperty() {
        return user.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty addressProperty() {
        return address.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> connectedAtProperty() {
        return connectedAt.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty heartbeatAgeProperty() {
        return heartbeatAge.getReadOnlyProperty();
    }

    /** The last alert-to-ACK round trip this client achieved. */
    public ReadOnlyStringProperty roundTripProperty() {
        return roundTrip.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty deliveredProperty() {
        return delivered.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty acknowledgedProperty() {
        return acknowledged.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty pendingProperty() {
        return pending.getReadOnlyProperty();
    }
}
