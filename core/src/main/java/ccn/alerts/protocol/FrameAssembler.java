package ccn.alerts.protocol;

import java.io.EOFException;
import java.nio.ByteBuffer;

/**
 * Reassembles length-prefixed frames (layout in {@link FrameDecoder}) from bytes that arrive in
 * arbitrary pieces, as a non-blocking socket delivers them. Applies exactly the checks of
 * {@link FrameDecoder}: the length is checked before any buffer is allocated.
 *
 * <p>Holds only the header (4 bytes) and, while a frame is incomplete, that frame's payload, so
 * an idle connection costs a few bytes. Not thread-safe: one reader per connection.
 */
public final class FrameAssembler {
    private final int maxFrameLength;
    private final byte[] header = new byte[FrameDecoder.HEADER_LENGTH];
    private int headerFill;
    private byte[] payload;
    private int payloadFill;

    public FrameAssembler(int maxFrameLength) {
        if (maxFrameLength < 1) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    /**
     * Consumes bytes from {@code source} up to the end of the next complete frame and returns its
     * payload, or returns null once {@code source} is empty and no frame is complete (the bytes
     * consumed so far are kept for the next call).
     *
     * @throws ProtocolException when a header is invalid
     */
    public byte[] next(ByteBuffer source) throws ProtocolException {
        if (payload == null) {
            while (headerFill < FrameDecoder.HEADER_LENGTH && source.hasRemaining()) {
                header[headerFill++] = source.get();
            }
            if (headerFill < FrameDecoder.HEADER_LENGTH) {
                return null;
            }
            payload = new byte[FrameDecoder.payloadLength(header, maxFrameLength)];
            payloadFill = 0;
        }
        int n = Math.min(source.remaining(), payload.length - payloadFill);
        source.get(payload, payloadFill, n);
        payloadFill += n;
        if (payloadFill < payload.length) {
            return null;
        }
        byte[] done = payload;
        payload = null;
        headerFill = 0;
        return done;
    }

    /**
     * Called when the peer closed its side: a clean close between frames, or a truncated frame.
     *
     * @throws EOFException when no frame was started
     * @throws TruncatedFrameException when a frame was cut off
     */
    public void endOfStream() throws EOFException, TruncatedFrameException {
        if (payload != null) {
            throw new TruncatedFrameException(payload.length, payloadFill);
        }
        if (headerFill > 0) {
            throw new TruncatedFrameException(FrameDecoder.HEADER_LENGTH, headerFill);
        }
        throw new EOFException("connection closed");
    }
}
