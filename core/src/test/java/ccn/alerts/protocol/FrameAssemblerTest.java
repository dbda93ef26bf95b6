package ccn.alerts.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameAssemblerTest {
    private static final int MAX = FrameDecoder.DEFAULT_MAX_FRAME_LENGTH;

    private static byte[] wire(byte[]... payloads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : payloads) {
            out.write(FrameEncoder.encode(p, MAX));
        }
        return out.toByteArray();
    }

    /** Feeds {@code bytes} in pieces of {@code piece} bytes and collects every frame that completes. */
    private static List<byte[]> feed(FrameAssembler assembler, byte[] bytes, int piece) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += piece) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at));
            for (byte[] f; (f = assembler.next(buffer)) != null; ) {
                frames.add(f);
            }
            assertEquals(0, buffer.remaining(), "next() returned null with bytes left");
        }
        return frames;
    }

    @Test
    void next_assemblesFramesFromAnySplit() throws IOException {
        byte[] a = "first".getBytes();
        byte[] b = new byte[5000];
        Arrays.fill(b, (byte) 7);
        byte[] c = {42};
        byte[] bytes = wire(a, b, c);
        for (int piece : new int[] {1, 3, 4, 5, 4096, bytes.length}) {
            List<byte[]> frames = feed(new FrameAssembler(MAX), bytes, piece);
            assertEquals(3, frames.size(), "pieces of " + piece);
            assertArrayEquals(a, frames.get(0));
            assertArrayEquals(b, frames.get(1));
            assertArrayEquals(c, frames.get(2));
        }
    }

    @Test
    void next_returnsNullUntilTheFrameIsComplete() throws IOException {
        byte[] bytes = wire("hello".getBytes());
        FrameAssembler assembler = new FrameAssembler(MAX);

        assertNull(assembler.next(ByteBuffer.wrap(bytes, 0, bytes.length - 1)));
        assertArrayEquals("hello".getBytes(), assembler.next(ByteBuffer.wrap(bytes, bytes.length - 1, 1)));
    }

    @Test
    void next_rejectsTooLongZeroAndNegativeLengthsFromTheHeaderAlone() {
        assertThrows(FrameTooLongException.class,
                () -> new FrameAssembler(MAX).next(ByteBuffer.wrap(new byte[] {0, 1, 0, 1})));
        assertThrows(CorruptedFrameException.class,
                () -> new FrameAssembler(MAX).next(ByteBuffer.wrap(new byte[] {0, 0, 0, 0})));
        assertThrows(CorruptedFrameException.class,
                () -> new FrameAssembler(MAX).next(ByteBuffer.wrap(new byte[] {(byte) 0x80, 0, 0, 1})));
    }

    @Test
    void endOfStream_isCleanOnlyBetweenFrames() throws IOException {
        byte[] bytes = wire("hello".getBytes());
        FrameAssembler clean = new FrameAssembler(MAX);
        feed(clean, bytes, 2);
        assertThrows(EOFException.class, clean::endOfStream);

        FrameAssembler inHeader = new FrameAssembler(MAX);
        inHeader.next(ByteBuffer.wrap(bytes, 0, 2));
        TruncatedFrameException header = assertThrows(TruncatedFrameException.class, inHeader::endOfStream);

        FrameAssembler inPayload = new FrameAssembler(MAX);
        inPayload.next(ByteBuffer.wrap(bytes, 0, 6));
        assertThrows(TruncatedFrameException.class, inPayload::endOfStream);
        assertEquals(header.getClass(), TruncatedFrameException.class);
    }
}
