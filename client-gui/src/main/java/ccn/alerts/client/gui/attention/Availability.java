package ccn.alerts.client.gui.attention;

/** Whether this computer can play a sound or show a desktop notification, as far as known. */
public enum Availability {
    /** Not tried yet. */
    UNKNOWN,
    AVAILABLE,
    /** Tried and failed (no sound device, no system tray, headless): quietly skipped from now on. */
    UNAVAILABLE
}
