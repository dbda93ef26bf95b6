package ccn.alerts.client.gui.attention;

import ccn.alerts.protocol.Priority;

/**
 * Plays the attention sound of an alert. Implementations return at once and play elsewhere (never
 * on the FX Application Thread), and never throw: a computer without sound stays silent.
 * Thread-safe.
 */
public interface AlertSound {
    /** No sound at all (tests, and a window that must stay quiet). */
    AlertSound NONE = new AlertSound() {
        @Override
        public void ring(Priority priority) {
        }

        @Override
        public Availability availability() {
            return Availability.UNAVAILABLE;
        }
    };

    /** One ring for an alert of this priority: HIGH is more urgent than MEDIUM. */
    void ring(Priority priority);

    default Availability availability() {
        return Availability.AVAILABLE;
    }
}
