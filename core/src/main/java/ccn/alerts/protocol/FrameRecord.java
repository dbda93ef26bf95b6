package ccn.alerts.protocol;

import java.time.Instant;

/**
 * One frame as the wire inspector shows it: what crossed the network (its length and the start of
 * the ciphertext) beside what it meant (the decrypted JSON), or why it meant nothing.
 *
 * @param time        when it was written or read
 * @param direction   which way it travelled
 * @param sequence    its sequence number in that direction; -1 for a handshake frame
 * @param frameLength bytes on the wire, the 4-byte length prefix included
 * @param cipherHex   the first bytes of the payload (GCM nonce, then ciphertext) as hex
 * @param type        the message type, e.g. {@code ALERT}; null when it did not decrypt or parse
 * @param json        the decrypted JSON; null when it did not decrypt. A LOGIN's password is masked
 * @param error       why the frame was rejected, or null
 */
public record FrameRecord(Instant time, Direction direction, long sequence, int frameLength, String cipherHex,
                          String type, String json, String error) {
    /** Payload bytes shown as hex: enough to see that it is noise, not so many that it floods. */
    public static final int PREVIEW_BYTES = 32;

    /** A frame of the handshake, before the first sealed frame: its "json" describes its keys. */
    public boolean handshake() {
        return sequence < 0;
    }

    public boolean failed() {
        return error != null;
    }
}
