package ccn.alerts.protocol;

import ccn.alerts.client.AlertClient;
import ccn.alerts.crypto.NoiseHandshake;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.Message.ClientHello;
import ccn.alerts.protocol.Message.ServerHello;
import ccn.alerts.server.AlertServer;
import com.google.crypto.tink.subtle.X25519;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the worked example of docs/PROTOCOL.md §7 true: every value is read from the document
 * itself and checked against the real code (key string, handshake, frame ciphers, streams), and
 * the §4.4 trace is recomputed from the standard primitives (the JDK's HMAC-SHA-256, SHA-256 and
 * AES-GCM, Tink's X25519) as an implementation written from the document would. A value changed
 * in the document, or a change of the wire in the code, fails here.
 */
class ProtocolDocTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Path DOC = Path.of("..", "docs", "PROTOCOL.md");
    private static final int MAX = FrameAssembler.DEFAULT_MAX_FRAME_LENGTH;
    /** {@code label : value} inside a code block; the label as the document writes it. */
    private static final Pattern ENTRY = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9 |()'-]*?)\\s*: (\\S.*)$");
    /** A wrapped hex value goes on, indented, on the next lines. */
    private static final Pattern CONTINUATION = Pattern.compile("^\\s{4,}([0-9a-f][0-9a-f ]*)$");

    private static String text;
    private static Map<String, String> example;

    @BeforeAll
    static void readWorkedExample() throws IOException {
        text = Files.readString(DOC, StandardCharsets.UTF_8);
        int start = text.indexOf("## 7. Worked example");
        assertTrue(start >= 0, "PROTOCOL.md has a worked example section");
        example = new LinkedHashMap<>();
        boolean inBlock = false;
        String last = null;
        for (String line : text.substring(start).split("\n")) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                last = null;
                continue;
            }
            if (!inBlock) {
                continue;
            }
            Matcher more = CONTINUATION.matcher(line);
            Matcher entry = ENTRY.matcher(line);
            if (last != null && more.matches()) {
                example.merge(last, more.group(1), String::concat);
            } else if (entry.matches()) {
                last = entry.group(1).trim();
                String previous = example.put(last, entry.group(2));
                assertNull(previous, "PROTOCOL.md §7 gives '" + last + "' twice");
            } else {
                assertTrue(line.isBlank(), "PROTOCOL.md §7: a line that is neither 'label : value' nor its continuation: " + line);
                last = null;
            }
        }
    }

    // ------------------------------------------------------------------ keys (§4.1)

    @Test
    void keyStringParsesToTheDocumentsKeysAndFingerprint() throws Exception {
        SharedKey parsed = SharedKey.parse(value("key string"));

        assertArrayEquals(hex("class key"), parsed.classKey());
        assertArrayEquals(hex("server public key"), parsed.serverPublicKey());
        assertEquals(value("fingerprint"), parsed.fingerprint());
        assertArrayEquals(hex("key id"), parsed.serverKeyId());
        assertEquals(93, value("key string").length());
    }

    @Test
    void serverKeysFromTheDocumentsSecretsGiveTheDocumentsKeyString() {
        ServerKeys keys = serverKeys();

        assertArrayEquals(hex("server public key"), NoiseHandshake.publicKey(hex("server private key")));
        assertArrayEquals(hex("server public key"), keys.publicKey());
        assertEquals(value("key string"), keys.sharedKey().asText());
        assertEquals(value("fingerprint"), keys.sharedKey().fingerprint());
        assertArrayEquals(hex("key id"), SharedKey.keyId(hex("server public key")));
    }

    @Test
    void keyStringFingerprintAndKeyIdFollowTheirFormulas() throws Exception {
        byte[] classKey = hex("class key");
        byte[] serverPublic = hex("server public key");
        byte[] body = concat(classKey, serverPublic);
        byte[] checksum = Arrays.copyOf(sha256(body), 2);
        String fp = HexFormat.of().withUpperCase().formatHex(sha256(concat(ascii("CCN-FP2"), body)), 0, 16);

        assertEquals("ccn2-" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(concat(body, checksum)),
                value("key string"));
        assertEquals(String.join("-", fp.split("(?<=\\G.{4})")), value("fingerprint"));
        assertArrayEquals(Arrays.copyOf(sha256(concat(ascii("CCN-ID2"), serverPublic)), 8), hex("key id"));
    }

    // ------------------------------------------------------------------ handshake (§4.3, §4.4)

    @Test
    void preambleAndPrologueAreTheDocuments() {
        assertArrayEquals(hex("preamble"), Preamble.encode());
        assertArrayEquals(hex("prologue"), Handshake.prologue());
        assertArrayEquals(concat(hex("preamble"), hex("preamble")), hex("prologue"));
    }

    @Test
    void realClientWritesTheDocumentsPreambleAndInitFrame() {
        Handshake.Client client = new Handshake.Client(sharedKey(), MAX, hex("client ephemeral private"));

        byte[] opening = client.opening(null);

        assertEquals(32, hex("client ephemeral public").length);
        assertArrayEquals(hex("client ephemeral public"), NoiseHandshake.publicKey(hex("client ephemeral private")));
        assertArrayEquals(concat(hex("preamble"), hex("INIT frame")), opening);
        assertEquals(4 + 4 + Handshake.INIT_LENGTH, opening.length);
    }

    @Test
    void realServerAnswersTheDocumentsInitWithTheDocumentsResponse() {
        Handshake.Server server = new Handshake.Server(serverKeys(), MAX, hex("server ephemeral private"));

        Handshake.Outcome outcome = server.respond(payloadOf(hex("INIT frame")), null);

        assertNull(outcome.failure(), () -> String.valueOf(outcome.failure()));
        assertArrayEquals(hex("server ephemeral public"), NoiseHandshake.publicKey(hex("server ephemeral private")));
        assertArrayEquals(hex("RESPONSE frame"), outcome.frame());
        assertEquals(value("handshake hash"), outcome.cipher().handshakeHashHex());
    }

    @Test
    void realClientAcceptsTheDocumentsResponseAndDerivesTheDocumentsHash() throws Exception {
        Handshake.Client client = new Handshake.Client(sharedKey(), MAX, hex("client ephemeral private"));
        client.opening(null);

        FrameCipher cipher = client.finish(payloadOf(hex("RESPONSE frame")), null);

        assertEquals(value("handshake hash"), cipher.handshakeHashHex());
        assertEquals(value("handshake hash"), value("h after message 2"));
    }

    @Test
    void noiseSplitGivesTheDocumentsKeysAndHash() throws Exception {
        NoiseHandshake initiator = NoiseHandshake.initiator(hex("prologue"), hex("class key"), hex("server public key"),
                hex("client ephemeral private"));
        NoiseHandshake responder = NoiseHandshake.responder(hex("prologue"), hex("class key"), hex("server private key"),
                hex("server ephemeral private"));

        byte[] message1 = initiator.writeMessage(new byte[0]);
        assertArrayEquals(hex("h after message 1"), initiator.handshakeHash());
        assertArrayEquals(new byte[0], responder.readMessage(message1));
        byte[] message2 = responder.writeMessage(new byte[0]);
        assertArrayEquals(new byte[0], initiator.readMessage(message2));
        NoiseHandshake.Split client = initiator.split();
        NoiseHandshake.Split server = responder.split();

        assertArrayEquals(Arrays.copyOfRange(hex("INIT frame"), 4 + 1 + 8, 4 + 57), message1);
        assertArrayEquals(Arrays.copyOfRange(hex("RESPONSE frame"), 4 + 1, 4 + 49), message2);
        assertArrayEquals(hex("k1 (client to server)"), client.initiatorToResponder().key());
        assertArrayEquals(hex("k2 (server to client)"), client.responderToInitiator().key());
        assertArrayEquals(hex("k1 (client to server)"), server.initiatorToResponder().key());
        assertArrayEquals(hex("k2 (server to client)"), server.responderToInitiator().key());
        assertArrayEquals(hex("handshake hash"), client.handshakeHash());
        assertArrayEquals(hex("handshake hash"), server.handshakeHash());
    }

    /** §4.4 as the document writes it, from the standard primitives only, step by step. */
    @Test
    void traceOfSection44IsWhatTheStandardPrimitivesGive() throws Exception {
        Trace t = new Trace();
        byte[] name = ascii(NoiseHandshake.PROTOCOL_NAME);
        assertEquals(32, name.length, "the protocol name is used as is");
        t.h = name;
        t.ck = name;
        check("initial h and ck", t.h);
        t.mixHash(hex("prologue"));
        check("h after prologue", t.h);
        t.mixHash(hex("server public key"));
        check("h after s", t.h);

        t.mixKeyAndHash(hex("class key"));
        check("ck after psk", t.ck);
        check("h after psk", t.h);
        byte[] e = hex("client ephemeral public");
        t.mixHash(e);
        t.mixKey(e);
        check("h after e (message 1)", t.h);
        check("ck after e (message 1)", t.ck);
        byte[] es = X25519.computeSharedSecret(hex("client ephemeral private"), hex("server public key"));
        assertArrayEquals(es, X25519.computeSharedSecret(hex("server private key"), e), "es is the same on both sides");
        check("es", es);
        t.mixKey(es);
        check("ck after es", t.ck);
        check("k after es", t.k);
        byte[] tag1 = t.encryptAndHash(new byte[0]);
        assertArrayEquals(Arrays.copyOfRange(hex("INIT frame"), 4 + 41, 4 + 57), tag1, "INIT ends with the tag of message 1");
        check("h after message 1", t.h);

        byte[] re = hex("server ephemeral public");
        t.mixHash(re);
        t.mixKey(re);
        check("h after e (message 2)", t.h);
        check("ck after e (message 2)", t.ck);
        byte[] ee = X25519.computeSharedSecret(hex("client ephemeral private"), re);
        assertArrayEquals(ee, X25519.computeSharedSecret(hex("server ephemeral private"), e), "ee is the same on both sides");
        check("ee", ee);
        t.mixKey(ee);
        check("ck after ee", t.ck);
        check("k after ee", t.k);
        byte[] tag2 = t.encryptAndHash(new byte[0]);
        assertArrayEquals(Arrays.copyOfRange(hex("RESPONSE frame"), 4 + 33, 4 + 49), tag2, "RESPONSE ends with the tag of message 2");
        check("h after message 2", t.h);

        byte[][] split = Trace.hkdf(t.ck, new byte[0], 2);
        check("k1 (client to server)", split[0]);
        check("k2 (server to client)", split[1]);
        check("handshake hash", t.h);
    }

    // ------------------------------------------------------------------ sealed frames (§3.3)

    @Test
    void associatedDataAndPlaintextsAreTheCodes() {
        byte[] h = hex("handshake hash");

        assertArrayEquals(hex("HELLO associated data"), AssociatedData.of(Preamble.VERSION, Direction.CLIENT_TO_SERVER, h, 0));
        assertArrayEquals(hex("WELCOME associated data"), AssociatedData.of(Preamble.VERSION, Direction.SERVER_TO_CLIENT, h, 0));
        assertEquals(value("HELLO plaintext"), utf8(MessageCodec.encode(new ClientHello(AlertClient.AGENT))));
        assertEquals(value("WELCOME plaintext"), utf8(MessageCodec.encode(new ServerHello(AlertServer.AGENT, 10, 10))));
    }

    @Test
    void sealedFramesAreStandardAesGcmWithTheDocumentsNonces() throws Exception {
        byte[] hello = aesGcm(hex("k1 (client to server)"), hex("HELLO nonce"), hex("HELLO associated data"), value("HELLO plaintext"));
        byte[] welcome = aesGcm(hex("k2 (server to client)"), hex("WELCOME nonce"), hex("WELCOME associated data"),
                value("WELCOME plaintext"));

        assertArrayEquals(hex("HELLO ciphertext || tag"), hello);
        assertArrayEquals(hex("HELLO frame"), FrameEncoder.encode(concat(hex("HELLO nonce"), hello), MAX));
        assertArrayEquals(hex("WELCOME frame"), FrameEncoder.encode(concat(hex("WELCOME nonce"), welcome), MAX));
    }

    @Test
    void realCiphersOpenTheDocumentsFirstFrames() throws Exception {
        FrameCipher server = new Handshake.Server(serverKeys(), MAX, hex("server ephemeral private"))
                .respond(payloadOf(hex("INIT frame")), null).cipher();
        Handshake.Client handshake = new Handshake.Client(sharedKey(), MAX, hex("client ephemeral private"));
        handshake.opening(null);
        FrameCipher client = handshake.finish(payloadOf(hex("RESPONSE frame")), null);

        assertEquals(new ClientHello(AlertClient.AGENT), server.openMessage(payloadOf(hex("HELLO frame")), null));
        assertEquals(new ServerHello(AlertServer.AGENT, 10, 10), client.openMessage(payloadOf(hex("WELCOME frame")), null));
    }

    @Test
    void aFrameWithOneBitChangedDoesNotOpen() {
        FrameCipher server = new Handshake.Server(serverKeys(), MAX, hex("server ephemeral private"))
                .respond(payloadOf(hex("INIT frame")), null).cipher();
        byte[] payload = payloadOf(hex("HELLO frame"));
        payload[payload.length - 1] ^= 1;

        assertThrows(DecryptionFailedException.class, () -> server.open(payload));
    }

    /** The whole conversation's first bytes, through the blocking channels the client and test tools use. */
    @Test
    void channelsOverStreamsExchangeExactlyTheDocumentsBytes() throws IOException {
        byte[] fromClient = concat(concat(hex("preamble"), hex("INIT frame")), hex("HELLO frame"));
        ByteArrayOutputStream serverWrote = new ByteArrayOutputStream();
        SecureChannel server = SecureChannel.server(new ByteArrayInputStream(fromClient), serverWrote, () -> { },
                new Handshake.Server(serverKeys(), MAX, hex("server ephemeral private")), MAX);

        assertEquals(new ClientHello(AlertClient.AGENT), server.receive());
        assertArrayEquals(concat(hex("preamble"), hex("RESPONSE frame")), serverWrote.toByteArray());

        byte[] fromServer = concat(concat(hex("preamble"), hex("RESPONSE frame")), hex("WELCOME frame"));
        ByteArrayOutputStream clientWrote = new ByteArrayOutputStream();
        SecureChannel client = SecureChannel.client(new ByteArrayInputStream(fromServer), clientWrote, () -> { },
                new Handshake.Client(sharedKey(), MAX, hex("client ephemeral private")), MAX, null);

        assertEquals(new ServerHello(AlertServer.AGENT, 10, 10), client.receive());
        assertArrayEquals(concat(hex("preamble"), hex("INIT frame")), clientWrote.toByteArray());
        assertEquals(value("handshake hash"), client.handshakeHash());
    }

    // ------------------------------------------------------------------ messages (§5)

    @Test
    void everyExampleMessageOfSection5IsValidAndTheyCoverEveryType() throws Exception {
        int start = text.indexOf("```json", text.indexOf("Examples (one per type)"));
        assertTrue(start >= 0, "PROTOCOL.md §5 has its examples");
        String block = text.substring(text.indexOf('\n', start) + 1, text.indexOf("```", start + 7));
        Set<Class<?>> seen = new HashSet<>();

        for (String line : block.strip().split("\n")) {
            seen.add(MessageCodec.decode(line.getBytes(StandardCharsets.UTF_8)).getClass());
        }

        assertEquals(ccn.alerts.testing.MessageTypes.all(), seen);
    }

    /** §5: the top-level object is depth 1, and 16 is the deepest accepted. */
    @Test
    void nestingIsCountedFromTheTopLevelObjectAndSixteenIsTheLimit() throws Exception {
        assertInstanceOf(Message.Ack.class, MessageCodec.decode(nested(16)));
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(nested(17)));
    }

    /** §5: a number of more than 32 digits is refused even where the member is unknown. */
    @Test
    void numbersOfMoreThan32DigitsAreRefusedEvenInAnUnknownMember() throws Exception {
        assertInstanceOf(Message.Ack.class, MessageCodec.decode(utf8Bytes("{\"type\":\"ACK\",\"alertId\":1,\"x\":" + "1".repeat(32) + "}")));
        assertThrows(MalformedMessageException.class,
                () -> MessageCodec.decode(utf8Bytes("{\"type\":\"ACK\",\"alertId\":1,\"x\":" + "1".repeat(33) + "}")));
    }

    // ------------------------------------------------------------------ helpers

    /** An ACK whose unknown member {@code x} holds arrays, so the deepest container is at {@code depth}. */
    private static byte[] nested(int depth) {
        int arrays = depth - 1;
        return utf8Bytes("{\"type\":\"ACK\",\"alertId\":1,\"x\":" + "[".repeat(arrays) + "]".repeat(arrays) + "}");
    }

    private static SharedKey sharedKey() {
        return serverKeys().sharedKey();
    }

    private static ServerKeys serverKeys() {
        return ServerKeys.of(hex("class key"), hex("server private key"));
    }

    /** The payload of one whole frame: its length prefix checked and removed. */
    private static byte[] payloadOf(byte[] frame) {
        int n = ((frame[0] & 0xFF) << 24) | ((frame[1] & 0xFF) << 16) | ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
        assertEquals(frame.length - 4, n, "the length prefix counts the payload");
        return Arrays.copyOfRange(frame, 4, frame.length);
    }

    private static byte[] aesGcm(byte[] key, byte[] nonce, byte[] ad, String plaintext) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(ad);
        return cipher.doFinal(utf8Bytes(plaintext));
    }

    private static void check(String label, byte[] computed) {
        assertEquals(value(label), HEX.formatHex(computed), "PROTOCOL.md §7 '" + label + "'");
    }

    private static String value(String label) {
        String v = example.get(label);
        assertNotNull(v, "PROTOCOL.md worked example lacks '" + label + "'; found " + example.keySet());
        return v;
    }

    /** A hex value; the document may group its bytes with spaces and wrap it over several lines. */
    private static byte[] hex(String label) {
        return HEX.parseHex(value(label).replace(" ", ""));
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Noise's SymmetricState as §4.4 writes it: nothing from {@link NoiseHandshake}. */
    private static final class Trace {
        byte[] h;
        byte[] ck;
        byte[] k;
        long n;

        void mixHash(byte[] data) throws Exception {
            h = sha256(concat(h, data));
        }

        void mixKey(byte[] ikm) throws Exception {
            byte[][] out = hkdf(ck, ikm, 2);
            ck = out[0];
            k = out[1];
            n = 0;
        }

        void mixKeyAndHash(byte[] ikm) throws Exception {
            byte[][] out = hkdf(ck, ikm, 3);
            ck = out[0];
            mixHash(out[1]);
            k = out[2];
            n = 0;
        }

        byte[] encryptAndHash(byte[] plaintext) throws Exception {
            byte[] nonce = new byte[12];
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] = (byte) (n >>> (56 - 8 * i));
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(h);
            byte[] c = cipher.doFinal(plaintext);
            n++;
            mixHash(c);
            return c;
        }

        static byte[][] hkdf(byte[] chainingKey, byte[] ikm, int outputs) throws Exception {
            byte[] temp = hmac(chainingKey, ikm);
            byte[][] out = new byte[outputs][];
            byte[] previous = new byte[0];
            for (int i = 0; i < outputs; i++) {
                previous = hmac(temp, concat(previous, new byte[]{(byte) (i + 1)}));
                out[i] = previous;
            }
            return out;
        }

        private static byte[] hmac(byte[] key, byte[] data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        }
    }
}
