package ccn.alerts.server.gui.alerts;

import ccn.alerts.alert.Audience;
import ccn.alerts.protocol.Message;
import ccn.alerts.server.AckTracker;
import ccn.alerts.server.Roster;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of the alerts table: the alert's latest revision, its per-user counts ("delivered 28 / 30
 * · read 22 / 30"), its audience and its state; updated in place by {@link AlertsModel}, which
 * fills {@link #rosterProperty()} only while the row is selected. FX thread only.
 */
public final class AlertRow {
    /** Where an alert stands, for the State column and the buttons that depend on it. */
    public enum State {
        ACTIVE("active"), UPDATED("updated"), ALL_CLEAR("all clear"), CANCELLED("cancelled"), EXPIRED("expired"),
        /** A state this console does not know (a newer engine's); ended, as the protocol reads it. */
        ENDED("ended");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** The style class its badge takes. */
        public String styleClass() {
            return "state-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Ended or expired: nothing more to remind anyone of. */
        public boolean over() {
            return ended() || this == EXPIRED;
        }

        /** All clear or cancelled: it cannot be updated or ended again. */
        public boolean ended() {
            return this == ALL_CLEAR || this == CANCELLED || this == ENDED;
        }

        public String label() {
            return label;
        }
    }

    private final long alertId;
    private final ReadOnlyObjectWrapper<Message.Alert> alert = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.ACTIVE);
    private final ReadOnlyStringWrapper stateText = new ReadOnlyStringWrapper("active");
    private final ReadOnlyStringWrapper counts = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper acks = new ReadOnlyStringWrapper("0 / 0");
    private final ReadOnlyStringWrapper audience = new ReadOnlyStringWrapper("everyone");
    private final ReadOnlyBooleanWrapper everyoneRead = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<Roster> roster = new ReadOnlyObjectWrapper<>();

    public AlertRow(Message.Alert alert) {
        this.alertId = Objects.requireNonNull(alert, "alert").alertId();
        this.alert.set(alert);
    }

    void update(AckTracker.AlertSummary summary, Instant now) {
        if (!summary.alert().equals(alert.get())) {
            alert.set(summary.alert());
        }
        Message.Alert a = summary.alert();
        counts.set(summary.counts());
        acks.set(summary.acknowledged() + " / " + summary.delivered());
        audience.set(summary.audience().label());
        everyoneRead.set(summary.usersRead() >= summary.audienceSize());
        State s = stateOf(a, now);
        state.set(s);
        stateText.set(s == State.UPDATED ? "updated r" + a.revision() : s.label());
    }

    static State stateOf(Message.Alert a, Instant now) {
        return switch (a.state()) {
            case ALL_CLEAR -> State.ALL_CLEAR;
            case CANCELLED -> State.CANCELLED;
            case UNKNOWN -> State.ENDED;
            case ACTIVE -> a.expiredAt(now) ? State.EXPIRED : a.revision() > 1 ? State.UPDATED : State.ACTIVE;
        };
    }

    /** Only the selected row holds its roster; the others keep null. */
    void showRoster(Roster now) {
        if (!Objects.equals(now, roster.get())) {
            roster.set(now);
        }
    }

    /** The latest revision. */
    public Message.Alert alert() {
        return alert.get();
    }

    public ReadOnlyObjectProperty<Message.Alert> alertProperty() {
        return alert.getReadOnlyProperty();
    }

    public long alertId() {
        return alertId;
    }

    /** Per user of the audience: {@code delivered 28 / 30 · read 22 / 30}. */
    public ReadOnlyStringProperty countsProperty() {
        return counts.getReadOnlyProperty();
    }

    /** Per session, as before the life cycle: "acknowledged / sent", e.g. {@code 2 / 3}. */
    public ReadOnlyStringProperty acksProperty() {
        return acks.getReadOnlyProperty();
    }

    /** "everyone", "group lab-a", "users alice, bob" (as {@link Audience#label()} says it). */
    public ReadOnlyStringProperty audienceProperty() {
        return audience.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "active", "updated r2", "all clear", "cancelled" or "expired". */
    public ReadOnlyStringProperty stateTextProperty() {
        return stateText.getReadOnlyProperty();
    }

    /** True once every user of the audience confirmed reading it. */
    public ReadOnlyBooleanProperty everyoneReadProperty() {
        return everyoneRead.getReadOnlyProperty();
    }

    /** Who it is for and where each stands, while this row is the selected one; else null. */
    public ReadOnlyObjectProperty<Roster> rosterProperty() {
        return roster.getReadOnlyProperty();
    }
}
