package ccn.alerts.protocol;

import java.io.EOFException;
import java.nio.ByteBuffer;

/**
 * The one frame decoder: reassembles length-prefixed frames from bytes that arrive in arbitrary
 * pieces, as a non-blocking socket delivers them ({@link FrameDecoder} adapts it to a blocking
 * stream).
 *
 * <pre>
 *  0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |          payload length N (unsigned 32-bit, big-endian)       |
 *  +---------------+---------------+---------------+---------------+
 *  |                  payload: N bytes (1 <= N <= max)             |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The length is checked against the maximum before any buffer is allocated, so a hostile
 * header cannot make us allocate gigabytes. End of stream exactly at a frame boundary is a normal
 * close ({@link EOFException}); end of stream anywhere else is a {@link TruncatedFrameException}.
 *
 * <p>Holds only the header (4 bytes) and, while a frame is incomplete, that frame's payload, so
 * an idle connection costs a few bytes. Not thread-safe: one reader per connection.
 */
public final class FrameAssembler {
    /** 64 KiB: room for the longest message with plenty to spare, small enough to bound memory. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 64 * 1024;
    public static final int HEADER_LENGTH = 4;

    private final int maxFrameLength;
    private final byte[] header = new byte[HEADER_LENGTH];
    private int headerFill;
    private byte[] payload;
    private int payloadFill;

    public FrameAssembler(int maxFrameLength) {
        if (maxFrameLength < 1) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
        this.maxFrameLength = maxFrameLength;
    }

    public int maxFrameLength() {
        return maxFrameLength;
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
            while (headerFill < HEADER_LENGTH && source.hasRemaining()) {
                header[headerFill++] = source.get();
            }
            if (headerFill < HEADER_LENGTH) {
                return null;
            }
            payload = new byte[payloadLength(header, maxFrameLength)];
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
            throw new TruncatedFrameException(HEADER_LENGTH, headerFill);
        }
        throw new EOFException("connection closed");
    }

    /**
     * The payload length a frame header announces, checked before anything is allocated.
     *
     * @throws ProtocolException when it is zero, negative as a signed 32-bit value, or above the maximum
     */
    static int payloadLength(byte[] header, int maxFrameLength) throws ProtocolException {
        long length = ((header[0] & 0xFFL) << 24) | ((header[1] & 0xFFL) << 16)
                | ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
        if (length == 0) {
            throw new CorruptedFrameException("frame length is zero");
        }
        if (length > Integer.MAX_VALUE) {
            // The wire carries an unsigned value; as a Java int this is negative.
            throw new CorruptedFrameException("frame length is negative as a signed 32-bit value: " + (int) length);
        }
        if (length > maxFrameLength) {
            throw new FrameTooLongException(length, maxFrameLength);
        }
        return (int) length;
    }
}
