package ccn.alerts.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads length-prefixed frames from a blocking stream.
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
 * <p>Not thread-safe: one reader per stream, which is how connections are read anyway.
 */
public final class FrameDecoder {
    /** 64 KiB: room for the longest message with plenty to spare, small enough to bound memory. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 64 * 1024;
    public static final int HEADER_LENGTH = 4;

    private final InputStream in;
    private final int maxFrameLength;
    private final byte[] header = new byte[HEADER_LENGTH];

    public FrameDecoder(InputStream in) {
        this(in, DEFAULT_MAX_FRAME_LENGTH);
    }

    public FrameDecoder(InputStream in, int maxFrameLength) {
        if (maxFrameLength < 1) {
            throw new IllegalArgumentException("maxFrameLength must be positive: " + maxFrameLength);
        }
        this.in = java.util.Objects.requireNonNull(in, "in");
        this.maxFrameLength = maxFrameLength;
    }

    /**
     * Blocks until one whole frame has arrived and returns its payload.
     *
     * @throws EOFException when the stream ends cleanly before a new frame starts
     * @throws ProtocolException when the header is invalid or the stream ends mid-frame
     */
    public byte[] readFrame() throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("connection closed");
        }
        header[0] = (byte) first;
        readFully(header, 1, HEADER_LENGTH - 1, HEADER_LENGTH);
        byte[] payload = new byte[payloadLength(header, maxFrameLength)];
        readFully(payload, 0, payload.length, payload.length);
        return payload;
    }

    /**
     * The payload length a frame header announces, checked before anything is allocated; shared
     * with {@link FrameAssembler}.
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

    private void readFully(byte[] buffer, int offset, int count, int frameSize) throws IOException {
        int done = 0;
        while (done < count) {
            int n = in.read(buffer, offset + done, count - done);
            if (n < 0) {
                throw new TruncatedFrameException(frameSize, offset + done);
            }
            done += n;
        }
    }
}
