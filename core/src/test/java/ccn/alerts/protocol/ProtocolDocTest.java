package ccn.alerts.protocol;

import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.Message.ClientHello;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the worked example of docs/PROTOCOL.md true: the values are read from the document itself
 * and checked against the code, and against the JDK's own AES-GCM as an independent implementation.
 */
class ProtocolDocTest {
    private static final HexFormat HEX = HexFormat.of();
    private static Map<String, String> example;

    @BeforeAll
    static void readWorkedExample() throws IOException {
        Path doc = Path.of("..", "docs", "PROTOCOL.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int start = text.indexOf("## 7. Worked example");
        assertTrue(start >= 0, "PROTOCOL.md has a worked example section");
        example = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^([a-zA-Z |()]+?)\\s*: (\\S.*)$").matcher(text.substring(start));
        while (m.find()) {
            example.put(m.group(1).trim(), m.group(2).trim());
        }
    }

    @Test
    void keyStringAndFingerprintMatchTheDocument() {
        SharedKey key = SharedKey.fromBytes(hex("key (hex)"));

        assertEquals(value("key string"), key.asText());
        assertEquals(value("fingerprint"), key.fingerprint());
    }

    @Test
    void preamblesAndAssociatedDataMatchTheDocument() {
        byte[] clientNonce = Arrays.copyOfRange(hex("client preamble"), 4, 20);
        byte[] serverNonce = Arrays.copyOfRange(hex("server preamble"), 4, 20);

        assertArrayEquals(hex("client preamble"), Preamble.encode(clientNonce));
        assertArrayEquals(hex("associated data"),
                AssociatedData.of(1, Direction.CLIENT_TO_SERVER, concat(clientNonce, serverNonce), 0));
    }

    @Test
    void plaintextIsTheCodecsEncodingOfHello() {
        byte[] json = MessageCodec.encode(new ClientHello("ccn-alerts-client/0.1"));

        assertEquals(value("plaintext (JSON)"), new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void frameIsStandardAesGcmOfThePlaintext() throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hex("key (hex)"), "AES"),
                new GCMParameterSpec(128, hex("GCM nonce")));
        cipher.updateAAD(hex("associated data"));
        byte[] sealed = cipher.doFinal(value("plaintext (JSON)").getBytes(StandardCharsets.UTF_8));

        assertArrayEquals(hex("ciphertext || tag"), sealed);
        assertArrayEquals(hex("frame"), FrameEncoder.encode(concat(hex("GCM nonce"), sealed), 65536));
    }

    @Test
    void serverChannelDecryptsTheDocumentedFrame() throws IOException {
        byte[] serverNonce = Arrays.copyOfRange(hex("server preamble"), 4, 20);
        byte[] wire = concat(hex("client preamble"), hex("frame"));
        ByteArrayOutputStream serverOut = new ByteArrayOutputStream();

        SecureChannel server = SecureChannel.open(Direction.SERVER_TO_CLIENT, new ByteArrayInputStream(wire),
                serverOut, () -> { }, SharedKey.fromBytes(hex("key (hex)")), 65536, serverNonce);

        assertEquals(new ClientHello("ccn-alerts-client/0.1"), server.receive());
        assertArrayEquals(hex("server preamble"), serverOut.toByteArray());
    }

    @Test
    void everyExampleMessageOfSection5IsValidAndTheyCoverEveryType() throws Exception {
        String text = Files.readString(Path.of("..", "docs", "PROTOCOL.md"), StandardCharsets.UTF_8);
        int start = text.indexOf("```json", text.indexOf("Examples (one per type)"));
        assertTrue(start >= 0, "PROTOCOL.md §5 has its examples");
        String block = text.substring(text.indexOf('\n', start) + 1, text.indexOf("```", start + 7));
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();

        // when:
        for (String line : block.strip().split("\n")) {
            seen.add(MessageCodec.decode(line.getBytes(StandardCharsets.UTF_8)).getClass());
        }

        // then:
        assertEquals(ccn.alerts.testing.MessageTypes.all(), seen);
    }

    private static String value(String label) {
        String v = example.get(label);
        assertTrue(v != null, "PROTOCOL.md worked example lacks '" + label + "'; found " + example.keySet());
        return v;
    }

    private static byte[] hex(String label) {
        return HEX.parseHex(value(label));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
