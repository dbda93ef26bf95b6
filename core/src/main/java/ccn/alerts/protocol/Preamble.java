package ccn.alerts.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;

/**
 * The 20 bytes each side sends, unencrypted, as soon as the TCP connection is up:
 *
 * <pre>
 *  +------+------+------+---------+---------------------------------+
 *  | 'C'  | 'C'  | 'N'  | version |   nonce: 16 random bytes        |
 *  +------+------+------+---------+---------------------------------+
 *    0x43   0x43   0x4E    0x01
 * </pre>
 *
 * The two nonces (client's first) form the connection id that every frame's associated data
 * carries, so both sides contribute freshness and neither can be fed an old session.
 */
public final class Preamble {
    public static final int VERSION = 1;
    public static final int NONCE_LENGTH = 16;
    public static final int LENGTH = 4 + NONCE_LENGTH;
    public static final int CONNECTION_ID_LENGTH = 2 * NONCE_LENGTH;
    private static final byte[] MAGIC = {'C', 'C', 'N'};

    private Preamble() {
    }

    public static byte[] encode(byte[] nonce) {
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be " + NONCE_LENGTH + " bytes");
        }
        byte[] out = new byte[LENGTH];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[3] = (byte) VERSION;
        System.arraycopy(nonce, 0, out, 4, NONCE_LENGTH);
        return out;
    }

    /** Reads the peer's preamble from a blocking stream and returns its nonce. */
    public static byte[] read(InputStream in) throws IOException {
        Reader reader = new Reader();
        byte[] chunk = new byte[LENGTH];
        while (true) {
            // Never past the preamble: what follows belongs to the frame decoder.
            int n = in.read(chunk, 0, LENGTH - reader.received());
            if (n < 0) {
                throw reader.endOfStream();
            }
            byte[] nonce = reader.feed(java.nio.ByteBuffer.wrap(chunk, 0, n));
            if (nonce != null) {
                return nonce;
            }
        }
    }

    /**
     * Reads a peer's preamble from bytes in whatever pieces they arrive, blocking or not. Fails
     * on the first wrong byte, so a peer speaking HTTP is told at once, not after 20 bytes. Not
     * thread-safe: one per connection.
     */
    public static final class Reader {
        private final byte[] buf = new byte[LENGTH];
        private int done;

        /**
         * Consumes bytes up to the end of the preamble, no further; returns the peer's nonce once
         * the preamble is complete, null while it is not.
         */
        public byte[] feed(java.nio.ByteBuffer bytes) throws HandshakeException {
            while (bytes.hasRemaining() && done < LENGTH) {
                byte b = bytes.get();
                buf[done] = b;
                if (done < MAGIC.length && b != MAGIC[done]) {
                    throw new HandshakeException("not a CCN alert peer: preamble starts with 0x"
                            + HexFormat.of().formatHex(buf, 0, done + 1));
                }
                done++;
            }
            if (done < LENGTH) {
                return null;
            }
            if (buf[3] != VERSION) {
                throw new HandshakeException("peer speaks protocol version " + (buf[3] & 0xFF)
                        + "; this side speaks version " + VERSION);
            }
            byte[] nonce = new byte[NONCE_LENGTH];
            System.arraycopy(buf, 4, nonce, 0, NONCE_LENGTH);
            return nonce;
        }

        /** Bytes of the preamble received so far. */
        public int received() {
            return done;
        }

        /** What the peer closing now means: a close before it said anything, or a cut-off preamble. */
        public IOException endOfStream() {
            return done == 0 ? new EOFException("connection closed before the preamble")
                    : new TruncatedFrameException(LENGTH, done);
        }
    }
}
