package ccn.alerts.log;

/**
 * Kinds of server events recorded in {@code server_log.txt}.
 *
 * <p>The constant name is printed verbatim in the second bracket of each log line, e.g.
 * {@code [2024-01-01 12:00:00] [AUTH] ...}, so renaming a constant changes the file format.
 *
 * <p>Immutable and therefore thread-safe.
 */
public enum EventType {
    CONNECTION,
    AUTH,
    ALERT,
    BROADCAST,
    ACK,
    DISCONNECT,
    ERROR,
    SERVER,
    MESSAGE
}
