package ccn.alerts.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import javax.crypto.AEADBadTagException;
import java.io.InputStream;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NoiseHandshake} against the published test vector for our exact protocol name (from the
 * cacophony suite; see the resource's "source" field), both roles, then the transport messages
 * with the split keys: a single wrong bit in any step of the spec changes every byte after it.
 */
class NoiseHandshakeTest {
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode vector() throws Exception {
        try (InputStream in = NoiseHandshakeTest.class.getResourceAsStream("/noise/cacophony-NKpsk0_25519_AESGCM_SHA256.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            JsonNode v = root.get("vectors").get(0);
            assertEquals(NoiseHandshake.PROTOCOL_NAME, v.get("protocol_name").asText());
            return v;
        }
    }

    private static byte[] hex(JsonNode v, String field) {
        return HEX.parseHex(v.get(field).asText());
    }

    @Test
    void reproducesThePublishedVectorInBothRoles() throws Exception {
        JsonNode v = vector();
        byte[] respStatic = hex(v, "resp_static");
        assertArrayEquals(hex(v, "init_remote_static"), NoiseHandshake.publicKey(respStatic));
        NoiseHandshake initiator = NoiseHandshake.initiator(hex(v, "init_prologue"),
                HEX.parseHex(v.get("init_psks").get(0).asText()), hex(v, "init_remote_static"), hex(v, "init_ephemeral"));
        NoiseHandshake responder = NoiseHandshake.responder(hex(v, "resp_prologue"),
                HEX.parseHex(v.get("resp_psks").get(0).asText()), respStatic, hex(v, "resp_ephemeral"));
        JsonNode messages = v.get("messages");

        byte[] m1 = initiator.writeMessage(HEX.parseHex(messages.get(0).get("payload").asText()));
        assertEquals(messages.get(0).get("ciphertext").asText(), HEX.formatHex(m1));
        assertEquals(messages.get(0).get("payload").asText(), HEX.formatHex(responder.readMessage(m1)));

        byte[] m2 = responder.writeMessage(HEX.parseHex(messages.get(1).get("payload").asText()));
        assertEquals(messages.get(1).get("ciphertext").asText(), HEX.formatHex(m2));
        assertEquals(messages.get(1).get("payload").asText(), HEX.formatHex(initiator.readMessage(m2)));

        assertTrue(initiator.isComplete() && responder.isComplete());
        NoiseHandshake.Split i = initiator.split();
        NoiseHandshake.Split r = responder.split();
        assertEquals(v.get("handshake_hash").asText(), HEX.formatHex(i.handshakeHash()));
        assertEquals(v.get("handshake_hash").asText(), HEX.formatHex(r.handshakeHash()));

        // Transport messages alternate, initiator first (one-way patterns aside), each with empty AD.
        for (int n = 2; n < messages.size(); n++) {
            byte[] payload = HEX.parseHex(messages.get(n).get("payload").asText());
            boolean fromInitiator = n % 2 == 0;
            NoiseHandshake.CipherState send = fromInitiator ? i.initiatorToResponder() : r.responderToInitiator();
            NoiseHandshake.CipherState receive = fromInitiator ? r.initiatorToResponder() : i.responderToInitiator();
            byte[] ciphertext = send.encryptWithAd(new byte[0], payload);
            assertEquals(messages.get(n).get("ciphertext").asText(), HEX.formatHex(ciphertext), "transport message " + n);
            assertArrayEquals(payload, receive.decryptWithAd(new byte[0], ciphertext));
        }
    }

    @Test
    void aResponderWithAnotherPreSharedKeyCannotReadTheFirstMessage() throws Exception {
        JsonNode v = vector();
        byte[] psk = hex(v, "resp_static"); // any 32 bytes other than the psk
        NoiseHandshake initiator = NoiseHandshake.initiator(new byte[0], HEX.parseHex(v.get("init_psks").get(0).asText()),
                hex(v, "init_remote_static"), hex(v, "init_ephemeral"));
        NoiseHandshake responder = NoiseHandshake.responder(new byte[0], psk, hex(v, "resp_static"), hex(v, "resp_ephemeral"));
        byte[] m1 = initiator.writeMessage(new byte[0]);
        assertThrows(AEADBadTagException.class, () -> responder.readMessage(m1));
    }

    @Test
    void anInitiatorRefusesAResponderWithoutTheStaticKey() throws Exception {
        JsonNode v = vector();
        byte[] psk = HEX.parseHex(v.get("init_psks").get(0).asText());
        NoiseHandshake initiator = NoiseHandshake.initiator(new byte[0], psk, hex(v, "init_remote_static"), hex(v, "init_ephemeral"));
        // an impostor with the psk but its own static key
        NoiseHandshake impostor = NoiseHandshake.responder(new byte[0], psk, NoiseHandshake.newPrivateKey(), hex(v, "resp_ephemeral"));
        byte[] m1 = initiator.writeMessage(new byte[0]);
        assertThrows(AEADBadTagException.class, () -> impostor.readMessage(m1));
        // it cannot read message 1, so whatever it answers is not made from the initiator's keys
        byte[] forged = forgedAnswer(psk);
        assertThrows(AEADBadTagException.class, () -> initiator.readMessage(forged));
    }

    /** A well-formed second message from a complete handshake the impostor ran with itself. */
    private static byte[] forgedAnswer(byte[] psk) throws Exception {
        byte[] ownStatic = NoiseHandshake.newPrivateKey();
        NoiseHandshake a = NoiseHandshake.initiator(new byte[0], psk, NoiseHandshake.publicKey(ownStatic), NoiseHandshake.newPrivateKey());
        NoiseHandshake b = NoiseHandshake.responder(new byte[0], psk, ownStatic, NoiseHandshake.newPrivateKey());
        b.readMessage(a.writeMessage(new byte[0]));
        return b.writeMessage(new byte[0]);
    }
}
