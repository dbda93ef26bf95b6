package ccn.alerts.server.gui.alerts;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.AckTracker;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.Roster;
import ccn.alerts.server.gui.CommandRunner;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The alerts tab's model: one row per retained alert, newest first, with its per-user counts and
 * state, the roster of the one selected alert, and the commands on an alert (remind the rest,
 * update, end, export the roster as CSV).
 *
 * <p>Why two queries: the refresh pulse runs four times a second, and the engine's tracker lock
 * is the one every incoming ACK takes. Counts are one small record per alert; the rosters of
 * every alert would be one record per client per alert (100,000 at 1,000 clients), so only the
 * selected alert's is fetched.
 *
 * <p>Thread-safety: FX thread only. The queries copy memory under a lock; the commands journal
 * (fsync) or write files, so they go through the {@link CommandRunner}.
 */
public final class AlertsModel {
    private final AlertServer server;
    private final CommandRunner commands;
    private final ObservableList<AlertRow> rows = FXCollections.observableArrayList();
    // Made once: a read-only view made per call would be collected with its listeners.
    private final ObservableList<AlertRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final Map<Long, AlertRow> byId = new HashMap<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private AlertRow selected;

    public AlertsModel(AlertServer server, CommandRunner commands) {
        this.server = Objects.requireNonNull(server, "server");
        this.commands = Objects.requireNonNull(commands, "commands");
    }

    /** The retained alerts, newest first, updated in place so selection and scrolling survive. */
    public ObservableList<AlertRow> rows() {
        return rowsView;
    }

    /** Fills this row's roster now and on every refresh; null (nothing selected) stops that. */
    public void select(AlertRow row) {
        if (selected != null && selected != row) {
            selected.showRoster(null); // a row no longer shown need not hold its roster
        }
        selected = row;
        refreshSelected();
    }

    /** Pulls the counts of every alert and the roster of the selected one; the console's pulse calls it. */
    public void refresh() {
        Set<Long> seen = new HashSet<>();
        Instant now = Instant.now();
        for (AckTracker.AlertSummary summary : server.alertSummaries()) {
            long id = summary.alert().alertId();
            seen.add(id);
            AlertRow row = byId.get(id);
            if (row == null) {
                row = new AlertRow(summary.alert());
                byId.put(id, row);
                rows.add(0, row); // newest first
            }
            row.update(summary, now);
        }
        if (byId.keySet().retainAll(seen)) {
            rows.removeIf(r -> !seen.contains(r.alertId()));
        }
        refreshSelected();
    }

    private void refreshSelected() {
        if (selected != null) {
            selected.showRoster(server.roster(selected.alertId()).orElse(null));
        }
    }

    // ------------------------------------------------------------ commands

    /**
     * Rings the alert again for the users of its audience who have not read it; the status line
     * says how many were rung and how many are not logged in (they get it at their next login).
     */
    public CompletableFuture<AlertServer.Reminder> remind(AlertRow row) {
        long id = Objects.requireNonNull(row, "row").alertId();
        return commands.run(() -> server.remind(id), "Not reminded").thenApply(r -> {
            status.set(r.reminded() == 0 && r.offline() == 0 ? "Alert " + id + ": everyone has read it"
                    : "Reminded " + r.reminded() + " · " + r.offline() + " not logged in");
            return r;
        });
    }

    /** Sends a new revision (text, priority, expiry; null {@code expires}: none) to everyone who had it. */
    public CompletableFuture<Message.Alert> update(AlertRow row, Priority priority, String text, Instant expires) {
        long id = Objects.requireNonNull(row, "row").alertId();
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(text, "text");
        return commands.run(() -> server.updateAlert(id, priority, text, expires), "Not updated").thenApply(a -> {
            status.set("Alert " + id + " updated (revision " + a.revision() + ")");
            return a;
        });
    }

    /** Ends the alert as {@code ALL_CLEAR} or {@code CANCELLED}, with a closing text (null or blank: keep). */
    public CompletableFuture<Message.Alert> end(AlertRow row, Message.AlertState how, String text) {
        long id = Objects.requireNonNull(row, "row").alertId();
        Objects.requireNonNull(how, "how");
        return commands.run(() -> server.endAlert(id, how, text), "Not ended").thenApply(a -> {
            status.set("Alert " + id + (how == Message.AlertState.ALL_CLEAR ? ": all clear sent" : " cancelled"));
            return a;
        });
    }

    /**
     * Writes the roster of one alert ({@code row}), or of every retained alert ({@code row} null),
     * as CSV ({@link Roster#csv}) to {@code file}, off the FX thread. Completes with the file.
     */
    public CompletableFuture<Path> exportCsv(AlertRow row, Path file) {
        Objects.requireNonNull(file, "file");
        Long id = row == null ? null : row.alertId();
        return commands.run(() -> {
            List<Roster> rosters = id == null ? server.rosters()
                    : server.roster(id).map(List::of).orElseThrow(() ->
                    new IllegalStateException("alert " + id + " is no longer kept"));
            Files.writeString(file, Roster.csv(rosters), StandardCharsets.UTF_8);
            return new Written(file.toAbsolutePath(), rosters.size());
        }, "CSV not written").thenApply(w -> {
            status.set((id == null ? "Wrote the rosters of " + w.alerts() + " alert(s)" : "Wrote the roster of alert " + id)
                    + " to " + w.file());
            return w.file();
        });
    }

    /** What the last command on an alert did, e.g. "Reminded 5 · 2 not logged in"; empty at first. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    private record Written(Path file, int alerts) {
    }
}
