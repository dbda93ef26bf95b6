package ccn.alerts.server.gui;

import ccn.alerts.alert.PriorityRules;
import ccn.alerts.log.LogEvent;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ClientInfo;
import ccn.alerts.server.ServerState;
import ccn.alerts.server.ServerStats;
import ccn.alerts.server.gui.alerts.AlertsModel;
import ccn.alerts.server.gui.clients.ClientRow;
import ccn.alerts.server.gui.trigger.AlertTriggerModel;
import ccn.alerts.server.gui.users.UsersModel;
import ccn.alerts.server.gui.wire.WireModel;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The console's model: owns the {@link AlertServer}, offers the views commands (start, stop, kick,
 * regenerate the key, and through its feature models send alerts, change settings, manage users,
 * capture the wire), runs the engine calls behind them on a {@link CommandRunner}, and mirrors the
 * engine's state into JavaFX properties and lists. Views never see the engine.
 *
 * <p>Engine events never touch the UI directly. Log events are queued by the engine's threads and
 * drained, together with a snapshot of clients, alerts and counters, by one {@link Timeline} pulse
 * every {@link #REFRESH} — so a thousand log lines a second become four UI updates.
 *
 * <p>Thread-safety: all methods and properties are for the JavaFX Application Thread only, but
 * {@link #shutdown()}, which blocks and so belongs on another thread.
 */
public final class ServerConsoleModel {
    public static final Duration REFRESH = Duration.millis(250);
    public static final int MAX_LOG_ROWS = 10_000;

    private final AlertServer server;
    private final CommandRunner commands = new CommandRunner(this::afterCommand);
    private final ConcurrentLinkedQueue<LogEvent> pendingLog = new ConcurrentLinkedQueue<>();
    private final ReadOnlyObjectWrapper<ServerState> state = new ReadOnlyObjectWrapper<>(ServerState.STOPPED);
    private final ReadOnlyObjectWrapper<Instant> startedAt = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ServerStats> stats = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper keyText = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper fingerprint = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper boundAddress = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper connectHint = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper schoolStatus = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyBooleanWrapper schoolLost = new javafx.beans.property.ReadOnlyBooleanWrapper();
    private volatile ccn.alerts.school.Upstream upstream;
    private final StudentAddresses.Source addressSource;
    /** The bound address the hint was (or is being) worked out for, or null while stopped. */
    private String hintFor;
    private final ObservableList<ClientRow> clients = FXCollections.observableArrayList();
    private final ObservableList<LogEvent> log = FXCollections.observableArrayList();
    // Read-only views made once: a view made per call would be collected with its listeners.
    private final ObservableList<ClientRow> clientsView = FXCollections.unmodifiableObservableList(clients);
    private final ObservableList<LogEvent> logView = FXCollections.unmodifiableObservableList(log);
    private final Map<String, ClientRow> clientsById = new HashMap<>();
    private final Timeline pulse;
    private final WireModel wire;
    private final AlertsModel alerts;
    private final AlertTriggerModel trigger;
    private final UsersModel users;

    public ServerConsoleModel(AlertServer server) {
        this(server, StudentAddresses.fromInterfaces());
    }

    /** With the source of the machine's addresses the "Students connect to" line lists (tests fake it). */
    public ServerConsoleModel(AlertServer server, StudentAddresses.Source addressSource) {
        this.server = Objects.requireNonNull(server, "server");
        this.addressSource = Objects.requireNonNull(addressSource, "addressSource");
        this.wire = new WireModel(server, commands);
        this.alerts = new AlertsModel(server, commands);
        this.trigger = new AlertTriggerModel(server, commands, state.getReadOnlyProperty());
        this.users = new UsersModel(server, commands);
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
        return commands.run(() -> {
            server.start(bindAddress, port);
            return null;
        }, "Cannot start");
    }

    /** Stops the server gracefully on a background thread. */
    public CompletableFuture<Void> stop() {
        return commands.run(() -> {
            server.stop();
            return null;
        }, "Cannot stop");
    }

    /**
     * Renews the class key, the server identity, or both (at least one; only while stopped: the
     * engine refuses otherwise) and stores them in the data directory, on a background thread.
     * Either way the key string changes: every student needs the new one.
     */
    public CompletableFuture<Void> regenerateKey(boolean classKey, boolean identity) {
        if (!classKey && !identity) {
            throw new IllegalArgumentException("renew the class key, the server identity, or both");
        }
        return commands.run(() -> {
            server.regenerateKey(classKey, identity);
            return null;
        }, "Cannot regenerate the key");
    }

    /**
     * Disconnects one session, telling its client the operator did it. Completes with false when
     * the session had already gone.
     */
    public CompletableFuture<Boolean> kick(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        return commands.run(() -> server.kick(sessionId), "Cannot disconnect");
    }

    /**
     * Closes the server (graceful stop, log file released) and stops refreshing. Blocks until the
     * clients are told: call it off the FX thread.
     */
    public void shutdown() {
        Platform.runLater(pulse::stop); // Timelines belong to the FX thread
        var up = upstream;
        if (up != null) {
            up.close(); // stop taking school alerts before the server stops serving
        }
        server.close();
        commands.shutdown();
    }

    /** Connections right now (not as of the last refresh): closing the window asks first if any. */
    public int connectedClients() {
        return server.stats().clients();
    }

    /** Shows a failure as a sentence in the problem line (for launchers and demos). */
    public void reportProblem(String text) {
        commands.reportProblem(text);
    }

    private void afterCommand() {
        updateKey();
        refresh();
    }

    // ------------------------------------------------------------ feature models

    /** The wire inspector's and timeline's model. */
    public WireModel wire() {
        return wire;
    }

    /** The alerts tab's model: counts and state of every retained alert, the roster of the selected one, and the commands on an alert. */
    public AlertsModel alerts() {
        return alerts;
    }

    /** The alert form's model: send now, automatic alerts, weather source. */
    public AlertTriggerModel trigger() {
        return trigger;
    }

    /** The users tab's model. */
    public UsersModel users() {
        return users;
    }

    /** The thresholds the engine turns weather readings into priorities with; they never change. */
    public PriorityRules priorityRules() {
        return server.priorityRules();
    }

    // ------------------------------------------------------------ refresh

    /** Pulls a snapshot of the engine into the UI lists. Public for tests that want no wait. */
    public void refresh() {
        drainLog();
        wire.drain();
        ServerState now = server.state();
        // Address and start time first: listeners of the state read them.
        boundAddress.set(now == ServerState.RUNNING ? server.config().bindAddress() + ":" + server.port() : "");
        updateConnectHint(now);
        startedAt.set(server.startedAt());
        state.set(now);
        stats.set(server.stats());
        List<ClientInfo> snapshot = server.clients();
        wire.sessionsNow(snapshot);
        refreshClients(snapshot);
        alerts.refresh();
    }

    private void updateConnectHint(ServerState now) {
        if (now != ServerState.RUNNING) {
            hintFor = null;
            connectHint.set("");
            return;
        }
        String bind = server.config().bindAddress();
        int port = server.port();
        String key = bind + ":" + port;
        if (key.equals(hintFor)) {
            return;
        }
        hintFor = key;
        if (!StudentAddresses.isWildcard(bind)) {
            connectHint.set(StudentAddresses.describe(bind, port, List.of()));
            return;
        }
        connectHint.set("Looking up this computer's addresses…");
        // Listing interfaces asks the OS (and can take a while with many of them): never on the FX thread.
        Thread.ofVirtual().name("ccn-console-addresses").start(() -> {
            String text;
            try {
                text = StudentAddresses.describe(bind, port, addressSource.addresses());
            } catch (IOException | RuntimeException e) {
                text = "Students connect to this computer's address, port " + port + " (" + e.getMessage() + ")";
            }
            String result = text;
            Platform.runLater(() -> {
                if (key.equals(hintFor)) {
                    connectHint.set(result);
                }
            });
        });
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

    private void updateKey() {
        keyText.set(server.key().asText());
        fingerprint.set(server.key().fingerprint());
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
        return commands.problemProperty();
    }

    /** True while a start, stop or other background command runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return commands.busyProperty();
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

    /**
     * While running, what students type to connect, e.g. {@code Students connect to 10.0.0.5:8888
     * or 192.168.1.20:8888} (the machine's addresses when bound to a wildcard); else empty.
     */
    /**
     * Links this console's server to the school (docs/SCHOOL.md), off the FX thread; its status
     * ("School: connected …", "School unreachable since …") shows under the connect hint.
     */
    public void linkToSchool(ccn.alerts.school.Upstream.Settings settings) {
        schoolStatus.set("School: connecting to " + String.join(", ", settings.servers()) + "…");
        Thread.ofVirtual().name("ccn-console-upstream").start(() -> {
            try {
                var up = ccn.alerts.school.Upstream.start(server, settings);
                upstream = up;
                up.addListener(status -> Platform.runLater(() -> {
                    schoolStatus.set(status.sentence());
                    schoolLost.set(status.state() == ccn.alerts.school.Upstream.State.LOST);
                }));
            } catch (java.io.IOException | RuntimeException e) {
                Platform.runLater(() -> {
                    schoolStatus.set("School link not started: " + e.getMessage());
                    schoolLost.set(true);
                });
            }
        });
    }

    public ReadOnlyStringProperty schoolStatusProperty() {
        return schoolStatus.getReadOnlyProperty();
    }

    public javafx.beans.property.ReadOnlyBooleanProperty schoolLostProperty() {
        return schoolLost.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connectHintProperty() {
        return connectHint.getReadOnlyProperty();
    }

    public ObservableList<ClientRow> clients() {
        return clientsView;
    }

    public ObservableList<LogEvent> log() {
        return logView;
    }
}
