package ccn.alerts.protocol;

/**
 * A frame long enough to be sealed whose AEAD tag did not verify. On the first frame of a
 * connection this almost always means the two sides hold different keys ({@link #isFirstFrame()}):
 * a corrupt frame of plausible length fails the same way, and AES-GCM cannot tell the two apart
 * (docs/PROTOCOL.md §3.2). Later it means the frame was tampered with, replayed, reordered,
 * reflected or moved from another connection.
 */
public final class DecryptionFailedException extends ProtocolException {
    private final long sequence;

    public DecryptionFailedException(long sequence, Throwable cause) {
        super(sequence == 0
                ? "first frame failed to decrypt: the peer uses a different encryption key (or sent a corrupt frame)"
                : "frame " + sequence + " failed to decrypt: tampered, replayed or out of order", cause);
        this.sequence = sequence;
    }

    /** The sequence number this frame was expected to carry. */
    public long sequence() {
        return sequence;
    }

    /** True when the very first frame failed, the signature of a wrong key. */
    public boolean isFirstFrame() {
        return sequence == 0;
    }
}
