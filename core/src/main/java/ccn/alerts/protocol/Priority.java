package ccn.alerts.protocol;

/** How urgent an alert is. Declared from least to most urgent, so {@code compareTo} orders them. */
public enum Priority {
    LOW, MEDIUM, HIGH
}
