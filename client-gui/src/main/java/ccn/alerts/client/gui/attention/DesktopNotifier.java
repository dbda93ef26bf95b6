package ccn.alerts.client.gui.attention;

import ccn.alerts.protocol.Priority;

/**
 * Shows an operating-system notification. Implementations return at once and do the work on a
 * thread of their own (never the FX Application Thread), and never throw: where the platform has
 * no notifications, nothing is shown. Thread-safe.
 */
public interface DesktopNotifier {
    DesktopNotifier NONE = new DesktopNotifier() {
        @Override
        public void show(String title, String text, Priority priority) {
        }

        @Override
        public Availability availability() {
            return Availability.UNAVAILABLE;
        }
    };

    void show(String title, String text, Priority priority);

    default Availability availability() {
        return Availability.AVAILABLE;
    }
}
