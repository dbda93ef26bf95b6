package ccn.alerts.protocol;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameDecoderTest {
    private static final int MAX = FrameDecoder.DEFAULT_MAX_FRAME_LENGTH;

    @Test
    void readFrame_returnsPayloadOfOneFrame() throws IOException {
        byte[] payload = {1, 2, 3};
        FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(FrameEncoder.encode(payload, MAX)));

        assertArrayEquals(payload, decoder.readFrame());
    }

    @Test
    void readFrame_assemblesFramesDeliveredOneByteAtATime() throws IOException {
        byte[] a = "first".getBytes();
        byte[] b = new byte[5000];
        Arrays.fill(b, (byte) 7);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(FrameEncoder.encode(a, MAX));
        wire.write(FrameEncoder.encode(b, MAX));
        FrameDecoder decoder = new FrameDecoder(new TrickleInputStream(wire.toByteArray()));

        assertArrayEquals(a, decoder.readFrame());
        assertArrayEquals(b, decoder.readFrame());
        assertThrows(EOFException.class, decoder::readFrame);
    }

    @Test
    void readFrame_acceptsFrameOfExactlyMaxLength() throws IOException {
        byte[] payload = new byte[MAX];
        FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(FrameEncoder.encode(payload, MAX)));

        assertEquals(MAX, decoder.readFrame().length);
    }

    @Test
    void readFrame_rejectsFrameLongerThanMaxBeforeReadingPayload() {
        // Only the header is present: a decoder that allocated or waited for the payload would fail differently.
        byte[] header = {0x00, 0x01, 0x00, 0x01};
        FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(header));

        FrameTooLongException e = assertThrows(FrameTooLongException.class, decoder::readFrame);
        assertEquals(MAX + 1L, e.length());
        assertTrue(e.getMessage().contains("65537") && e.getMessage().contains("65536"), e.getMessage());
    }

    @Test
    void readFrame_rejectsHugeLengthWithoutOutOfMemory() {
        byte[] header = {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(header));

        assertThrows(FrameTooLongException.class, decoder::readFrame);
    }

    @Test
    void readFrame_rejectsZeroLength() {
        FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(new byte[4]));

        assertThrows(CorruptedFrameException.class, decoder::readFrame);
    }

    @Test
    void readFrame_rejectsNegativeLength() {
        byte[] header = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE};
        FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(header));

        CorruptedFrameException e = assertThrows(CorruptedFrameException.class, decoder::readFrame);
        assertTrue(e.getMessage().contains("-2"), e.getMessage());
    }

    @Test
    void readFrame_reportsTruncatedHeader() {
        FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(new byte[]{0, 0}));

        assertThrows(TruncatedFrameException.class, decoder::readFrame);
    }

    @Test
    void readFrame_reportsTruncatedPayloadWithCounts() throws IOException {
        byte[] frame = FrameEncoder.encode(new byte[10], MAX);
        FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(Arrays.copyOf(frame, 9)));

        TruncatedFrameException e = assertThrows(TruncatedFrameException.class, decoder::readFrame);
        assertTrue(e.getMessage().contains("5 of 10"), e.getMessage());
    }

    @Test
    void readFrame_treatsEndOfStreamAtFrameBoundaryAsCleanClose() {
        FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(new byte[0]));

        IOException e = assertThrows(IOException.class, decoder::readFrame);
        assertEquals(EOFException.class, e.getClass());
    }

    @Test
    void readFrame_honoursSmallerConfiguredMaximum() throws IOException {
        FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(FrameEncoder.encode(new byte[101], MAX)), 100);

        assertThrows(FrameTooLongException.class, decoder::readFrame);
    }

    @Test
    void encode_rejectsPayloadLongerThanMax() {
        assertThrows(FrameTooLongException.class, () -> FrameEncoder.encode(new byte[MAX + 1], MAX));
    }

    @Test
    void encode_writesBigEndianLength() throws IOException {
        byte[] frame = FrameEncoder.encode(new byte[0x0102], MAX);

        assertArrayEquals(new byte[]{0, 0, 1, 2}, Arrays.copyOf(frame, 4));
    }

    /** Hands out one byte per read call, as a slow network might. */
    static final class TrickleInputStream extends InputStream {
        private final byte[] data;
        private int pos;

        TrickleInputStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int c = read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }
    }
}
