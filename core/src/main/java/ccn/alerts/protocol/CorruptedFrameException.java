package ccn.alerts.protocol;

/** A frame header that cannot be valid: a length of zero or a negative length. */
public final class CorruptedFrameException extends ProtocolException {
    public CorruptedFrameException(String message) {
        super(message);
    }
}
