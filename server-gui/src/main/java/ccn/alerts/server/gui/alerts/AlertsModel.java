package ccn.alerts.server.gui.alerts;

import ccn.alerts.server.AckTracker;
import ccn.alerts.server.AlertServer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The alerts tab's model: one row per retained alert, newest first, with its ACK counts, and the
 * full recipient list of the one selected alert.
 *
 * <p>Why two queries: the refresh pulse runs four times a second, and the engine's tracker lock
 * is the one every incoming ACK takes. Counts are one small record per alert; the deliveries of
 * every alert would be one record per client per alert (100,000 at 1,000 clients), so only the
 * selected alert's are fetched.
 *
 * <p>Thread-safety: FX thread only. Nothing here blocks: both queries copy memory under a lock.
 */
public final class AlertsModel {
    private final AlertServer server;
    private final ObservableList<AlertRow> rows = FXCollections.observableArrayList();
    // Made once: a read-only view made per call would be collected with its listeners.
    private final ObservableList<AlertRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final Map<Long, AlertRow> byId = new HashMap<>();
    private AlertRow selected;

    public AlertsModel(AlertServer server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    /** The retained alerts, newest first, updated in place so selection and scrolling survive. */
    public ObservableList<AlertRow> rows() {
        return rowsView;
    }

    /** Fills this row's deliveries now and on every refresh; null (nothing selected) stops that. */
    public void select(AlertRow row) {
        if (selected != null && selected != row) {
            selected.showDeliveries(List.of()); // a row no longer shown need not hold its recipients
        }
        selected = row;
        refreshSelected();
    }

    /** Pulls the counts of every alert and the deliveries of the selected one; the console's pulse calls it. */
    public void refresh() {
        Set<Long> seen = new HashSet<>();
        for (AckTracker.AlertSummary summary : server.alertSummaries()) {
            long id = summary.alert().alertId();
            seen.add(id);
            AlertRow row = byId.get(id);
            if (row == null) {
                row = new AlertRow(summary.alert());
                byId.put(id, row);
                rows.add(0, row); // newest first
            }
            row.update(summary);
        }
        if (byId.keySet().retainAll(seen)) {
            rows.removeIf(r -> !seen.contains(r.alertId()));
        }
        refreshSelected();
    }

    private void refreshSelected() {
        if (selected == null) {
            return;
        }
        selected.showDeliveries(server.alertStatus(selected.alertId())
                .map(AckTracker.AlertStatus::deliveries)
                .orElse(List.of()));
    }
}
