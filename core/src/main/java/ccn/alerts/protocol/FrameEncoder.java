package ccn.alerts.protocol;

import java.util.Objects;

/**
 * Builds length-prefixed frames; the layout is drawn in {@link FrameAssembler}. Stateless and
 * thread-safe; callers serialise writes to one stream themselves.
 */
public final class FrameEncoder {
    private FrameEncoder() {
    }

    /** The frame for a payload, header included, as one array (one write, one syscall). */
    public static byte[] encode(byte[] payload, int maxFrameLength) throws FrameTooLongException {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > maxFrameLength) {
            throw new FrameTooLongException(payload.length, maxFrameLength);
        }
        if (payload.length == 0) {
            throw new IllegalArgumentException("a frame payload cannot be empty");
        }
        byte[] frame = new byte[FrameDecoder.HEADER_LENGTH + payload.length];
        int n = payload.length;
        frame[0] = (byte) (n >>> 24);
        frame[1] = (byte) (n >>> 16);
        frame[2] = (byte) (n >>> 8);
        frame[3] = (byte) n;
        System.arraycopy(payload, 0, frame, FrameDecoder.HEADER_LENGTH, n);
        return frame;
    }
}
