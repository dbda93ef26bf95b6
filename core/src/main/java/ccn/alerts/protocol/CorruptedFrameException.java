package ccn.alerts.protocol;

/**
 * A frame that cannot be valid whatever the key: a length of zero, a negative length, or a
 * payload too short to hold the AES-GCM nonce and tag. Unlike {@link DecryptionFailedException}
 * it never means a wrong key.
 */
public final class CorruptedFrameException extends ProtocolException {
    public CorruptedFrameException(String message) {
        super(message);
    }
}
