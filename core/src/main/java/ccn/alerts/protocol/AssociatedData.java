package ccn.alerts.protocol;

/**
 * The associated data authenticated with every sealed frame (42 bytes, nothing of it is sent):
 *
 * <pre>
 *  offset  size  field
 *  0       1     protocol version (2)
 *  1       1     direction: 'C' (0x43) client to server, 'S' (0x53) server to client
 *  2       32    the handshake hash of this connection (Noise's h after the last handshake message)
 *  34      8     sequence number of this frame in its direction, big-endian, from 0
 * </pre>
 *
 * Each direction also has its own key, so a frame reflected to its sender fails twice over; a
 * frame replayed, reordered or moved to another connection is checked against other associated
 * data (and, across connections, another key), so its tag fails.
 */
public final class AssociatedData {
    public static final int LENGTH = 42;
    public static final int BINDING_LENGTH = 32;

    private AssociatedData() {
    }

    public static byte[] of(int version, Direction direction, byte[] handshakeHash, long sequence) {
        if (handshakeHash.length != BINDING_LENGTH) {
            throw new IllegalArgumentException("the handshake hash is " + BINDING_LENGTH + " bytes");
        }
        byte[] ad = new byte[LENGTH];
        ad[0] = (byte) version;
        ad[1] = direction.code();
        System.arraycopy(handshakeHash, 0, ad, 2, handshakeHash.length);
        for (int i = 0; i < 8; i++) {
            ad[34 + i] = (byte) (sequence >>> (56 - 8 * i));
        }
        return ad;
    }
}
