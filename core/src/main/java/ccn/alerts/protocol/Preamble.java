package ccn.alerts.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The 4 bytes each side sends, unencrypted, as soon as the TCP connection is up:
 *
 * <pre>
 *  +------+------+------+---------+
 *  | 'C'  | 'C'  | 'N'  | version |
 *  +------+------+------+---------+
 *    0x43   0x43   0x4E    0x02
 * </pre>
 *
 * Version 1 followed the version byte with a 16-byte nonce; version 2's freshness comes from the
 * handshake's ephemeral keys instead ({@link Handshake}). Both preambles are the handshake's
 * prologue, so a man in the middle cannot rewrite the version unnoticed.
 */
public final class Preamble {
    public static final int VERSION = 2;
    public static final int LENGTH = 4;
    private static final byte[] MAGIC = {'C', 'C', 'N'};
    private static final byte[] BYTES = {'C', 'C', 'N', (byte) VERSION};

    private Preamble() {
    }

    /** This side's preamble. */
    public static byte[] encode() {
        return BYTES.clone();
    }

    /** Reads the peer's preamble from a blocking stream, no further. */
    public static void read(InputStream in) throws IOException {
        Reader reader = new Reader();
        byte[] chunk = new byte[LENGTH];
        while (true) {
            // Never past the preamble: what follows belongs to the frame decoder.
            int n = in.read(chunk, 0, LENGTH - reader.received());
            if (n < 0) {
                throw reader.endOfStream();
            }
            if (reader.feed(ByteBuffer.wrap(chunk, 0, n))) {
                return;
            }
        }
    }

    /**
     * Reads a peer's preamble from bytes in whatever pieces they arrive, blocking or not. Fails
     * on the first wrong byte, so a peer speaking HTTP is told at once. Not thread-safe: one per
     * connection.
     */
    public static final class Reader {
        private final byte[] buf = new byte[LENGTH];
        private int done;

        /**
         * Consumes bytes up to the end of the preamble, no further.
         *
         * @return true once the preamble is complete and names version 2
         * @throws HandshakeException on a byte that is not ours, or another version
         */
        public boolean feed(ByteBuffer bytes) throws HandshakeException {
            while (bytes.hasRemaining() && done < LENGTH) {
                byte b = bytes.get();
                buf[done] = b;
                if (done < MAGIC.length && b != MAGIC[done]) {
                    throw new HandshakeException(HandshakeException.Reason.NOT_CCN,
                            "not a CCN alert peer: its first bytes are 0x" + HexFormat.of().formatHex(buf, 0, done + 1));
                }
                done++;
            }
            if (done < LENGTH) {
                return false;
            }
            int version = buf[3] & 0xFF;
            if (version == 1) {
                throw new HandshakeException(HandshakeException.Reason.OLD_VERSION,
                        "the peer speaks protocol version 1; this side speaks version " + VERSION);
            }
            if (version != VERSION) {
                throw new HandshakeException(version > VERSION ? HandshakeException.Reason.NEWER_VERSION
                        : HandshakeException.Reason.NOT_CCN,
                        "the peer speaks protocol version " + version + "; this side speaks version " + VERSION);
            }
            return true;
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
