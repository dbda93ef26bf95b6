package ccn.alerts.protocol;

/** A decrypted frame that is not a valid message: bad JSON, unknown type, missing or oversized field. */
public final class MalformedMessageException extends ProtocolException {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
