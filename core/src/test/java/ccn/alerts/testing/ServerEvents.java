package ccn.alerts.testing;

import ccn.alerts.protocol.Message;
import ccn.alerts.server.ClientInfo;
import ccn.alerts.server.ServerListener;
import ccn.alerts.server.ServerState;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every {@link ServerListener} event so tests can assert on them. Thread-safe. */
public final class ServerEvents implements ServerListener {
    public record Disconnected(ClientInfo client, String reason) {
    }

    public record Delivered(long alertId, ClientInfo client) {
    }

    public record Acknowledged(long alertId, ClientInfo client, Duration latency) {
    }

    public final List<ServerState> states = new CopyOnWriteArrayList<>();
    public final List<ClientInfo> connected = new CopyOnWriteArrayList<>();
    public final List<ClientInfo> authenticated = new CopyOnWriteArrayList<>();
    public final List<Disconnected> disconnected = new CopyOnWriteArrayList<>();
    public final List<ClientInfo> heartbeats = new CopyOnWriteArrayList<>();
    public final List<Message.Alert> created = new CopyOnWriteArrayList<>();
    public final List<Delivered> delivered = new CopyOnWriteArrayList<>();
    public final List<Acknowledged> acknowledged = new CopyOnWriteArrayList<>();

    @Override
    public void stateChanged(ServerState state) {
        states.add(state);
    }

    @Override
    public void clientConnected(ClientInfo client) {
        connected.add(client);
    }

    @Override
    public void clientAuthenticated(ClientInfo client) {
        authenticated.add(client);
    }

    @Override
    public void clientDisconnected(ClientInfo client, String reason) {
        disconnected.add(new Disconnected(client, reason));
    }

    @Override
    public void clientHeartbeat(ClientInfo client) {
        heartbeats.add(client);
    }

    @Override
    public void alertCreated(Message.Alert alert) {
        created.add(alert);
    }

    @Override
    public void alertDelivered(long alertId, ClientInfo client) {
        delivered.add(new Delivered(alertId, client));
    }

    @Override
    public void alertAcknowledged(long alertId, ClientInfo client, Duration latency) {
        acknowledged.add(new Acknowledged(alertId, client, latency));
    }

    public List<Delivered> deliveriesOf(long alertId) {
        return delivered.stream().filter(d -> d.alertId() == alertId).toList();
    }

    public List<Disconnected> disconnectsOf(String sessionId) {
        return disconnected.stream().filter(d -> d.client().sessionId().equals(sessionId)).toList();
    }
}
