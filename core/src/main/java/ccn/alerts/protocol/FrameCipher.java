package ccn.alerts.protocol;

import ccn.alerts.crypto.SharedKey;
import com.google.crypto.tink.Aead;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The cryptography of one connection, without any I/O: seals outgoing JSON into whole frames and
 * opens incoming payloads, each with the {@link AssociatedData} of this connection, its direction
 * and the next sequence number in that direction. A frame replayed, reordered, reflected or moved
 * from another connection is therefore checked against other associated data and fails.
 *
 * <p>Both sides use it: the server's non-blocking connections and the client's blocking
 * {@link SecureChannel}. The caller must put sealed frames on the wire in the order it sealed them,
 * and open received payloads in the order they arrived.
 *
 * <p>Thread-safety: not thread-safe. {@link #seal} and {@link #open} may be called by two different
 * threads (they share no state), but each by one thread at a time.
 */
public final class FrameCipher {
    /**
     * The shortest payload that can be a sealed frame: nonce and tag around an empty ciphertext.
     * SharedKey's AEAD has no Tink output prefix (variant NO_PREFIX), else 5 more bytes.
     */
    public static final int MIN_PAYLOAD_LENGTH = SharedKey.NONCE_BYTES + SharedKey.TAG_BYTES;

    private final Direction outbound;
    private final Aead aead;
    private final byte[] connectionId;
    private final int maxFrameLength;
    private long sendSequence;
    private long receiveSequence;

    /**
     * @param outbound     the direction of frames this side seals
     * @param connectionId client nonce || server nonce, from the preambles
     */
    public FrameCipher(Direction outbound, SharedKey key, byte[] connectionId, int maxFrameLength) {
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.aead = Objects.requireNonNull(key, "key").aead();
        if (connectionId.length != Preamble.CONNECTION_ID_LENGTH) {
            throw new IllegalArgumentException("connection id must be " + Preamble.CONNECTION_ID_LENGTH + " bytes");
        }
        this.connectionId = connectionId.clone();
        this.maxFrameLength = maxFrameLength;
    }

    /** The connection id both preambles make: the client's nonce first, then the server's. */
    public static byte[] connectionId(Direction outbound, byte[] ownNonce, byte[] peerNonce) {
        byte[] clientNonce = outbound == Direction.CLIENT_TO_SERVER ? ownNonce : peerNonce;
        byte[] serverNonce = outbound == Direction.CLIENT_TO_SERVER ? peerNonce : ownNonce;
        byte[] id = new byte[Preamble.CONNECTION_ID_LENGTH];
        System.arraycopy(clientNonce, 0, id, 0, Preamble.NONCE_LENGTH);
        System.arraycopy(serverNonce, 0, id, Preamble.NONCE_LENGTH, Preamble.NONCE_LENGTH);
        return id;
    }

    /** Encrypts one encoded message into the next frame, length header included. */
    public byte[] seal(byte[] json) throws FrameTooLongException {
        byte[] ciphertext;
        try {
            ciphertext = aead.encrypt(json, AssociatedData.of(Preamble.VERSION, outbound, connectionId, sendSequence));
        } catch (GeneralSecurityException e) {
            // AES-GCM encryption of a bounded message cannot fail with a valid key.
            throw new IllegalStateException("encryption failed", e);
        }
        byte[] frame = FrameEncoder.encode(ciphertext, maxFrameLength);
        sendSequence++;
        return frame;
    }

    /**
     * Decrypts one frame's payload (header removed) into the JSON it carries.
     *
     * @throws CorruptedFrameException when the payload is shorter than {@link #MIN_PAYLOAD_LENGTH}:
     *                                  no key could have sealed it, so it must not read as a wrong key
     * @throws DecryptionFailedException when the tag does not verify (wrong key on the first frame;
     *                                   tampered, replayed, reordered or reflected later)
     */
    public byte[] open(byte[] payload) throws ProtocolException {
        if (payload.length < MIN_PAYLOAD_LENGTH) {
            throw new CorruptedFrameException("frame payload of " + payload.length
                    + " bytes is shorter than the " + MIN_PAYLOAD_LENGTH + "-byte minimum (nonce + tag)");
        }
        byte[] ad = AssociatedData.of(Preamble.VERSION, outbound.reverse(), connectionId, receiveSequence);
        try {
            byte[] json = aead.decrypt(payload, ad);
            receiveSequence++;
            return json;
        } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException(receiveSequence, e);
        }
    }

    /**
     * Seals like {@link #seal(byte[])} and shows the frame to {@code tap} (null: nobody watches)
     * before the caller writes it: once on the wire, the answer could be seen first.
     */
    public byte[] seal(byte[] json, FrameTap tap) throws FrameTooLongException {
        long sequence = sendSequence;
        byte[] frame = seal(json);
        if (tap != null) {
            show(tap, () -> FrameRecords.sent(outbound, sequence, frame, json));
        }
        return frame;
    }

    /**
     * Opens a payload and decodes the message it carries, showing the frame to {@code tap} (null:
     * nobody watches) whether it was accepted or refused.
     *
     * @throws ProtocolException when it is corrupt, fails to decrypt or is not a valid message
     */
    public Message openMessage(byte[] payload, FrameTap tap) throws ProtocolException {
        Direction from = outbound.reverse();
        long sequence = receiveSequence;
        byte[] json;
        try {
            json = open(payload);
        } catch (ProtocolException e) {
            if (tap != null) {
                show(tap, () -> FrameRecords.received(from, sequence, payload, null, null, e.getMessage()));
            }
            throw e;
        }
        try {
            Message message = MessageCodec.decode(json);
            if (tap != null) {
                show(tap, () -> FrameRecords.received(from, sequence, payload, json, message, null));
            }
            return message;
        } catch (MalformedMessageException e) {
            if (tap != null) {
                show(tap, () -> FrameRecords.received(from, sequence, payload, json, null, e.getMessage()));
            }
            throw e;
        }
    }

    /** The inspector is a spectator: whatever it does wrong must not break the connection. */
    private static void show(FrameTap tap, java.util.function.Supplier<FrameRecord> frame) {
        try {
            tap.frame(frame.get());
        } catch (RuntimeException ignored) {
            // a broken view loses one row, the connection loses nothing
        }
    }

    /** Frames opened so far; 0 means the peer's key is not yet proven. */
    public long framesReceived() {
        return receiveSequence;
    }

    public Direction outbound() {
        return outbound;
    }

    public int maxFrameLength() {
        return maxFrameLength;
    }

    /** The connection id as hex, for diagnostics; not secret. */
    public String connectionIdHex() {
        return HexFormat.of().formatHex(connectionId);
    }
}
