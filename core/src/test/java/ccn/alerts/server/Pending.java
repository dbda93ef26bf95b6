package ccn.alerts.server;

import ccn.alerts.protocol.Message.Alert;

import java.util.ArrayList;
import java.util.List;

/** Test view of a tracker: the alerts sent to some session of a user that no session of that user acknowledged. */
final class Pending {
    private Pending() {
    }

    static List<Alert> of(AckTracker tracker, String username) {
        List<Alert> pending = new ArrayList<>();
        for (AckTracker.AlertStatus status : tracker.statuses()) {
            boolean sent = false;
            boolean acked = false;
            for (AckTracker.Delivery d : status.deliveries()) {
                if (d.username().equals(username)) {
                    sent = true;
                    acked |= d.acknowledged();
                }
            }
            if (sent && !acked) {
                pending.add(status.alert());
            }
        }
        return pending;
    }
}
