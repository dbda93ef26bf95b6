package ccn.alerts.server.gui;

import ccn.alerts.log.LogEvent;
import ccn.alerts.server.AckTracker;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ClientInfo;
import ccn.alerts.server.ServerState;
import ccn.alerts.server.ServerStats;
import ccn.alerts.server.gui.alerts.AlertRow;
import ccn.alerts.server.gui.clients.ClientRow;
import ccn.alerts.server.gui.wire.WireModel;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The console's model: owns the {@link AlertServer}, runs its blocking operations on a background
 * executor, and mirrors its state into JavaFX properties and lists.
 *
 * <p>Engine events never touch the UI directly. Log events are queued by the engine's threads and
 * drained, together with a snapshot of clients, alerts and counters, by one {@link Timeline} pulse
 * every {@link #REFRESH} — so a thousand log lines a second become four UI updates.
 *
 * <p>Thread-safety: all methods and properties are for the JavaFX Application Thread only.
 */
public final class ServerConsoleModel {
    public static final Duration REFRESH = Duration.millis(250);
    public static final int MAX_LOG_ROWS = 10_000;

    private final AlertServer server;
    private final ExecutorService io = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("ccn-console-io-", 0).daemon().factory());
    private final ConcurrentLinkedQueue<LogEvent> pendingLog = new ConcurrentLinkedQueue<>();
    private final ReadOnlyObjectWrapper<ServerState> state = new ReadOnlyObjectWrapper<>(ServerState.STOPPED);
    private final ReadOnlyObjectWrapper<Instant> startedAt = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ServerStats> stats = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper keyText = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper fingerprint = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper boundAddress = new ReadOnlyStringWrapper("");
    private final ObservableList<ClientRow> clients = FXCollections.observableArrayList();
    private final ObservableList<AlertRow> alerts = FXCollections.observableArrayList();
    private final ObservableList<LogEvent> log = FXCollections.observableArrayList();
    // Read-only views made once: a view made per call would be collected with its listeners.
    private final ObservableList<ClientRow> clientsView = FXCollections.unmodifiableObservableList(clients);
    private final ObservableList<AlertRow> alertsView = FXCollections.unmodifiableObservableList(alerts);
    private final ObservableList<LogEvent> logView = FXCollections.unmodifiableObservableList(log);
    private final Map<String, ClientRow> clientsById = new HashMap<>();
    private final Map<Long, AlertRow> alertsById = new HashMap<>();
    private final Timeline pulse;
    private final WireModel wire;

    public ServerConsoleModel(AlertServer server) {
        this.server = Objects.requireNonNull(server, "server");
        this.wire = new WireModel(server);
        log.addAll(server.eventLog().addListenerWithHistory(pendingLog::add));
        updateKey();
        pulse = new Timeline(new KeyFrame(REFRESH, e -> refresh()));
        pulse.setCycleCount(Animation.INDEFINITE);
        pulse.play();
        refresh();
    }

    // ------------------------------------------------------------ commands

    /** Starts the server on a background thread; failures land in {@link #problemProperty()}. */
    public CompletableFuture<Void> start(String bindAddress, int port) {
        problem.set("");
        return run(() -> {
            server.start(bindAddress, port);
            return null;
        }, "Cannot start");
    }

    /** Stops the server gracefully on a background thread. */
    public CompletableFuture<Void> stop() {
        problem.set("");
        return run(() -> {
            server.stop();
            return null;
        }, "Cannot stop");
    }

    public CompletableFuture<Void> regenerateKey() {
        return run(() -> {
            server.regenerateKey();
            return null;
        }, "Cannot regenerate the key");
    }

    /** Runs blocking engine work off the FX thread, then refreshes; errors become {@link #problemProperty()}. */
    public <T> CompletableFuture<T> run(Callable<T> work, String failurePrefix) {
        busy.set(true);
        CompletableFuture<T> result = new CompletableFuture<>();
        io.execute(() -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.whenCompleteAsync((value, error) -> {
            busy.set(false);
            if (error != null) {
                problem.set(failurePrefix + ": " + messageOf(error));
            }
            updateKey();
            refresh();
        }, Platform::runLater);
    }

    /** Closes the server (graceful stop, log file released) and stops refreshing; blocks, call off the FX thread. */
    public void shutdown() {
        Platform.runLater(pulse::stop); // Timelines belong to the FX thread
        server.close();
        io.shutdownNow();
    }

    public AlertServer server() {
        return server;
    }

    /** The wire inspector's and timeline's model. */
    public WireModel wire() {
        return wire;
    }

    // ------------------------------------------------------------ refresh

    /** Pulls a snapshot of the engine into the UI lists. Public for tests that want no wait. */
    public void refresh() {
        drainLog();
        wire.drain();
        ServerState now = server.state();
        // Address and start time first: listeners of the state read them.
        boundAddress.set(now == ServerState.RUNNING ? server.config().bindAddress() + ":" + server.port() : "");
        startedAt.set(server.startedAt());
        state.set(now);
        stats.set(server.stats());
        refreshClients(server.clients());
        refreshAlerts(server.recentAlerts());
    }

    private void drainLog() {
        List<LogEvent> batch = new ArrayList<>();
        for (LogEvent e; (e = pendingLog.poll()) != null; ) {
            batch.add(e);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() >= MAX_LOG_ROWS) {
            log.setAll(batch.subList(batch.size() - MAX_LOG_ROWS, batch.size()));
            return;
        }
        int overflow = log.size() + batch.size() - MAX_LOG_ROWS;
        if (overflow > 0) {
            log.remove(0, overflow);
        }
        log.addAll(batch);
    }

    private void refreshClients(List<ClientInfo> snapshot) {
        Set<String> seen = new HashSet<>();
        Instant now = Instant.now();
        for (ClientInfo info : snapshot) {
            seen.add(info.sessionId());
            ClientRow row = clientsById.get(info.sessionId());
            if (row == null) {
                row = new ClientRow(info.sessionId());
                clientsById.put(info.sessionId(), row);
                clients.add(row);
            }
            row.update(info, now);
        }
        clientsById.keySet().removeIf(id -> {
            if (seen.contains(id)) {
                return false;
            }
            clients.removeIf(r -> r.sessionId().equals(id));
            return true;
        });
    }

    private void refreshAlerts(List<AckTracker.AlertStatus> snapshot) {
        Set<Long> seen = new HashSet<>();
        for (AckTracker.AlertStatus status : snapshot) {
            long id = status.alert().alertId();
            seen.add(id);
            AlertRow row = alertsById.get(id);
            if (row == null) {
                row = new AlertRow(status.alert());
                alertsById.put(id, row);
                alerts.add(0, row); // newest first
            }
            row.update(status);
        }
        alertsById.keySet().removeIf(id -> {
            if (seen.contains(id)) {
                return false;
            }
            alerts.removeIf(r -> r.alertId() == id);
            return true;
        });
    }

    private void updateKey() {
        keyText.set(server.key().asText());
        fingerprint.set(server.key().fingerprint());
    }

    private static String messageOf(Throwable error) {
        Throwable t = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    // ------------------------------------------------------------ properties

    public ReadOnlyObjectProperty<ServerState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> startedAtProperty() {
        return startedAt.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ServerStats> statsProperty() {
        return stats.getReadOnlyProperty();
    }

    /** The last failure as a sentence for people, or empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public void reportProblem(String text) {
        problem.set(text);
    }

    /** True while a start, stop or other background command runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty keyTextProperty() {
        return keyText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty fingerprintProperty() {
        return fingerprint.getReadOnlyProperty();
    }

    /** {@code 127.0.0.1:8888} while running, else empty. */
    public ReadOnlyStringProperty boundAddressProperty() {
        return boundAddress.getReadOnlyProperty();
    }

    public ObservableList<ClientRow> clients() {
        return clientsView;
    }

    public ObservableList<AlertRow> alerts() {
        return alertsView;
    }

    public ObservableList<LogEvent> log() {
        return logView;
    }
}
