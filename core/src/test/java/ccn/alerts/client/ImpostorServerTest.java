package ccn.alerts.client;

import ccn.alerts.crypto.NoiseHandshake;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.FrameDecoder;
import ccn.alerts.protocol.Handshake;
import ccn.alerts.protocol.Preamble;
import ccn.alerts.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A classmate who holds the key string runs a fake server. It has the class key, but not the
 * private key of the server the key string names: the client must find out in the handshake and
 * send nothing more, above all no LOGIN. Each fake server here records every byte the client sends.
 */
class ImpostorServerTest {
    private static final ServerKeys REAL = ServerKeys.generate();
    private static final String PASSWORD = "s3cret-pass";
    /** What an honest client sends before it has any proof: preamble, INIT frame. */
    private static final int OPENING = Preamble.LENGTH + FrameDecoder.HEADER_LENGTH + Handshake.INIT_LENGTH;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    /** What a fake server answers once it has read the client's preamble and INIT frame. */
    private interface Answer {
        byte[] to(byte[] initPayload) throws IOException;
    }

    /** Runs one fake connection; completes with every byte the client sent, once it hung up. */
    private CompletableFuture<byte[]> fakeServer(TestClient[] client, byte[] preamble, Answer answer) throws IOException {
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(listener);
        CompletableFuture<byte[]> received = new CompletableFuture<>();
        Thread.ofVirtual().name("impostor").start(() -> {
            try (Socket s = listener.accept()) {
                s.setSoTimeout(5_000);
                OutputStream out = s.getOutputStream();
                out.write(preamble);
                InputStream in = s.getInputStream();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                byte[] head = in.readNBytes(OPENING);
                all.write(head);
                if (head.length == OPENING && answer != null) {
                    out.write(answer.to(Arrays.copyOfRange(head, Preamble.LENGTH + FrameDecoder.HEADER_LENGTH, OPENING)));
                    out.flush();
                }
                all.write(in.readAllBytes()); // until the client hangs up
                received.complete(all.toByteArray());
            } catch (IOException e) {
                received.completeExceptionally(e);
            }
        });
        TestClient c = new TestClient(ClientConfig.of("127.0.0.1", listener.getLocalPort(), "alice", PASSWORD,
                REAL.sharedKey()).withConnectTimeout(Duration.ofSeconds(2)));
        resources.add(c);
        client[0] = c;
        return received;
    }

    /** A well-formed RESPONSE made by a complete handshake the impostor ran with its own identity. */
    private static byte[] selfMadeResponse(byte[] ignoredInit) {
        ServerKeys impostor = ServerKeys.of(REAL.classKey(), NoiseHandshake.newPrivateKey());
        byte[] opening = new Handshake.Client(impostor.sharedKey(), 65_536).opening(null);
        byte[] init = Arrays.copyOfRange(opening, Preamble.LENGTH + FrameDecoder.HEADER_LENGTH, opening.length);
        return new Handshake.Server(impostor, 65_536).respond(init, null).frame();
    }

    @Test
    void anImpostorWithTheClassKeyButNotThePrivateKey_isRefusedBeforeAnyLoginLeavesTheClient() throws Exception {
        TestClient[] client = new TestClient[1];
        CompletableFuture<byte[]> sent = fakeServer(client, Preamble.encode(), ImpostorServerTest::selfMadeResponse);

        // when:
        ClientStatus status = client[0].connect();

        // then:
        assertEquals(ClientState.WRONG_SERVER, status.state(), status.toString());
        assertTrue(status.reason().contains("could not prove its identity"), status.reason());
        byte[] bytes = sent.get(5, TimeUnit.SECONDS);
        assertEquals(OPENING, bytes.length, "nothing after the INIT frame: no HELLO, no LOGIN");
        assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains(PASSWORD));
        assertFalse(client[0].states().contains(ClientState.AUTHENTICATING), client[0].states().toString());
    }

    @Test
    void anImpostorThatAnswersWithRandomBytesOfTheRightShape_isRefusedTheSameWay() throws Exception {
        TestClient[] client = new TestClient[1];
        CompletableFuture<byte[]> sent = fakeServer(client, Preamble.encode(), init -> {
            byte[] frame = new byte[FrameDecoder.HEADER_LENGTH + Handshake.RESPONSE_LENGTH];
            new java.security.SecureRandom().nextBytes(frame);
            System.arraycopy(new byte[] {0, 0, 0, Handshake.RESPONSE_LENGTH, Handshake.RESPONSE}, 0, frame, 0, 5);
            return frame;
        });

        ClientStatus status = client[0].connect();

        assertEquals(ClientState.WRONG_SERVER, status.state(), status.toString());
        assertEquals(OPENING, sent.get(5, TimeUnit.SECONDS).length);
    }

    @Test
    void aRejectIsOnlyEverAReasonToStop_theClientSendsNothingMoreAndSaysWhy() throws Exception {
        TestClient[] client = new TestClient[1];
        CompletableFuture<byte[]> sent = fakeServer(client, Preamble.encode(), init -> {
            byte[] text = "your key string names another server".getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + text.length];
            payload[0] = Handshake.REJECT;
            payload[1] = Handshake.REJECT_OTHER_SERVER;
            System.arraycopy(text, 0, payload, 2, text.length);
            return ccn.alerts.protocol.FrameEncoder.encode(payload, 1024);
        });

        ClientStatus status = client[0].connect();

        assertEquals(ClientState.WRONG_SERVER, status.state(), status.toString());
        assertTrue(status.reason().startsWith("This is not the server your key string names — it may be an impostor,"
                + " or its identity was renewed"), status.reason());
        assertEquals(OPENING, sent.get(5, TimeUnit.SECONDS).length);
    }

    @Test
    void aProtocol1Server_isNamedAsSuchAndTheClientDoesNotRetry() throws Exception {
        TestClient[] client = new TestClient[1];
        byte[] v1 = new byte[20];
        System.arraycopy(new byte[] {'C', 'C', 'N', 1}, 0, v1, 0, 4);
        CompletableFuture<byte[]> sent = fakeServer(client, v1, null);

        ClientStatus status = client[0].connect();

        assertEquals(ClientState.UNREACHABLE, status.state(), status.toString());
        assertTrue(status.reason().matches("127\\.0\\.0\\.1:\\d+ is a protocol 1 server: update the server .*"), status.reason());
        assertEquals(OPENING, sent.get(5, TimeUnit.SECONDS).length);
    }

    @Test
    void theKeyStringNamesTheServerThatMustAnswer_aStringForAnotherServerDoesNotNameThisOne() {
        SharedKey other = REAL.sharedKey().withServerPublicKey(ServerKeys.generate().publicKey());
        assertFalse(Arrays.equals(REAL.sharedKey().serverKeyId(), other.serverKeyId()));
        assertFalse(REAL.sharedKey().fingerprint().equals(other.fingerprint()),
                "the fingerprint changes with the server, not only with the class key");
    }
}
