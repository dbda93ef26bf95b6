package ccn.alerts.client.gui.feed;

/** How far the acknowledgement of one alert has come. Declared in order; it only moves forward. */
public enum AckState {
    RECEIVED("Received", "ack-received"),
    ACK_SENT("ACK sent", "ack-sent"),
    CONFIRMED("✓ Confirmed by server", "ack-confirmed");

    private final String label;
    private final String pseudoClass;

    AckState(String label, String pseudoClass) {
        this.label = label;
        this.pseudoClass = pseudoClass;
    }

    public String label() {
        return label;
    }

    /** The CSS pseudo-class a card shows in this state. */
    public String pseudoClass() {
        return pseudoClass;
    }
}
