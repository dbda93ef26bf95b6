package ccn.alerts.protocol;

import ccn.alerts.crypto.NoiseHandshake;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;

import javax.crypto.AEADBadTagException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Protocol 2's handshake between the preambles and the first sealed frame, without any I/O
 * (docs/PROTOCOL.md §4). It runs {@link NoiseHandshake} ({@code Noise_NKpsk0_25519_AESGCM_SHA256})
 * with the class key as the pre-shared key and the two preambles as the prologue, and carries its
 * two messages in ordinary length-prefixed frames, each starting with a type byte:
 *
 * <pre>
 *  client → server  INIT      0x01 | server key id (8) | Noise message 1: e (32), tag (16)   57 bytes
 *  server → client  RESPONSE  0x02 | Noise message 2: e (32), tag (16)                       49 bytes
 *               or  REJECT    0x03 | reason (1) | UTF-8 text (at most 200 bytes)
 * </pre>
 *
 * The key id (the first 8 bytes of SHA-256("CCN-ID2" || server public key)) lets the server tell
 * a key string for another server from a wrong class key. REJECT is not authenticated: a client
 * treats it as a reason to stop, never as proof of anything. After RESPONSE both sides build a
 * {@link FrameCipher} from Noise's Split(): one key per direction, frames bound to the handshake hash.
 */
public final class Handshake {
    public static final byte INIT = 0x01;
    public static final byte RESPONSE = 0x02;
    public static final byte REJECT = 0x03;
    public static final int INIT_LENGTH = 1 + SharedKey.KEY_ID_BYTES + NoiseHandshake.DH_LENGTH + NoiseHandshake.TAG_LENGTH;
    public static final int RESPONSE_LENGTH = 1 + NoiseHandshake.DH_LENGTH + NoiseHandshake.TAG_LENGTH;
    public static final int MAX_REJECT_TEXT = 200;
    /** REJECT reasons. */
    public static final int REJECT_OTHER_SERVER = 1;
    public static final int REJECT_CLASS_KEY = 2;
    public static final int REJECT_MALFORMED = 3;

    private static final HexFormat HEX = HexFormat.of();

    private Handshake() {
    }

    /** The Noise prologue: the client's preamble, then the server's. */
    static byte[] prologue() {
        byte[] p = Arrays.copyOf(Preamble.encode(), 2 * Preamble.LENGTH);
        System.arraycopy(Preamble.encode(), 0, p, Preamble.LENGTH, Preamble.LENGTH);
        return p;
    }

    /** The client's half: knows the class key and the server's public key from the key string. */
    public static final class Client {
        private final SharedKey key;
        private final NoiseHandshake noise;
        private final int maxFrameLength;

        public Client(SharedKey key, int maxFrameLength) {
            this(key, maxFrameLength, NoiseHandshake.newPrivateKey());
        }

        /** With a fixed ephemeral key: only for the worked example and tests. */
        public Client(SharedKey key, int maxFrameLength, byte[] ephemeralPrivate) {
            this.key = key;
            this.maxFrameLength = maxFrameLength;
            this.noise = NoiseHandshake.initiator(prologue(), key.classKey(), key.serverPublicKey(), ephemeralPrivate);
        }

        /** What the client sends at once: its preamble and the INIT frame. */
        public byte[] opening(FrameTap tap) {
            byte[] message = noise.writeMessage(new byte[0]);
            byte[] payload = new byte[INIT_LENGTH];
            payload[0] = INIT;
            System.arraycopy(key.serverKeyId(), 0, payload, 1, SharedKey.KEY_ID_BYTES);
            System.arraycopy(message, 0, payload, 1 + SharedKey.KEY_ID_BYTES, message.length);
            byte[] frame = frame(payload);
            FrameTap.show(tap, () -> FrameRecords.handshake(Direction.CLIENT_TO_SERVER, payload, "HANDSHAKE_INIT",
                    initDescription(noise.localEphemeral(), key.serverKeyId(), ""), null));
            byte[] out = Arrays.copyOf(Preamble.encode(), Preamble.LENGTH + frame.length);
            System.arraycopy(frame, 0, out, Preamble.LENGTH, frame.length);
            return out;
        }

