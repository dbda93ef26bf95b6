package ccn.alerts.testing;

import ccn.alerts.client.AlertClient;
import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientListener;
import ccn.alerts.client.ClientState;
import ccn.alerts.client.ClientStatus;
import ccn.alerts.protocol.Message;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** An {@link AlertClient} with a listener that records everything it reports. */
public final class TestClient implements ClientListener, AutoCloseable {
    public final AlertClient engine;
    public final List<ClientStatus> statuses = new CopyOnWriteArrayList<>();
    public final List<Message.Alert> alerts = new CopyOnWriteArrayList<>();
    public final List<Long> acksSent = new CopyOnWriteArrayList<>();
    public final List<Long> acksConfirmed = new CopyOnWriteArrayList<>();
    public final List<Duration> heartbeats = new CopyOnWriteArrayList<>();
    public final List<Long> readsConfirmed = new CopyOnWriteArrayList<>();
    public final List<Long> reminders = new CopyOnWriteArrayList<>();

    public TestClient(ClientConfig config) {
        engine = new AlertClient(config);
        engine.addListener(this);
    }

    /** Starts connecting and returns the first settled status. */
    public ClientStatus connect() {
        try {
            return engine.connect().get(Await.DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            return fail("connect() of " + engine.config().label() + " did not settle: " + e);
        }
    }

    /** Connects and asserts the login worked. */
    public TestClient connected() {
        ClientStatus status = connect();
        assertEquals(ClientState.CONNECTED, status.state(), "status of " + engine.config().label() + ": " + status);
        return this;
    }

    public ClientState state() {
        return engine.status().state();
    }

    public void awaitState(ClientState state) {
        awaitState(state, Await.DEFAULT);
    }

    public void awaitState(ClientState state, Duration timeout) {
        Await.until(timeout, () -> engine.status().state() == state,
                engine.config().label() + " reaches " + state + " (now " + engine.status() + ", history " + states() + ")");
    }

    public List<ClientState> states() {
        return statuses.stream().map(ClientStatus::state).toList();
    }

    public Message.Alert awaitAlert(long alertId) {
        return Await.value(Await.DEFAULT, () -> alert(alertId),
                () -> engine.config().label() + " receives alert " + alertId + " (has " + alertIds() + ")");
    }

    public Message.Alert alert(long alertId) {
        return alerts.stream().filter(a -> a.alertId() == alertId).findFirst().orElse(null);
    }

    /** Waits for this revision (or a later one) of the alert; returns the first such. */
    public Message.Alert awaitRevision(long alertId, int revision) {
        return Await.value(Await.DEFAULT, () -> alerts.stream().filter(a -> a.alertId() == alertId && a.revision() >= revision)
                        .findFirst().orElse(null),
                () -> engine.config().label() + " receives revision " + revision + " of alert " + alertId + " (has " + alerts + ")");
    }

    /** Every revision of the alert this client was told of, in order. */
    public List<Message.Alert> revisions(long alertId) {
        return alerts.stream().filter(a -> a.alertId() == alertId).toList();
    }

    public void awaitReadConfirmed(long alertId) {
        Await.until(() -> readsConfirmed.contains(alertId),
                engine.config().label() + " gets READ_OK for alert " + alertId + " (has " + readsConfirmed + ")");
    }

    @Override
    public void readConfirmed(long alertId) {
        readsConfirmed.add(alertId);
    }

    @Override
    public void reminded(long alertId) {
        reminders.add(alertId);
    }

    public List<Long> alertIds() {
        return alerts.stream().map(Message.Alert::alertId).toList();
    }

    public void awaitAckConfirmed(long alertId) {
        Await.until(() -> acksConfirmed.contains(alertId),
                engine.config().label() + " gets ACK_OK for alert " + alertId + " (has " + acksConfirmed + ")");
    }

    @Override
    public void statusChanged(ClientStatus status) {
        statuses.add(status);
    }

    @Override
    public void alertReceived(Message.Alert alert) {
        alerts.add(alert);
    }

    @Override
    public void ackSent(long alertId) {
        acksSent.add(alertId);
    }

    @Override
    public void ackConfirmed(long alertId) {
        acksConfirmed.add(alertId);
    }

    @Override
    public void heartbeat(Duration roundTrip) {
        heartbeats.add(roundTrip);
    }

    @Override
    public void close() {
        engine.close();
    }
}
