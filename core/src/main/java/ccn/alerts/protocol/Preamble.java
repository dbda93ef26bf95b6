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

    /** Reads the peer's preamble and returns its nonce. */
    public static byte[] read(InputStream in) throws IOException {
        byte[] buf = new byte[LENGTH];
        int done = 0;
        while (done < LENGTH) {
            int n = in.read(buf, done, LENGTH - done);
            if (n < 0) {
                if (done == 0) {
                    throw new EOFException("connection closed before the preamble");
                }
                throw new TruncatedFrameException(LENGTH, done);
            }
            done += n;
            // Fail on the first wrong byte, so a peer speaking HTTP is told at once, not after 20 bytes.
            for (int i = done - n; i < Math.min(done, MAGIC.length); i++) {
                if (buf[i] != MAGIC[i]) {
                    throw new HandshakeException("not a CCN alert peer: preamble starts with 0x"
                            + HexFormat.of().formatHex(buf, 0, Math.min(done, 4)));
                }
            }
        }
        if (buf[3] != VERSION) {
            throw new HandshakeException("peer speaks protocol version " + (buf[3] & 0xFF)
                    + "; this side speaks version " + VERSION);
        }
        byte[] nonce = new byte[NONCE_LENGTH];
        System.arraycopy(buf, 4, nonce, 0, NONCE_LENGTH);
        return nonce;
    }
}
