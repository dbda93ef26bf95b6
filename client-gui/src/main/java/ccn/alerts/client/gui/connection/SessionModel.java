package ccn.alerts.client.gui.connection;

import ccn.alerts.client.AlertClient;
import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientListener;
import ccn.alerts.client.ClientState;
import ccn.alerts.client.ClientStatus;
import ccn.alerts.client.gui.FxEventQueue;
import ccn.alerts.client.gui.feed.FeedModel;
import ccn.alerts.protocol.Message;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One login to one server: the client engine, its status and heartbeat, and the feed of its
 * alerts. Engine events reach the properties through an {@link FxEventQueue}, in batches.
 * Properties and commands belong to the FX Application Thread; {@link #connect()} may be called
 * from any thread.
 */
public final class SessionModel {
    /** Logout blocks briefly on the network; it never runs on the FX thread. */
    private static final ExecutorService BACKGROUND = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("ccn-client-background-", 1).daemon().factory());

    private sealed interface Event {
    }

    private record StatusChanged(ClientStatus status) implements Event {
    }

    private record AlertArrived(Message.Alert alert) implements Event {
    }

    private record AckSent(long alertId) implements Event {
    }

    private record AckConfirmed(long alertId) implements Event {
    }

    private record Heartbeat(Duration roundTrip) implements Event {
    }

    private record ReadConfirmed(long alertId) implements Event {
    }

    private record ReadHereOnly(long alertId) implements Event {
    }

    private record Reminded(long alertId) implements Event {
    }

    private final AlertClient client;
    private final FeedModel feed;
    private final FxEventQueue<Event> events = new FxEventQueue<>(this::apply);
    private final ReadOnlyObjectWrapper<ClientStatus> status;
    private final ReadOnlyObjectWrapper<Duration> roundTrip = new ReadOnlyObjectWrapper<>(this, "roundTrip");
    private final ReadOnlyBooleanWrapper canReconnect = new ReadOnlyBooleanWrapper(this, "canReconnect");
    private final ReadOnlyBooleanWrapper loggingOut = new ReadOnlyBooleanWrapper(this, "loggingOut");
    private final ReadOnlyBooleanWrapper ended = new ReadOnlyBooleanWrapper(this, "ended");
    private final ccn.alerts.client.gui.wire.ClientWireModel wire;

    public SessionModel(ClientConfig config) {
        this(config, InstantSource.system());
    }

    /** @param clock what the feed's expiry is measured against (tests move it) */
    public SessionModel(ClientConfig config, InstantSource clock) {
        this(new AlertClient(config), new FeedModel(FeedModel.DEFAULT_CAPACITY, clock));
    }

    SessionModel(AlertClient client, FeedModel feed) {
        this.client = Objects.requireNonNull(client, "client");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.status = new ReadOnlyObjectWrapper<>(this, "status", client.status());
        this.wire = new ccn.alerts.client.gui.wire.ClientWireModel(client);
        client.addListener(new ClientListener() {
            @Override
            public void statusChanged(ClientStatus s) {
                events.post(new StatusChanged(s));
            }

            @Override
            public void alertReceived(Message.Alert alert) {
                events.post(new AlertArrived(alert));
            }

            @Override
            public void ackSent(long alertId) {
                events.post(new AckSent(alertId));
            }

            @Override
            public void ackConfirmed(long alertId) {
                events.post(new AckConfirmed(alertId));
            }

            @Override
            public void heartbeat(Duration rtt) {
                events.post(new Heartbeat(rtt));
            }

            @Override
            public void readConfirmed(long alertId) {
                events.post(new ReadConfirmed(alertId));
            }

            @Override
            public void reminded(long alertId) {
                events.post(new Reminded(alertId));
            }
        });
        feed.setOnConfirmRead(item -> confirmRead(item.alertId()));
    }

    public ClientConfig config() {
        return client.config();
    }

    /** This session's wire inspector (off until switched on). */
    public ccn.alerts.client.gui.wire.ClientWireModel wire() {
        return wire;
    }

    public FeedModel feed() {
        return feed;
    }

    public ReadOnlyObjectProperty<ClientStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Round trip of the last heartbeat; null until one completes. */
    public ReadOnlyObjectProperty<Duration> roundTripProperty() {
        return roundTrip.getReadOnlyProperty();
    }

    /** True when the engine has stopped trying and the user may start again (server shut down, kicked…). */
    public ReadOnlyBooleanProperty canReconnectProperty() {
        return canReconnect.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loggingOutProperty() {
        return loggingOut.getReadOnlyProperty();
    }

    /** Becomes true once {@link #logout()} has finished: the window returns to the login form. */
    public ReadOnlyBooleanProperty endedProperty() {
        return ended.getReadOnlyProperty();
    }

    /** Starts the first connection; completes (on an engine thread) with CONNECTED or the failure. */
    public CompletableFuture<ClientStatus> connect() {
        return client.connect();
    }

    /** Connects again after the server shut down or the session ended; the feed is kept. */
    public void reconnect() {
        if (canReconnect.get() && !loggingOut.get()) {
            canReconnect.set(false);
            // connect() may wait briefly for the previous run's thread: not on the FX thread.
            BACKGROUND.execute(() -> {
                try {
                    client.connect();
                } catch (IllegalStateException e) {
                    // The engine's previous run is still winding down; let the user press again.
                    Platform.runLater(() -> canReconnect.set(true));
                }
            });
        }
    }

    /** Logs out on a background thread; {@link #endedProperty()} turns true when done. */
    public void logout() {
        if (loggingOut.get() || ended.get()) {
            return;
        }
        loggingOut.set(true);
        canReconnect.set(false);
        BACKGROUND.execute(() -> {
            client.logout();
            Platform.runLater(() -> {
                loggingOut.set(false);
                ended.set(true);
            });
        });
    }

    /**
     * Stops the engine without waiting for it, e.g. when the window closes; any thread. The
     * future completes once LOGOUT is sent and the connection closed (a signal handler waits on it).
     */
    public CompletableFuture<Void> closeInBackground() {
        return CompletableFuture.runAsync(client::logout, BACKGROUND);
    }

    /**
     * Tells the server the person read the alert: READ goes out on a background thread (it writes
     * to the network), and the engine keeps it until READ_OK, across reconnects. A server from
     * before the life cycle cannot take it: the card then says it is read in this window only.
     */
    private void confirmRead(long alertId) {
        BACKGROUND.execute(() -> {
            if (!client.confirmRead(alertId)) {
                events.post(new ReadHereOnly(alertId));
            }
        });
    }

    private void apply(List<Event> batch) {
        List<Message.Alert> alerts = new ArrayList<>();
        for (Event e : batch) {
            if (e instanceof AlertArrived a) {
                alerts.add(a.alert());
                continue;
            }
            // Keep order: the alerts before an ACK event must be in the feed when it applies.
            flush(alerts);
            switch (e) {
                case StatusChanged s -> applyStatus(s.status());
                case AckSent a -> feed.ackSent(a.alertId());
                case AckConfirmed a -> feed.ackConfirmed(a.alertId());
                case Heartbeat h -> roundTrip.set(h.roundTrip());
                case ReadConfirmed r -> feed.readConfirmed(r.alertId());
                case ReadHereOnly r -> feed.readHereOnly(r.alertId());
                case Reminded r -> feed.remind(r.alertId());
                case AlertArrived a -> throw new AssertionError("handled above");
            }
        }
        flush(alerts);
    }

    private void flush(List<Message.Alert> alerts) {
        if (!alerts.isEmpty()) {
            feed.addAll(alerts);
            alerts.clear();
        }
    }

    private void applyStatus(ClientStatus s) {
        status.set(s);
        ClientState state = s.state();
        canReconnect.set(!loggingOut.get() && (state.isFailure() || state == ClientState.DISCONNECTED));
        if (state != ClientState.CONNECTED) {
            roundTrip.set(null);
        }
    }
}
