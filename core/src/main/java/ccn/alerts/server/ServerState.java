package ccn.alerts.server;

/** Life cycle of an {@link AlertServer}; it may go round from STOPPED to RUNNING and back many times. */
public enum ServerState {
    STOPPED, STARTING, RUNNING, STOPPING
}
