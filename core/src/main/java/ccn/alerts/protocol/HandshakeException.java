package ccn.alerts.protocol;

/** The peer's preamble is not ours (wrong magic) or speaks a protocol version we do not. */
public final class HandshakeException extends ProtocolException {
    public HandshakeException(String message) {
        super(message);
    }
}
