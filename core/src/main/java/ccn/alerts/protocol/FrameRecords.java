package ccn.alerts.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Builds the wire inspector's {@link FrameRecord}s. A LOGIN's password is masked, and a message
 * that did not parse is not shown at all (it might be a broken LOGIN). Stateless, thread-safe.
 */
public final class FrameRecords {
    private FrameRecords() {
    }

    /** A frame this side sealed. */
    public static FrameRecord sent(Direction direction, long sequence, byte[] frame, byte[] json) {
        byte[] payload = java.util.Arrays.copyOfRange(frame, FrameDecoder.HEADER_LENGTH,
                Math.min(frame.length, FrameDecoder.HEADER_LENGTH + FrameRecord.PREVIEW_BYTES));
        return record(direction, sequence, frame.length, payload, json, null, null);
    }

    /** A frame received; {@code json} is null when it failed to decrypt, {@code error} says why it was refused. */
    public static FrameRecord received(Direction direction, long sequence, byte[] payload, byte[] json,
                                       Message decoded, String error) {
        return record(direction, sequence, payload.length + FrameDecoder.HEADER_LENGTH, payload, json, decoded, error);
    }

    /**
     * A handshake frame (sequence -1: it is not sealed with a frame key): {@code description} is a
     * small JSON object of what it carried (ephemeral keys, the handshake hash; never a secret).
     */
    public static FrameRecord handshake(Direction direction, byte[] payload, String type, String description,
                                        String error) {
        String cipherHex = HexFormat.of().formatHex(payload, 0, Math.min(payload.length, FrameRecord.PREVIEW_BYTES));
        return new FrameRecord(Instant.now(), direction, -1, payload.length + FrameDecoder.HEADER_LENGTH, cipherHex,
                type, description, error);
    }

    private static FrameRecord record(Direction direction, long sequence, int frameLength, byte[] payload,
                                      byte[] json, Message decoded, String error) {
        String cipherHex = HexFormat.of().formatHex(payload, 0, Math.min(payload.length, FrameRecord.PREVIEW_BYTES));
        String type = null;
        String text = null;
        if (json != null) {
            Message message = decoded;
            if (message == null && error == null) {
                try {
                    message = MessageCodec.decode(json);
                } catch (MalformedMessageException e) {
                    error = e.getMessage();
                }
            }
            type = message == null ? null : MessageCodec.typeName(message);
            text = message == null ? null : message instanceof Message.Login login
                    // The inspector shows the class what crosses the wire, but never a password.
                    ? new String(MessageCodec.encode(new Message.Login(login.username(), "********")), StandardCharsets.UTF_8)
                    : new String(json, StandardCharsets.UTF_8);
        }
        return new FrameRecord(Instant.now(), direction, sequence, frameLength, cipherHex, type, text, error);
    }
}
