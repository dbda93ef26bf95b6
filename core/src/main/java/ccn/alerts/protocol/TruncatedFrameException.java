package ccn.alerts.protocol;

/** The stream ended inside a frame (or inside the preamble): the peer vanished mid-message. */
public final class TruncatedFrameException extends ProtocolException {
    public TruncatedFrameException(int expected, int received) {
        super("stream ended after " + received + " of " + expected + " bytes");
    }
}