        /**
         * Reads the server's answer (the payload of the frame after its preamble).
         *
         * @return the cipher for every frame from now on: the server has proven its identity
         * @throws HandshakeException REJECTED_* when the server refused us, IMPOSTOR when its
         *                            answer was not made with the private key our key string names
         */
        public FrameCipher finish(byte[] payload, FrameTap tap) throws HandshakeException {
            if (payload.length >= 2 && payload[0] == REJECT) {
                // Unauthenticated: shown, never trusted, and cleaned of control characters first.
                String text = new String(payload, 2, Math.min(payload.length - 2, MAX_REJECT_TEXT), StandardCharsets.UTF_8)
                        .replaceAll("\\p{Cntrl}", "?");
                HandshakeException e = switch (payload[1]) {
                    case REJECT_OTHER_SERVER -> new HandshakeException(HandshakeException.Reason.REJECTED_OTHER_SERVER,
                            "the server says the key string names another server: " + text);
                    case REJECT_CLASS_KEY -> new HandshakeException(HandshakeException.Reason.REJECTED_CLASS_KEY,
                            "the server refused the class key: " + text);
                    default -> new HandshakeException(HandshakeException.Reason.REJECTED,
                            "the server refused the handshake: " + text);
                };
                FrameTap.show(tap, () -> FrameRecords.handshake(Direction.SERVER_TO_CLIENT, payload, "HANDSHAKE_REJECT", null, e.getMessage()));
                throw e;
            }
            if (payload.length != RESPONSE_LENGTH || payload[0] != RESPONSE) {
                HandshakeException e = new HandshakeException(HandshakeException.Reason.MALFORMED,
                        "the server's handshake answer is malformed (" + payload.length + " bytes, type "
                                + typeOf(payload) + ")");
                FrameTap.show(tap, () -> FrameRecords.handshake(Direction.SERVER_TO_CLIENT, payload, null, null, e.getMessage()));
                throw e;
            }
            try {
                noise.readMessage(Arrays.copyOfRange(payload, 1, payload.length));
            } catch (AEADBadTagException | IllegalArgumentException bad) {
                HandshakeException e = new HandshakeException(HandshakeException.Reason.IMPOSTOR,
                        "the server did not prove it holds the private key of the server your key string names");
                FrameTap.show(tap, () -> FrameRecords.handshake(Direction.SERVER_TO_CLIENT, payload, "HANDSHAKE_RESPONSE", null, e.getMessage()));
                throw e;
            }
            NoiseHandshake.Split split = noise.split();
            FrameTap.show(tap, () -> FrameRecords.handshake(Direction.SERVER_TO_CLIENT, payload, "HANDSHAKE_RESPONSE",
                    responseDescription(noise.remoteEphemeral(), split.handshakeHash()), null));
            return new FrameCipher(Direction.CLIENT_TO_SERVER, split.initiatorToResponder().key(),
                    split.responderToInitiator().key(), split.handshakeHash(), maxFrameLength);
        }
    }

    /**
     * What the server makes of an INIT frame.
     *
     * @param frame   the frame to send back, header included: RESPONSE or REJECT
     * @param cipher  the connection's cipher on success, else null
     * @param failure why the client was refused, else null
     */
    public record Outcome(byte[] frame, FrameCipher cipher, HandshakeException failure) {
    }

    /** The server's half: holds the class key and the identity's private key. */
    public static final class Server {
        private final ServerKeys keys;
        private final byte[] ephemeralPrivate;
        private final int maxFrameLength;

        public Server(ServerKeys keys, int maxFrameLength) {
            this(keys, maxFrameLength, NoiseHandshake.newPrivateKey());
        }

        /** With a fixed ephemeral key: only for the worked example and tests. */
        public Server(ServerKeys keys, int maxFrameLength, byte[] ephemeralPrivate) {
            this.keys = keys;
            this.maxFrameLength = maxFrameLength;
            this.ephemeralPrivate = ephemeralPrivate.clone();
        }

        /** What the server sends at once: its preamble. */
        public byte[] opening() {
            return Preamble.encode();
        }

