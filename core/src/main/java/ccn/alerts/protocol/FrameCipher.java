package ccn.alerts.protocol;

import ccn.alerts.crypto.AesGcm;
import com.google.crypto.tink.Aead;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The cryptography of one connection after its {@link Handshake}, without any I/O: seals outgoing
 * JSON into whole frames with this direction's key and opens incoming payloads with the other's,
 * each with the {@link AssociatedData} of this connection (its handshake hash), its direction and
 * the next sequence number in that direction. A frame replayed, reordered, reflected or moved from
 * another connection is therefore checked against another key or other associated data, and fails.
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
     * The AEAD has no Tink output prefix (variant NO_PREFIX), else 5 more bytes.
     */
    public static final int MIN_PAYLOAD_LENGTH = AesGcm.NONCE_BYTES + AesGcm.TAG_BYTES;

    private final Direction outbound;
    private final Aead sealing;
    private final Aead opening;
    private final byte[] handshakeHash;
    /**
     * The largest payload this side seals, whatever it accepts: what every protocol 2 peer must
     * accept (docs/PROTOCOL.md §3.1), so that a low {@code --max-frame-bytes}, which bounds what the
     * server reads, cannot make its own alerts unsendable.
     */
    public static final int MAX_SEALED_LENGTH = FrameAssembler.DEFAULT_MAX_FRAME_LENGTH;

    private final int maxFrameLength;
    private long sendSequence;
    private long receiveSequence;

    /**
     * @param outbound      the direction of frames this side seals
     * @param sendKey       the key of that direction, from the handshake's Split()
     * @param receiveKey    the key of the other direction
     * @param handshakeHash the handshake's final hash, which every frame's associated data carries
     */
    public FrameCipher(Direction outbound, byte[] sendKey, byte[] receiveKey, byte[] handshakeHash, int maxFrameLength) {
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.sealing = AesGcm.aead(sendKey);
        this.opening = AesGcm.aead(receiveKey);
        if (handshakeHash.length != AssociatedData.BINDING_LENGTH) {
            throw new IllegalArgumentException("the handshake hash is " + AssociatedData.BINDING_LENGTH + " bytes");
        }
        this.handshakeHash = handshakeHash.clone();
        this.maxFrameLength = maxFrameLength;
    }

    /** Encrypts one encoded message into the next frame, length header included. */
    public byte[] seal(byte[] json) throws FrameTooLongException {
        byte[] ciphertext;
        try {
            ciphertext = sealing.encrypt(json, AssociatedData.of(Preamble.VERSION, outbound, handshakeHash, sendSequence));
        } catch (GeneralSecurityException e) {
            // AES-GCM encryption of a bounded message cannot fail with a valid key.
            throw new IllegalStateException("encryption failed", e);
        }
        byte[] frame = FrameEncoder.encode(ciphertext, MAX_SEALED_LENGTH);
        sendSequence++;
        return frame;
    }

    /**
     * Decrypts one frame's payload (header removed) into the JSON it carries.
     *
     * @throws CorruptedFrameException when the payload is shorter than {@link #MIN_PAYLOAD_LENGTH}:
     *                                  no key could have sealed it, so it must not read as a wrong key
     * @throws DecryptionFailedException when the tag does not verify: tampered, replayed,
     *                                   reordered, reflected or from another connection
     */
    public byte[] open(byte[] payload) throws ProtocolException {
        if (payload.length < MIN_PAYLOAD_LENGTH) {
            throw new CorruptedFrameException("frame payload of " + payload.length
                    + " bytes is shorter than the " + MIN_PAYLOAD_LENGTH + "-byte minimum (nonce + tag)");
        }
        byte[] ad = AssociatedData.of(Preamble.VERSION, outbound.reverse(), handshakeHash, receiveSequence);
        try {
            byte[] json = opening.decrypt(payload, ad);
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
        FrameTap.show(tap, () -> FrameRecords.sent(outbound, sequence, frame, json));
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
            FrameTap.show(tap, () -> FrameRecords.received(from, sequence, payload, null, null, e.getMessage()));
            throw e;
        }
        try {
            Message message = MessageCodec.decode(json);
            FrameTap.show(tap, () -> FrameRecords.received(from, sequence, payload, json, message, null));
            return message;
        } catch (MalformedMessageException e) {
            FrameTap.show(tap, () -> FrameRecords.received(from, sequence, payload, json, null, e.getMessage()));
            throw e;
        }
    }

    /** Frames opened so far. */
    public long framesReceived() {
        return receiveSequence;
    }

    public Direction outbound() {
        return outbound;
    }

    public int maxFrameLength() {
        return maxFrameLength;
    }

    /** The handshake hash as hex, for diagnostics and the wire inspector; not secret. */
    public String handshakeHashHex() {
        return HexFormat.of().formatHex(handshakeHash);
    }
}
