package ccn.alerts.protocol;

/**
 * The connection failed before its first sealed frame: the peer is not a CCN alert peer, speaks
 * another protocol version, or the protocol 2 handshake failed. {@link #reason()} tells which, so
 * each side can put it in its own words (docs/PROTOCOL.md §4.5).
 */
public final class HandshakeException extends ProtocolException {

    /** Why the handshake failed. */
    public enum Reason {
        /** The peer's first bytes are not "CCN": not our protocol at all (HTTP, a port scanner...). */
        NOT_CCN,
        /** The peer speaks protocol version 1, from before the handshake. */
        OLD_VERSION,
        /** The peer speaks a version newer than 2. */
        NEWER_VERSION,
        /** Server side: the client's key string names another server (its key id is not ours). */
        OTHER_SERVER,
        /** Server side: the first handshake message does not open: the client's class key is not ours. */
        WRONG_CLASS_KEY,
        /** Client side: the server said our key string names another server. */
        REJECTED_OTHER_SERVER,
        /** Client side: the server said our class key is not its class key. */
        REJECTED_CLASS_KEY,
        /** Client side: the server refused the handshake for another reason (it found our INIT malformed). */
        REJECTED,
        /** Client side: the server's answer does not prove it holds the private key our key string names. */
        IMPOSTOR,
        /** A handshake frame of the wrong type or length. */
        MALFORMED
    }

    private final Reason reason;

    public HandshakeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
