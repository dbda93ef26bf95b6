package ccn.alerts.outsider;

import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static ccn.alerts.outsider.SpecClient.hex;
import static ccn.alerts.outsider.SpecClient.unhex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SpecClient}, written from {@code docs/PROTOCOL.md} (version 2) alone, against a real
 * in-process server: what the document promises, checked from outside. The server is only
 * started, stopped and its log read through {@code ccn.alerts.testing}; everything on the wire is
 * {@link SpecClient}'s and {@link SpecNoise}'s own. (Places where the server and the document
 * part ways are listed in the report of the outsider session, not asserted here.)
 */
class SpecClientTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static final byte[] SERVER_PREAMBLE = {0x43, 0x43, 0x4E, 0x02};
    private static final byte[] HELLO = "{\"type\":\"HELLO\",\"agent\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;

    private String key() {
        return ts.key().asText();
    }

    private SpecClient own(SpecClient c) {
        return server.own(c);
    }

    private SpecClient login(String user, String password) throws Exception {
        return own(SpecClient.login(ts.port(), key(), user, password, T));
    }

    // ------------------------------------------------------------------ §7 offline

    private static final String EXAMPLE_KEY_STRING =
            "ccn2-AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh81gHLWNliA0a7qMprfkSE4OFHtIaKOO3XpZdDSzRZiVPkd";

    /** §7's trace, copied from the document, label : value, in the document's order. */
    private static final String EXAMPLE_TRACE = """
            initial h and ck          : 4e6f6973655f4e4b70736b305f32353531395f41455347434d5f534841323536
            h after prologue          : 8a90072ef056997a72e5ccc5593ce675bc5d666a6dc91e398bcb87a315836569
            h after s                 : 782f62b85dc6e434b7febd04ca1442ca493c3a6515905d8d437a8fe5ce721c07
            ck after psk              : 0d16c08f8fe4edf9bf4299734f4e9253efd87176599cdde1d75c5c5de5ca2b20
            h after psk               : 0c09267ac882db7f7c52bad6f13ce9144a93dc1d8d1049d5bd021773b1b7772b
            h after e (message 1)     : 99fd9221191ade2cfaa4ed2f93c2b6cdde8e988f73780e13f97ab68f8ea47d08
            ck after e (message 1)    : 01440fc813f47d52676376d77e70b6805ce17173ea454bcf1f617cc7f2cbc309
            es                        : 04c304fb1ca83cee75e206344231f33797e07d9929db670994b7c6fbeb1dc255
            ck after es               : 973fdb249d0bf4c5b98753534746755d99617911fed4c82fdf85b1644be91bd5
            k after es                : 4982bdca1fed601e36781b089d87a4784735b5164f4545f6853b789412d48c42
            h after message 1         : a5114d687f48eda73a40458adfd50b7a166306cd488b9e89defc7b54b5813d0c
            h after e (message 2)     : 169872851e08d7aecd7ed4d16534005ad5c0195cfb171fe1bd27aa90783057e9
            ck after e (message 2)    : ce705c385a33fe7076ec22a80e3e978505f99bb11ae97b99c3424ed090b3459e
            ee                        : d6fb939511b2381bc8599b4b8edc5968829450dfd7a87aebe78a703cd04cd54e
            ck after ee               : 7fd06109c68ca9da826ffb4731d6e0ef4e6d35fcf141d45f790b3c1e184e49ed
            k after ee                : 7450a8b0e2f7144d119813a9c7f14d9fcf6e6ae85d9bd066321e72a8e94bbf24
            h after message 2         : d3e26680d1db7273fc204ad5daf89281a1407917d1367f2487f62b21de9ae0a7
            k1 (client to server)     : 5a2aeef406ab40aa01cb34075604a6c0a6b49ec89e4e0930de53baa2bf064947
            k2 (server to client)     : 87606279493ff4c4308aa1a1b082fdcc377a626187e531f763b4af2d0dbe682f
            """;

    private static Map<String, String> parseTrace(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.strip().split("\n")) {
            int colon = line.lastIndexOf(" : ");
            m.put(line.substring(0, colon).strip(), line.substring(colon + 3).strip());
        }
        return m;
    }

    private static Map<String, String> hexTrace(Map<String, byte[]> trace) {
        Map<String, String> m = new LinkedHashMap<>();
        trace.forEach((k, v) -> m.put(k, hex(v)));
        return m;
    }

    @Test
    void theWorkedExampleOfSection7IsReproducedByteForByteFromTheDocumentAlone() throws Exception {
        // given: §7's inputs
        byte[] classKey = unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] serverPrivate = unhex("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
        byte[] clientEphemeral = unhex("404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f");
        byte[] serverEphemeral = unhex("606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f");

        // when: the key string
        byte[] serverPublic = SpecNoise.publicKey(serverPrivate);
        SpecClient.Keys keys = SpecClient.decodeKey(EXAMPLE_KEY_STRING);
        // then:
        assertEquals("358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254", hex(serverPublic));
        assertArrayEquals(classKey, keys.classKey());
        assertArrayEquals(serverPublic, keys.serverPublicKey());
        assertEquals(EXAMPLE_KEY_STRING, SpecClient.encodeKey(new SpecClient.Keys(classKey, serverPublic)));
        assertEquals("E96F-76F5-9187-9C93-92FD-91A1-2A10-9BD6", SpecClient.fingerprint(keys));
        assertEquals("3cf7973fd3efe12a", hex(keys.keyId()));

        // when: message 1, the client's opening
        byte[] prologue = SpecClient.prologue();
        SpecNoise client = SpecNoise.initiator(prologue, classKey, keys.serverPublicKey(), clientEphemeral);
        byte[] opening = SpecClient.concat(SpecClient.preamble(SpecClient.VERSION), SpecClient.initFrame(keys.keyId(), client.writeMessage1()));
        // then:
        assertEquals("43434e0243434e02", hex(prologue));
        assertEquals("79a631eede1bf9c98f12032cdeadd0e7a079398fc786b88cc846ec89af85a51a", hex(client.ephemeralPublic()));
        assertEquals(65, opening.length);
        assertEquals(hex(unhex("""
                43434e02
                00000039 01 3cf7973fd3efe12a
                79a631eede1bf9c98f12032cdeadd0e7a079398fc786b88cc846ec89af85a51a
                3114f67f6a859e8ec490890aad306b95""")), hex(opening));

        // when: the server reads message 1 and writes message 2
        SpecNoise responder = SpecNoise.responder(prologue, classKey, serverPrivate, serverEphemeral);
        responder.readMessage1(Arrays.copyOfRange(opening, 4 + 4 + 9, 4 + 4 + 57));
        byte[] message2 = responder.writeMessage2();
        byte[] responseFrame = ByteBuffer.allocate(4 + 49).putInt(49).put(SpecClient.RESPONSE).put(message2).array();
        // then:
        assertEquals("675dd574ed7789310b3d2e7681f3790b466c773b1521fecf36577958371ea52f", hex(responder.ephemeralPublic()));
        assertEquals(hex(unhex("""
                00000031 02
                675dd574ed7789310b3d2e7681f3790b466c773b1521fecf36577958371ea52f
                08a7c14bf00fb9332c2ed2d2edda0c69""")), hex(responseFrame));

        // when: the client reads message 2; both Split()
        client.readMessage2(Arrays.copyOfRange(responseFrame, 5, 53));
        byte[][] clientKeys = client.split();
        byte[][] serverKeys = responder.split();
        // then: every step of §4.4, on both sides
        Map<String, String> expected = parseTrace(EXAMPLE_TRACE);
        assertEquals(expected, hexTrace(client.trace()));
        assertEquals(expected, hexTrace(responder.trace()));
        String handshakeHash = "d3e26680d1db7273fc204ad5daf89281a1407917d1367f2487f62b21de9ae0a7";
        assertEquals(handshakeHash, hex(client.handshakeHash()));
        assertEquals(handshakeHash, hex(responder.handshakeHash()));
        assertArrayEquals(clientKeys[0], serverKeys[0]);
        assertArrayEquals(clientKeys[1], serverKeys[1]);

        // when: the first sealed frame of each side
        byte[] h = client.handshakeHash();
        byte[] hello = SpecClient.seal(clientKeys[0], SpecClient.CLIENT_TO_SERVER, h, 0, unhex("c0c1c2c3c4c5c6c7c8c9cacb"),
                "{\"type\":\"HELLO\",\"agent\":\"ccn-alerts-client/0.1\"}".getBytes(StandardCharsets.UTF_8));
        String welcomeText = "{\"type\":\"WELCOME\",\"agent\":\"ccn-alerts-server/0.1\",\"heartbeatSeconds\":10,\"loginTimeoutSeconds\":10}";
        byte[] welcome = SpecClient.seal(serverKeys[1], SpecClient.SERVER_TO_CLIENT, h, 0, unhex("d0d1d2d3d4d5d6d7d8d9dadb"),
                welcomeText.getBytes(StandardCharsets.UTF_8));
        String welcomeFrame = hex(unhex("""
                0000007d d0d1d2d3d4d5d6d7d8d9dadb
                b612d6c46ff648585896ce45975a57c1b2b53b9ce1555bc13a65a75a758737d2
                807647628c871700950da31c93e8180be7e9caa0b1f5f42a5db98ad5e60e7146
                231e3d556f9b94bdb6caa55a478afa16298f46ce0988c2310fa76d1cf720827b
                e106eff7e36fe427a255dfadb305249451"""));
        // then:
        assertEquals(hex(unhex("02 43 d3e26680d1db7273fc204ad5daf89281a1407917d1367f2487f62b21de9ae0a7 0000000000000000")),
                hex(SpecClient.associatedData(SpecClient.CLIENT_TO_SERVER, h, 0)));
        assertEquals(hex(unhex("""
                0000004c c0c1c2c3c4c5c6c7c8c9cacb
                b2b9b27a21d7adb13b755ffd2639e1c26120fac36cebf6b3d862a4de99512567
                b44b86eb5d0d8ba3cba9f237db01c080bd58b2b6483692160fbb3452d0ae134e""")), hex(hello));
        assertEquals(hex(unhex("02 53 d3e26680d1db7273fc204ad5daf89281a1407917d1367f2487f62b21de9ae0a7 0000000000000000")),
                hex(SpecClient.associatedData(SpecClient.SERVER_TO_CLIENT, h, 0)));
        assertEquals(welcomeFrame, hex(welcome));
        byte[] welcomePayload = Arrays.copyOfRange(unhex(welcomeFrame), 4, 4 + 0x7d);
        assertEquals(welcomeText, new String(SpecClient.open(clientKeys[1], SpecClient.SERVER_TO_CLIENT, h, 0, welcomePayload), StandardCharsets.UTF_8));
    }

    @Test
    void aMessage1WithAnotherClassKeyOrForAnotherServerIdentityDoesNotOpen() throws Exception {
        byte[] classKey = SpecClient.randomBytes(32);
        byte[] serverPrivate = SpecNoise.randomPrivate();
        byte[] serverPublic = SpecNoise.publicKey(serverPrivate);
        byte[] prologue = SpecClient.prologue();
        // when:
        byte[] wrongPsk = SpecNoise.initiator(prologue, SpecClient.randomBytes(32), serverPublic, null).writeMessage1();
        byte[] wrongServer = SpecNoise.initiator(prologue, classKey, SpecNoise.publicKey(SpecNoise.randomPrivate()), null).writeMessage1();
        byte[] right = SpecNoise.initiator(prologue, classKey, serverPublic, null).writeMessage1();
        // then:
        assertThrows(java.security.GeneralSecurityException.class,
                () -> SpecNoise.responder(prologue, classKey, serverPrivate, null).readMessage1(wrongPsk));
        assertThrows(java.security.GeneralSecurityException.class,
                () -> SpecNoise.responder(prologue, classKey, serverPrivate, null).readMessage1(wrongServer));
        SpecNoise.responder(prologue, classKey, serverPrivate, null).readMessage1(right);
        // a low-order point (u = 0, and u = 1) is refused like a wrong tag (§4.4)
        for (byte[] lowOrder : List.of(new byte[32], unhex("01" + "00".repeat(31)))) {
            byte[] m = SpecClient.concat(lowOrder, new byte[16]);
            assertThrows(java.security.GeneralSecurityException.class,
                    () -> SpecNoise.responder(prologue, classKey, serverPrivate, null).readMessage1(m), hex(lowOrder));
        }
    }

    @Test
    void aKeyStringIsReadAcrossWhiteSpaceAndAMistypedOrMalformedOneIsRefused() {
        String k = EXAMPLE_KEY_STRING;
        // when: wrapped as a terminal or a mail program would
        for (String wrapped : List.of(k.substring(0, 40) + "\n  " + k.substring(40), "  " + k.substring(0, 5) + "\t" + k.substring(5, 60) + "\r\n"
                + k.substring(60) + "\n", k.replaceAll("(.{10})", "$1 "))) {
            // then:
            SpecClient.Keys keys = SpecClient.decodeKey(wrapped);
            assertEquals("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", hex(keys.classKey()), wrapped);
            assertEquals("358072d6365880d1aeea329adf9121383851ed21a28e3b75e965d0d2cd166254", hex(keys.serverPublicKey()), wrapped);
        }
        // a mistyped character, anywhere in the 88 (class key, public key or checksum), is a checksum mismatch
        for (int i = 5; i < 93; i++) {
            char c = k.charAt(i);
            String typo = k.substring(0, i) + (c == 'A' ? 'B' : 'A') + k.substring(i + 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecClient.decodeKey(typo), typo);
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        }
        // version 1's key string (the worked example of version 1) is named as such
        IllegalArgumentException v1 = assertThrows(IllegalArgumentException.class,
                () -> SpecClient.decodeKey("ccn1-AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9jDQ"));
        assertTrue(v1.getMessage().contains("protocol 1"), v1.getMessage());
        // another prefix, another length, a character outside base64url
        for (String bad : List.of("CCN2-" + k.substring(5), "ccn3-" + k.substring(5), k.substring(0, 92), k + "A",
                k.substring(0, 50) + "+" + k.substring(51), k.substring(0, 50) + "/" + k.substring(51), k.substring(0, 92) + "=", "")) {
            assertThrows(IllegalArgumentException.class, () -> SpecClient.decodeKey(bad), bad);
        }
    }

    // ------------------------------------------------------------------ §4.1, §4.2 the real server's key

    @Test
    void theServersKeyStringAndItsFilesAreAsSection4DescribesThem() throws Exception {
        ts = server.start();
        // when:
        SpecClient.Keys keys = SpecClient.decodeKey(key());
        String shared = Files.readString(ts.dataDir().resolve("shared.key"), StandardCharsets.US_ASCII);
        String identity = Files.readString(ts.dataDir().resolve("server-identity.key"), StandardCharsets.US_ASCII);
        // then:
        assertEquals(93, key().length());
        assertEquals(ts.key().fingerprint(), SpecClient.fingerprint(keys));
        assertEquals(key() + System.lineSeparator(), shared);
        assertTrue(identity.startsWith("ccn-identity-") && identity.endsWith(System.lineSeparator()), identity.length() + " characters");
        String privateText = identity.substring("ccn-identity-".length(), identity.length() - System.lineSeparator().length());
        assertEquals(43, privateText.length());
        byte[] privateKey = Base64.getUrlDecoder().decode(privateText);
        assertArrayEquals(keys.serverPublicKey(), SpecNoise.publicKey(privateKey), "the identity file holds the private half of the key string's public key");
    }

    // ------------------------------------------------------------------ §4.3, §4.5 handshake

    @Test
    void aWrongClassKeyIsRejectedWithReason2AndTheServerCloses() throws Exception {
        ts = server.start();
        SpecClient.Keys real = SpecClient.decodeKey(key());
        SpecClient.Keys wrong = new SpecClient.Keys(SpecClient.randomBytes(32), real.serverPublicKey());
        SpecClient c = own(SpecClient.tcp(ts.port(), wrong));
        // when:
        boolean ok = c.handshake();
        // then:
        assertFalse(ok);
        assertEquals(SpecClient.Closed.REJECTED, c.closedHow(), c.describeClose());
        assertEquals(2, c.rejectReason());
        assertEquals("wrong class key", c.rejectText());
        assertEquals(0, c.readAllRaw(T).length, "nothing after the REJECT");
        assertTrue(c.rawEndedWithEof(), "an orderly close (half-close, §6.5), not a reset");
        c.close(); // §6.5: a client simply closes once it has read the last frame
        ts.awaitLogLine("ERROR", "^Wrong class key from /127\\.0\\.0\\.1:\\d+: wrong class key \\(its handshake message does not open with this server's class key\\)");
        ts.awaitLogLine("DISCONNECT", "^Removed disconnected client: /127\\.0\\.0\\.1:\\d+: wrong class key$");
    }

    @Test
    void aKeyStringForAnotherServerIsRejectedWithReason1() throws Exception {
        ts = server.start();
        SpecClient.Keys real = SpecClient.decodeKey(key());
        SpecClient.Keys other = new SpecClient.Keys(real.classKey(), SpecNoise.publicKey(SpecNoise.randomPrivate()));
        // when:
        SpecClient c = own(SpecClient.tcp(ts.port(), SpecClient.encodeKey(other)));
        boolean ok = c.handshake();
        // then:
        assertFalse(ok);
        assertEquals(SpecClient.Closed.REJECTED, c.closedHow(), c.describeClose());
        assertEquals(1, c.rejectReason());
        assertEquals("your key string names another server", c.rejectText());
        assertEquals(0, c.readAllRaw(T).length);
        assertTrue(c.rawEndedWithEof());
        c.close();
        String line = ts.awaitLogLine("ERROR", "^Client at /127\\.0\\.0\\.1:\\d+ has a key string for another server: its key string names another server");
        assertTrue(line.contains(hex(other.keyId())) && line.contains(hex(real.keyId())), line);
        ts.awaitLogLine("DISCONNECT", ": key string for another server$");
        // and the static helpers refuse it too
        HandshakeFailedCheck.assertFails(() -> SpecClient.login(ts.port(), SpecClient.encodeKey(other), "user1", "pass123", T), SpecClient.Closed.REJECTED);
    }

    @Test
    void aMalformedInitIsAnsweredWithReject3() throws Exception {
        ts = server.start();
        SpecClient.Keys keys = SpecClient.decodeKey(key());
        byte[] goodInit = SpecClient.initFrame(keys.keyId(), SpecNoise.initiator(SpecClient.prologue(), keys.classKey(),
                keys.serverPublicKey(), null).writeMessage1());
        byte[] shortInit = ByteBuffer.allocate(4 + 56).putInt(56).put(Arrays.copyOfRange(goodInit, 4, 60)).array();
        byte[] wrongType = goodInit.clone();
        wrongType[4] = 0x05;
        byte[] sealedLooking = SpecClient.seal(SpecClient.randomBytes(32), SpecClient.CLIENT_TO_SERVER, new byte[32], 0, SpecClient.randomBytes(12), HELLO);
        for (byte[] init : List.of(shortInit, wrongType, sealedLooking, new byte[]{0, 0, 0, 1, 1})) {
            SpecClient c = own(SpecClient.tcp(ts.port(), keys));
            // when:
            c.sendRaw(SpecClient.concat(SpecClient.preamble(SpecClient.VERSION), init));
            byte[] got = c.readAllRaw(T);
            // then: the server's preamble, then REJECT 3 "malformed handshake", then an orderly close
            byte[] text = "malformed handshake".getBytes(StandardCharsets.US_ASCII);
            byte[] reject = ByteBuffer.allocate(4 + 2 + text.length).putInt(2 + text.length).put((byte) 3).put((byte) 3).put(text).array();
            assertEquals(hex(SERVER_PREAMBLE) + hex(reject), hex(got), hex(init));
            assertTrue(c.rawEndedWithEof());
            c.close();
        }
        ts.awaitLogLine("ERROR", "^Handshake failed with /127\\.0\\.0\\.1:\\d+: expected a 57-byte handshake INIT, got 56 bytes of type 0x01");
        ts.awaitLogLine("DISCONNECT", ": handshake failed$");
    }

    /** A local ServerSocket that plays the server's part up to RESPONSE, then records everything the client sends. */
    private static final class FakeServer implements AutoCloseable {
        private final ServerSocket socket;
        private final CompletableFuture<byte[]> received = new CompletableFuture<>();

        FakeServer(java.util.function.Function<byte[], byte[]> answer) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout((int) T.toMillis());
                    InputStream in = s.getInputStream();
                    byte[] opening = new byte[4 + 4 + 57];
                    new DataInputStream(in).readFully(opening);
                    s.getOutputStream().write(answer.apply(opening));
                    s.getOutputStream().flush();
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    all.write(opening);
                    byte[] b = new byte[4096];
                    try {
                        int n;
                        while ((n = in.read(b)) >= 0) {
                            all.write(b, 0, n);
                        }
                    } catch (SocketException reset) {
                        // the client closed with our bytes unread: the end all the same
                    }
                    received.complete(all.toByteArray());
                } catch (Throwable e) {
                    received.completeExceptionally(e);
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        byte[] received() throws Exception {
            return received.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aServerWhoseAnswerDoesNotVerifyIsAnImpostorAndGetsNothingAfterTheInit() throws Exception {
        byte[] realPrivate = SpecNoise.randomPrivate();
        SpecClient.Keys keys = new SpecClient.Keys(SpecClient.randomBytes(32), SpecNoise.publicKey(realPrivate));
        String keyString = SpecClient.encodeKey(keys);
        // an impostor that knows the class key and the public key, but holds another private key;
        // it goes on as if message 1 had opened, and sends a "WELCOME" of random bytes behind RESPONSE
        java.util.function.Function<byte[], byte[]> impostor = opening -> {
            try {
                SpecNoise fake = SpecNoise.impostor(SpecClient.prologue(), keys.classKey(), keys.serverPublicKey(), SpecNoise.randomPrivate());
                fake.readMessage1(Arrays.copyOfRange(opening, 4 + 4 + 9, opening.length), false);
                byte[] response = ByteBuffer.allocate(4 + 49).putInt(49).put(SpecClient.RESPONSE).put(fake.writeMessage2()).array();
                byte[] welcome = SpecClient.seal(SpecClient.randomBytes(32), SpecClient.SERVER_TO_CLIENT, fake.handshakeHash(), 0,
                        SpecClient.randomBytes(12), "{\"type\":\"WELCOME\"}".getBytes(StandardCharsets.UTF_8));
                return SpecClient.concat(SpecClient.concat(SERVER_PREAMBLE, response), welcome);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
        // a RESPONSE of the right shape and random content
        java.util.function.Function<byte[], byte[]> random = opening -> SpecClient.concat(SERVER_PREAMBLE,
                ByteBuffer.allocate(4 + 49).putInt(49).put(SpecClient.RESPONSE).put(SpecClient.randomBytes(48)).array());
        for (var answer : List.of(impostor, random)) {
            // when: the client's own handshake, then the whole login through the static helper
            try (FakeServer fake = new FakeServer(answer); FakeServer fake2 = new FakeServer(answer)) {
                SpecClient c = own(SpecClient.tcp(fake.port(), keyString));
                boolean ok = c.handshake();
                HandshakeFailedCheck.assertFails(() -> SpecClient.login(fake2.port(), keyString, "user1", "pass123", T), SpecClient.Closed.IMPOSTOR);
                // then:
                assertFalse(ok);
                assertEquals(SpecClient.Closed.IMPOSTOR, c.closedHow(), c.describeClose());
                for (byte[] got : List.of(fake.received(), fake2.received())) {
                    assertEquals(4 + 4 + 57, got.length, "only the preamble and INIT reach a server that cannot prove its identity: " + hex(got));
                    assertEquals("43434e02" + "00000039" + "01" + hex(keys.keyId()), hex(Arrays.copyOf(got, 17)));
                }
            }
        }
    }

    /** {@code assertThrows} for {@link SpecClient.HandshakeFailed} with its cause. */
    private static final class HandshakeFailedCheck {
        interface Attempt {
            void run() throws Exception;
        }

        static void assertFails(Attempt attempt, SpecClient.Closed how) {
            SpecClient.HandshakeFailed e = assertThrows(SpecClient.HandshakeFailed.class, attempt::run);
            assertEquals(how, e.how(), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ §2 preambles

    private static void assertAtMostTheServersPreamble(byte[] got) {
        assertTrue(got.length <= 4 && Arrays.equals(got, Arrays.copyOf(SERVER_PREAMBLE, got.length)),
                "at most the server's own preamble, which it sends without waiting: " + hex(got));
    }

    @Test
    void aVersion1ClientGetsAVersion2PreambleOf20BytesAndTheServerLogsThatItMustBeUpdated() throws Exception {
        ts = server.start();
        SpecClient c = own(SpecClient.tcp(ts.port(), key()));
        // when: a version 1 client's 20-byte preamble (magic, 0x01, 16-byte nonce)
        c.sendRaw(SpecClient.concat(SpecClient.preamble((byte) 1), SpecClient.randomBytes(16)));
        byte[] got = c.readAllRaw(T);
        // then (§2): the server's preamble and 16 zero bytes, the length a version 1 client reads
        assertArrayEquals(SpecClient.concat(SpecClient.preamble((byte) 2), new byte[16]), got);
        ts.awaitLogLine("ERROR", "^Client at /127\\.0\\.0\\.1:\\d+ speaks protocol 1: it must be updated to protocol 2 \\(and given the new key string\\)$");
        ts.awaitLogLine("DISCONNECT", ": protocol 1 client \\(update your client\\)$");
    }

    @Test
    void aPeerWithoutTheCcnMagicIsClosedWithoutAFrame() throws Exception {
        ts = server.start();
        SpecClient c = own(SpecClient.tcp(ts.port(), key()));
        // when:
        c.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] got = c.readAllRaw(T);
        // then:
        assertAtMostTheServersPreamble(got);
        ts.awaitLogLine("ERROR", "^Not a CCN alert client at /127\\.0\\.0\\.1:\\d+: not a CCN alert peer: its first bytes are 0x47");
        ts.awaitLogLine("DISCONNECT", ": not a CCN client$");
    }

    @Test
    void aPeerSpeakingANewerVersionOrVersion0IsClosedWithoutAFrame() throws Exception {
        ts = server.start();
        for (byte version : new byte[]{3, 0}) {
            SpecClient c = own(SpecClient.tcp(ts.port(), key()));
            // when:
            c.sendRaw(SpecClient.preamble(version));
            byte[] got = c.readAllRaw(T);
            // then:
            assertAtMostTheServersPreamble(got);
        }
        ts.awaitLogLine("ERROR", "^Handshake failed with /127\\.0\\.0\\.1:\\d+: the peer speaks protocol version 3; this side speaks version 2");
        ts.awaitLogLine("ERROR", "version 0");
    }

    @Test
    void aConnectionStuckInTheHandshakeIsClosedWithoutAFrameAtTheLoginDeadline() throws Exception {
        ts = server.start(c -> c.withLoginTimeout(Duration.ofSeconds(1)));
        SpecClient c = own(SpecClient.tcp(ts.port(), key()));
        // when: a preamble and no INIT
        c.sendRaw(SpecClient.preamble(SpecClient.VERSION));
        byte[] got = c.readAllRaw(T);
        // then:
        assertEquals(hex(SERVER_PREAMBLE), hex(got), "the server's preamble and no frame");
        ts.awaitLogLine("DISCONNECT", ": no login within 1 s$");
        assertEquals(List.of(), ts.logLines("ERROR", ""), "no ERROR line (§4.5)");
    }

    // ------------------------------------------------------------------ §2, §6.1, §6.2

    @Test
    void theServerSendsWelcomeRightBehindResponseWithoutWaitingForHelloAndItsTimingsAreInRange() throws Exception {
        ts = server.start();
        // when: only the preambles and the handshake
        SpecClient c = own(SpecClient.preambled(ts.port(), key()));
        JsonNode welcome = c.awaitType("WELCOME", T);
        // then:
        assertTrue(welcome.get("agent").isTextual(), welcome.toString());
        long hb = welcome.get("heartbeatSeconds").asLong();
        long lt = welcome.get("loginTimeoutSeconds").asLong();
        assertTrue(hb >= 1 && hb <= 3600 && lt >= 1 && lt <= 3600, welcome.toString());
    }

    @Test
    void eachConnectionHasItsOwnKeysAndHandshakeHash() throws Exception {
        ts = server.start();
        // when:
        SpecClient a = own(SpecClient.preambled(ts.port(), key()));
        SpecClient b = own(SpecClient.preambled(ts.port(), key()));
        // then:
        assertFalse(Arrays.equals(a.handshakeHash(), b.handshakeHash()));
        assertFalse(Arrays.equals(a.clientKey(), b.clientKey()));
        assertFalse(Arrays.equals(a.serverKey(), b.serverKey()));
        assertFalse(Arrays.equals(a.clientKey(), a.serverKey()));
        a.awaitType("WELCOME", T);
        b.awaitType("WELCOME", T);
    }

    @Test
    void aHelloAndACorrectLoginAreAnsweredWithAuthSuccessNamingTheUser() throws Exception {
        ts = server.start();
        // when:
        SpecClient c = login("user1", "pass123");
        // then:
        JsonNode ok = c.awaitType("AUTH_SUCCESS", T);
        assertEquals("user1", ok.get("username").asText());
        assertFalse(ok.get("sessionId").asText().isBlank());
        assertTrue(ok.get("message").isTextual());
        assertEquals(List.of("WELCOME", "AUTH_SUCCESS"), c.received().stream().map(SpecClient::type).toList());
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswerAndTheConnectionStaysOpenForAnotherLogin() throws Exception {
        ts = server.start();
        SpecClient c = own(SpecClient.hello(ts.port(), key()));
        // when:
        c.send(c.object("LOGIN").put("username", "admin").put("password", "wrong"));
        c.send(c.object("LOGIN").put("username", "nobody").put("password", "wrong"));
        c.send(c.object("LOGIN").put("username", "admin").put("password", "admin123"));
        // then:
        c.awaitType("AUTH_SUCCESS", T);
        List<JsonNode> failed = c.receivedOfType("AUTH_FAILED");
        assertEquals(2, failed.size(), c.received().toString());
        assertEquals("BAD_CREDENTIALS", failed.get(0).get("reason").asText());
        assertEquals(failed.get(0).get("reason"), failed.get(1).get("reason"));
        assertEquals(failed.get(0).get("message"), failed.get(1).get("message"));
        assertEquals(0, failed.get(0).get("retryAfterSeconds").asLong());
    }

    @Test
    void aConnectionThatDoesNotLogInInTimeGetsLoginTimeoutAndIsClosed() throws Exception {
        ts = server.start(c -> c.withLoginTimeout(Duration.ofSeconds(1)));
        // when:
        SpecClient c = own(SpecClient.hello(ts.port(), key()));
        // then:
        JsonNode error = c.awaitType("ERROR", T);
        assertEquals("LOGIN_TIMEOUT", error.get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
    }

    // ------------------------------------------------------------------ §6.3 alerts and ACKs

    @Test
    void aBroadcastAlertArrivesWithEveryMemberOfTheTableAndItsAckIsAnsweredWithAckOk() throws Exception {
        ts = server.start();
        SpecClient c = login("user1", "pass123");
        // when:
        long id = ts.server().broadcastManualAlert(Priority.HIGH, "Evacuate building B", "admin").alertId();
        JsonNode alert = c.awaitType("ALERT", T);
        c.ack(id);
        // then:
        assertEquals(id, alert.get("alertId").asLong());
        assertEquals("HIGH", alert.get("priority").asText());
        assertEquals("Evacuate building B", alert.get("message").asText());
        assertEquals("MANUAL", alert.get("source").asText());
        assertEquals("admin", alert.get("sender").asText());
        assertFalse(alert.get("redelivery").asBoolean());
        assertTrue(alert.get("redelivery").isBoolean());
        assertFalse(alert.has("weather"), "a manual alert has no weather, and absent means omitted: " + alert);
        Instant.parse(alert.get("timestamp").asText());
        assertTrue(alert.get("timestamp").asText().endsWith("Z"), alert.toString());
        JsonNode ackOk = c.awaitMessage(m -> SpecClient.type(m).equals("ACK_OK") && m.get("alertId").asLong() == id, T);
        assertEquals(id, ackOk.get("alertId").asLong());
    }

    @Test
    void anAlertTheUserDidNotAcknowledgeIsSentAgainAtTheNextLoginMarkedAsRedelivery() throws Exception {
        ts = server.start();
        SpecClient first = login("user1", "pass123");
        long id = ts.server().broadcastManualAlert(Priority.MEDIUM, "not acknowledged", "admin").alertId();
        first.awaitType("ALERT", T);
        // when:
        first.close();
        ts.awaitLogLine("DISCONNECT", "user1");
        SpecClient second = login("user1", "pass123");
        // then:
        JsonNode again = second.awaitType("ALERT", T);
        assertEquals(id, again.get("alertId").asLong());
        assertTrue(again.get("redelivery").asBoolean(), again.toString());
    }

    // ------------------------------------------------------------------ §6.4 heartbeats

    @Test
    void heartbeatsAreAnsweredWithTheSameSeqAlsoBeforeLogin() throws Exception {
        ts = server.start();
        SpecClient c = own(SpecClient.hello(ts.port(), key()));
        // when:
        long before = c.heartbeat();
        c.send(c.object("LOGIN").put("username", "user1").put("password", "pass123"));
        c.awaitType("AUTH_SUCCESS", T);
        long after1 = c.heartbeat();
        long after2 = c.heartbeat();
        // then:
        Set<Long> expected = new TreeSet<>(List.of(before, after1, after2));
        Set<Long> echoed = new TreeSet<>();
        c.awaitMessage(m -> {
            if (SpecClient.type(m).equals("HEARTBEAT_OK")) {
                echoed.add(m.get("seq").asLong());
            }
            return echoed.equals(expected);
        }, T);
        assertEquals(expected, echoed);
    }

    @Test
    void aLoggedInClientThatSendsNothingForThreeIntervalsGetsTimedOut() throws Exception {
        ts = server.start(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));
        // when:
        SpecClient c = login("user1", "pass123");
        // then:
        assertEquals("TIMED_OUT", c.awaitType("ERROR", Duration.ofSeconds(10)).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
    }

    @Test
    void aClientThatSendsHeartbeatsOnScheduleIsNotTimedOut() throws Exception {
        ts = server.start(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));
        SpecClient c = login("user1", "pass123");
        // when:
        c.startHeartbeats(T);
        // then: four intervals pass (more than the three of §6.4) and answers keep coming
        c.awaitMessage(m -> SpecClient.type(m).equals("HEARTBEAT_OK") && m.get("seq").asLong() >= 3, Duration.ofSeconds(10));
        assertNull(c.closedHow(), c.received().toString());
        assertTrue(c.receivedOfType("ERROR").isEmpty(), c.received().toString());
    }

    // ------------------------------------------------------------------ §6.1, §5.1 bad order

    @Test
    void aFirstFrameOtherThanHelloIsAnsweredWithBadMessage() throws Exception {
        ts = server.start();
        SpecClient c = own(SpecClient.preambled(ts.port(), key()));
        // when:
        c.send(c.object("LOGIN").put("username", "user1").put("password", "pass123"));
        // then:
        assertEquals("BAD_MESSAGE", c.awaitType("ERROR", T).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
        assertTrue(c.receivedOfType("AUTH_SUCCESS").isEmpty());
    }

    @Test
    void aSecondHelloIsAnsweredWithBadMessage() throws Exception {
        ts = server.start();
        SpecClient c = login("user1", "pass123");
        // when:
        c.send(c.object("HELLO").put("agent", SpecClient.AGENT));
        // then:
        assertEquals("BAD_MESSAGE", c.awaitType("ERROR", T).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
    }

    @Test
    void anAckBeforeLoginIsAnsweredWithNotAuthenticated() throws Exception {
        ts = server.start();
        SpecClient c = own(SpecClient.hello(ts.port(), key()));
        // when:
        c.ack(1);
        // then:
        assertEquals("NOT_AUTHENTICATED", c.awaitType("ERROR", T).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
    }

    @Test
    void textThatIsNotOneJsonObjectIsAnsweredWithBadMessage() throws Exception {
        ts = server.start();
        for (String text : List.of("{\"type\":\"HEARTBEAT\",\"seq\":1} x", "{\"type\":\"HEARTBEAT\",\"seq\":1}{\"type\":\"HEARTBEAT\",\"seq\":2}",
                "{'type':'HEARTBEAT','seq':1}", "[1]", "", "{\"type\":\"FOO\"}", "{\"seq\":1}")) {
            SpecClient c = own(SpecClient.hello(ts.port(), key()));
            c.awaitType("WELCOME", T);
            // when:
            c.sendJson(text);
            // then:
            assertEquals("BAD_MESSAGE", c.awaitType("ERROR", T).get("code").asText(), text);
            assertTrue(c.receivedOfType("HEARTBEAT_OK").isEmpty(), text);
        }
    }

    // ------------------------------------------------------------------ §3 bad frames

    @Test
    void aFrameWithTheWrongSequenceNumberDirectionKeyOrHandshakeHashEndsTheConnectionWithoutAnError() throws Exception {
        ts = server.start();
        for (int variant = 0; variant < 6; variant++) {
            SpecClient c = own(SpecClient.preambled(ts.port(), key()));
            // when:
            switch (variant) {
                case 0 -> c.sendSealedAs(SpecClient.CLIENT_TO_SERVER, 1, HELLO); // replayed or reordered
                case 1 -> c.sendSealedAs(SpecClient.SERVER_TO_CLIENT, 0, HELLO); // k1 but the other direction
                case 2 -> c.sendSealedWith(c.serverKey(), SpecClient.SERVER_TO_CLIENT, c.handshakeHash(), 0, HELLO); // reflected
                case 3 -> c.sendSealedWith(SpecClient.randomBytes(32), SpecClient.CLIENT_TO_SERVER, c.handshakeHash(), 0, HELLO);
                case 4 -> { // moved from another connection
                    SpecClient other = own(SpecClient.preambled(ts.port(), key()));
                    c.sendSealedWith(other.clientKey(), SpecClient.CLIENT_TO_SERVER, other.handshakeHash(), 0, HELLO);
                }
                default -> c.sendSealedWith(c.clientKey(), SpecClient.CLIENT_TO_SERVER, SpecClient.randomBytes(32), 0, HELLO);
            }
            // then:
            assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T), "variant " + variant);
            assertEquals(List.of("WELCOME"), c.received().stream().map(SpecClient::type).toList(), "variant " + variant);
        }
        ts.awaitLogLines("ERROR", "^Rejected frame from /127\\.0\\.0\\.1:\\d+: frame 0 failed to decrypt: corrupted, tampered, replayed or out of order", 6);
    }

    @Test
    void zeroShortAndOversizedLengthsEndTheConnectionAndAFrameOfExactly64KiBIsRead() throws Exception {
        ts = server.start();
        SpecClient zero = own(SpecClient.preambled(ts.port(), key()));
        SpecClient over = own(SpecClient.preambled(ts.port(), key()));
        SpecClient negative = own(SpecClient.preambled(ts.port(), key()));
        SpecClient shorter = own(SpecClient.preambled(ts.port(), key()));
        SpecClient max = own(SpecClient.preambled(ts.port(), key()));
        // when:
        zero.sendRaw(new byte[4]);
        over.sendRaw(new byte[]{0, 1, 0, 1}); // 65537
        negative.sendRaw(new byte[]{(byte) 0x80, 0, 0, 0});
        shorter.sendRaw(SpecClient.concat(new byte[]{0, 0, 0, 27}, new byte[27]));
        String padded = "{\"type\":\"HELLO\",\"agent\":\"a\",\"x\":\"" + "b".repeat(SpecClient.MAX_FRAME - 28 - 35) + "\"}";
        assertEquals(SpecClient.MAX_FRAME - 28, padded.length());
        max.sendJson(padded);
        max.heartbeat();
        // then:
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, zero.awaitClosed(T));
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, over.awaitClosed(T));
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, negative.awaitClosed(T));
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, shorter.awaitClosed(T));
        max.awaitType("HEARTBEAT_OK", T);
        ts.awaitLogLine("ERROR", "^Corrupt frame from /127\\.0\\.0\\.1:\\d+: frame length is zero");
        ts.awaitLogLine("ERROR", "^Protocol error from /127\\.0\\.0\\.1:\\d+: frame length 65537 exceeds the maximum of 65536 bytes");
        ts.awaitLogLine("ERROR", "^Corrupt frame from /127\\.0\\.0\\.1:\\d+: frame length is negative as a signed 32-bit value");
        ts.awaitLogLine("ERROR", "^Corrupt frame from /127\\.0\\.0\\.1:\\d+: frame payload of 27 bytes is shorter than the 28-byte minimum \\(nonce \\+ tag\\)");
    }

    // ------------------------------------------------------------------ §6.5 the end

    @Test
    void logoutEndsTheConnectionWithoutAFrame() throws Exception {
        ts = server.start();
        SpecClient c = login("user1", "pass123");
        // when:
        c.logout();
        // then:
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
        assertEquals(List.of("WELCOME", "AUTH_SUCCESS"), c.received().stream().map(SpecClient::type).toList());
    }

    @Test
    void stoppingTheServerSendsServerShutdownThenACleanClose() throws Exception {
        ts = server.start();
        SpecClient c = login("user1", "pass123");
        // when:
        ts.server().stop();
        // then:
        assertTrue(c.awaitType("SERVER_SHUTDOWN", T).get("message").isTextual());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
    }

    @Test
    void stoppingTheServerSendsServerShutdownBeforeHelloButClosesAHandshakeInProgressWithoutAFrame() throws Exception {
        ts = server.start();
        SpecClient handshaken = own(SpecClient.preambled(ts.port(), key()));
        handshaken.awaitType("WELCOME", T);
        SpecClient halfway = own(SpecClient.tcp(ts.port(), key()));
        halfway.sendRaw(SpecClient.preamble(SpecClient.VERSION));
        // the server's preamble shows it has accepted the connection (one still in the kernel's backlog would be reset)
        assertEquals(hex(SERVER_PREAMBLE), hex(halfway.readRaw(4, T)));
        // when:
        ts.server().stop();
        // then:
        assertTrue(handshaken.awaitType("SERVER_SHUTDOWN", T).get("message").isTextual());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, handshaken.awaitClosed(T));
        assertEquals("", hex(halfway.readAllRaw(T)), "no frame after the preamble");
    }

    @Test
    void anOperatorKickIsAnErrorKickedThenACleanClose() throws Exception {
        ts = server.start();
        SpecClient c = login("user1", "pass123");
        String sessionId = c.awaitType("AUTH_SUCCESS", T).get("sessionId").asText();
        // when:
        assertTrue(ts.server().kick(sessionId));
        // then:
        assertEquals("KICKED", c.awaitType("ERROR", T).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
    }

    @Test
    void aServerAtItsConnectionLimitSendsTooManyConnectionsInsteadOfWelcome() throws Exception {
        ts = server.start(c -> c.withMaxConnections(1));
        own(SpecClient.hello(ts.port(), key())).awaitType("WELCOME", T);
        // when:
        SpecClient second = own(SpecClient.preambled(ts.port(), key()));
        // then:
        assertEquals("TOO_MANY_CONNECTIONS", second.awaitType("ERROR", T).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, second.awaitClosed(T));
        assertTrue(second.receivedOfType("WELCOME").isEmpty());
    }
}
