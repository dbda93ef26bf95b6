package ccn.alerts.client.gui.feed;

/**
 * How far the person's own confirmation ("I have read this") has come. Unlike the ACK, which the
 * engine sends by itself, only a click moves it. Declared in order; it only moves forward.
 */
public enum ReadState {
    UNREAD(""),
    /** Clicked; READ is on its way (or waits for the next login) and READ_OK has not come back. */
    READ("Read · saving on server…"),
    /** Clicked, but the server predates the life cycle: nobody but this window knows. */
    READ_HERE_ONLY("Read (this window only)"),
    /** READ_OK: the confirmation is on the server's disk, from this window or another of the user's. */
    READ_SAVED("✓ Read · saved on server");

    private final String label;

    ReadState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isRead() {
        return this != UNREAD;
    }
}
