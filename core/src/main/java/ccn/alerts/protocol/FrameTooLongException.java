package ccn.alerts.protocol;

/** A frame header announcing more bytes than the maximum frame size. Nothing was allocated for it. */
public final class FrameTooLongException extends ProtocolException {
    private final long length;
    private final int maxLength;

    public FrameTooLongException(long length, int maxLength) {
        super("frame length " + length + " exceeds the maximum of " + maxLength + " bytes");
        this.length = length;
        this.maxLength = maxLength;
    }

    public long length() {
        return length;
    }

    public int maxLength() {
        return maxLength;
    }
}