        /** Answers the client's INIT frame (its payload, header removed). */
        public Outcome respond(byte[] payload, FrameTap tap) {
            if (payload.length != INIT_LENGTH || payload[0] != INIT) {
                return refuse(payload, tap, REJECT_MALFORMED, HandshakeException.Reason.MALFORMED,
                        "expected a " + INIT_LENGTH + "-byte handshake INIT, got " + payload.length + " bytes of type " + typeOf(payload),
                        "malformed handshake");
            }
            byte[] keyId = Arrays.copyOfRange(payload, 1, 1 + SharedKey.KEY_ID_BYTES);
            byte[] ownId = keys.sharedKey().serverKeyId();
            if (!MessageDigest.isEqual(keyId, ownId)) {
                return refuse(payload, tap, REJECT_OTHER_SERVER, HandshakeException.Reason.OTHER_SERVER,
                        "its key string names another server (key id " + HEX.formatHex(keyId) + "; this server's is "
                                + HEX.formatHex(ownId) + "): an old key string, or one for another classroom",
                        "your key string names another server");
            }
            NoiseHandshake noise = NoiseHandshake.responder(prologue(), keys.classKey(), keys.identityPrivateKey(),
                    keys.publicKey(), ephemeralPrivate);
            try {
                noise.readMessage(Arrays.copyOfRange(payload, 1 + SharedKey.KEY_ID_BYTES, payload.length));
            } catch (AEADBadTagException | IllegalArgumentException e) {
                return refuse(payload, tap, REJECT_CLASS_KEY, HandshakeException.Reason.WRONG_CLASS_KEY,
                        "wrong class key (its handshake message does not open with this server's class key)",
                        "wrong class key");
            }
            FrameTap.show(tap, () -> FrameRecords.handshake(Direction.CLIENT_TO_SERVER, payload, "HANDSHAKE_INIT",
                    initDescription(noise.remoteEphemeral(), keyId, ",\"classKey\":\"right\""), null));
            byte[] message = noise.writeMessage(new byte[0]);
            byte[] answer = new byte[RESPONSE_LENGTH];
            answer[0] = RESPONSE;
            System.arraycopy(message, 0, answer, 1, message.length);
            NoiseHandshake.Split split = noise.split();
            FrameTap.show(tap, () -> FrameRecords.handshake(Direction.SERVER_TO_CLIENT, answer, "HANDSHAKE_RESPONSE",
                    responseDescription(noise.localEphemeral(), split.handshakeHash()), null));
            FrameCipher cipher = new FrameCipher(Direction.SERVER_TO_CLIENT, split.responderToInitiator().key(),
                    split.initiatorToResponder().key(), split.handshakeHash(), maxFrameLength);
            return new Outcome(frame(answer), cipher, null);
        }

        private Outcome refuse(byte[] payload, FrameTap tap, int code, HandshakeException.Reason reason, String why,
                               String tell) {
            HandshakeException e = new HandshakeException(reason, why);
            FrameTap.show(tap, () -> FrameRecords.handshake(Direction.CLIENT_TO_SERVER, payload, "HANDSHAKE_INIT", null, why));
            byte[] text = tell.getBytes(StandardCharsets.UTF_8);
            byte[] answer = new byte[2 + text.length];
            answer[0] = REJECT;
            answer[1] = (byte) code;
            System.arraycopy(text, 0, answer, 2, text.length);
            FrameTap.show(tap, () -> FrameRecords.handshake(Direction.SERVER_TO_CLIENT, answer, "HANDSHAKE_REJECT", null, tell));
            return new Outcome(frame(answer), null, e);
        }
    }

    /** What the inspector shows of an INIT: public values only. */
    private static String initDescription(byte[] clientEphemeral, byte[] keyId, String more) {
        return "{\"noise\":\"" + NoiseHandshake.PROTOCOL_NAME + "\",\"clientEphemeral\":\"" + HEX.formatHex(clientEphemeral)
                + "\",\"serverKeyId\":\"" + HEX.formatHex(keyId) + "\"" + more + "}";
    }

    /** What the inspector shows of a RESPONSE that verified. */
    private static String responseDescription(byte[] serverEphemeral, byte[] handshakeHash) {
        return "{\"serverEphemeral\":\"" + HEX.formatHex(serverEphemeral) + "\",\"serverIdentity\":\"proven\","
                + "\"handshakeHash\":\"" + HEX.formatHex(handshakeHash) + "\"}";
    }

    /** The type byte as 0x.. hex; frames are never empty, but be safe. */
    private static String typeOf(byte[] payload) {
        return payload.length == 0 ? "none" : String.format("0x%02x", payload[0] & 0xFF);
    }

    private static byte[] frame(byte[] payload) {
        try {
            return FrameEncoder.encode(payload, Integer.MAX_VALUE);
        } catch (FrameTooLongException e) {
            throw new IllegalStateException(e);
        }
    }
}
