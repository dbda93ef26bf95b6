package ccn.alerts.protocol;

/**
 * A sealed frame long enough to be one whose AEAD tag did not verify. The keys come from the
 * handshake, so both sides hold the same ones: the frame was corrupted, tampered with, replayed,
 * reordered, reflected or moved from another connection (docs/PROTOCOL.md §3.3). A wrong class
 * key or server shows in the handshake instead ({@link HandshakeException}).
 */
public final class DecryptionFailedException extends ProtocolException {
    private final long sequence;

    public DecryptionFailedException(long sequence, Throwable cause) {
        super("frame " + sequence + " failed to decrypt: corrupted, tampered, replayed or out of order", cause);
        this.sequence = sequence;
    }

    /** The sequence number this frame was expected to carry. */
    public long sequence() {
        return sequence;
    }

}
