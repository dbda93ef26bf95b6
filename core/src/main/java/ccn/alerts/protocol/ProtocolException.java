package ccn.alerts.protocol;

import java.io.IOException;

/**
 * Base of every error caused by what a peer sent: a broken frame, a frame that fails to decrypt,
 * a message that does not parse. The connection that produced it is closed; other connections are
 * unaffected. Subclasses name the failure so callers can tell, say, a wrong key from garbage.
 */
public abstract sealed class ProtocolException extends IOException
        permits CorruptedFrameException, FrameTooLongException, TruncatedFrameException,
                DecryptionFailedException, MalformedMessageException, HandshakeException {

    protected ProtocolException(String message) {
        super(message);
    }

    protected ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
