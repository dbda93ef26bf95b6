package ccn.alerts.client;

/**
 * Where an {@link AlertClient} stands. The GUI binds to it; every state comes with a
 * human-readable reason in {@link ClientStatus}.
 */
public enum ClientState {
    /** Not connected and not trying (initial state, after logout, or after being kicked). */
    DISCONNECTED(false),
    /** Opening the TCP connection and exchanging the first frames. */
    CONNECTING(false),
    /** The handshake is done and the server proved its identity; the login is on its way. */
    AUTHENTICATING(false),
    /** Logged in, receiving alerts. */
    CONNECTED(false),
    /** The connection dropped unexpectedly; a new attempt follows after a back-off delay. */
    RECONNECTING(false),
    /** The server announced its shutdown; no automatic reconnect. */
    SERVER_SHUTDOWN(true),
    /** Wrong username or password. */
    AUTH_FAILED(true),
    /** The server refused the class key in the key string. */
    WRONG_KEY(true),
    /** Not the server the key string names: it could not prove that identity, or says it has another. */
    WRONG_SERVER(true),
    /** Too many failed logins; retry later. */
    THROTTLED(true),
    /** No server answered at host:port (or it is not a CCN alert server). */
    UNREACHABLE(true);

    private final boolean failure;

    ClientState(boolean failure) {
        this.failure = failure;
    }

    /** True for the states that end an attempt and need the user to act. */
    public boolean isFailure() {
        return failure;
    }
}
