package ccn.alerts.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Reads frames from a blocking stream: a thin adapter over {@link FrameAssembler}, which holds the
 * layout and every check. Bytes read past the end of a frame are kept for the next call.
 *
 * <p>Not thread-safe: one reader per stream, which is how connections are read anyway.
 */
public final class FrameDecoder {
    public static final int DEFAULT_MAX_FRAME_LENGTH = FrameAssembler.DEFAULT_MAX_FRAME_LENGTH;
    public static final int HEADER_LENGTH = FrameAssembler.HEADER_LENGTH;

    private final InputStream in;
    private final FrameAssembler assembler;
    private final ByteBuffer buffer = ByteBuffer.allocate(8192).flip();

    public FrameDecoder(InputStream in) {
        this(in, DEFAULT_MAX_FRAME_LENGTH);
    }

    public FrameDecoder(InputStream in, int maxFrameLength) {
        this.in = Objects.requireNonNull(in, "in");
        this.assembler = new FrameAssembler(maxFrameLength);
    }

    /**
     * Blocks until one whole frame has arrived and returns its payload.
     *
     * @throws java.io.EOFException when the stream ends cleanly before a new frame starts
     * @throws ProtocolException when the header is invalid or the stream ends mid-frame
     */
    public byte[] readFrame() throws IOException {
        while (true) {
            byte[] payload = assembler.next(buffer);
            if (payload != null) {
                return payload;
            }
            int n = in.read(buffer.array(), 0, buffer.capacity());
            if (n < 0) {
                assembler.endOfStream();
            }
            buffer.limit(Math.max(n, 0)).position(0);
        }
    }
}
