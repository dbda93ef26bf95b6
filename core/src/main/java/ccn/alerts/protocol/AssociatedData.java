package ccn.alerts.protocol;

/**
 * The associated data authenticated with every frame (42 bytes, nothing of it is sent):
 *
 * <pre>
 *  offset  size  field
 *  0       1     protocol version (1)
 *  1       1     direction: 'C' (0x43) client to server, 'S' (0x53) server to client
 *  2       32    connection id: client nonce (16) || server nonce (16), from the preambles
 *  34      8     sequence number of this frame in its direction, big-endian, from 0
 * </pre>
 *
 * A frame replayed, reordered, reflected to its sender or moved to another connection is checked
 * against different associated data than it was sealed with, so its tag fails.
 */
public final class AssociatedData {
    public static final int LENGTH = 42;

    private AssociatedData() {
    }

    public static byte[] of(int version, Direction direction, byte[] connectionId, long sequence) {
        if (connectionId.length != Preamble.CONNECTION_ID_LENGTH) {
            throw new IllegalArgumentException("connection id must be " + Preamble.CONNECTION_ID_LENGTH + " bytes");
        }
        byte[] ad = new byte[LENGTH];
        ad[0] = (byte) version;
        ad[1] = direction.code();
        System.arraycopy(connectionId, 0, ad, 2, connectionId.length);
        for (int i = 0; i < 8; i++) {
            ad[34 + i] = (byte) (sequence >>> (56 - 8 * i));
        }
        return ad;
    }
}
