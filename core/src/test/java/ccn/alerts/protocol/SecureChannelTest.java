package ccn.alerts.protocol;

import ccn.alerts.crypto.AesGcm;
import ccn.alerts.crypto.NoiseHandshake;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.HandshakeException.Reason;
import ccn.alerts.protocol.Message.Ack;
import ccn.alerts.protocol.Message.ClientHello;
import ccn.alerts.protocol.Message.Heartbeat;
import ccn.alerts.protocol.Message.HeartbeatOk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static ccn.alerts.protocol.InMemoryConnection.MAX;
import static ccn.alerts.protocol.InMemoryConnection.OPENING_LENGTH;
import static ccn.alerts.protocol.InMemoryConnection.concat;
import static ccn.alerts.protocol.InMemoryConnection.filled;
import static ccn.alerts.protocol.InMemoryConnection.frames;
import static ccn.alerts.protocol.InMemoryConnection.header;
import static ccn.alerts.protocol.InMemoryConnection.payloads;
import static ccn.alerts.protocol.InMemoryConnection.sealedFrames;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The encrypted channel on byte arrays: what one side writes, handshake included, is fed to the
 * other side's reader ({@link InMemoryConnection}); and once over real loopback sockets.
 */
class SecureChannelTest {
    private static final ServerKeys KEYS = ServerKeys.of(filled(0x01), filled(0x02));
    private static final SharedKey KEY = KEYS.sharedKey();
    private static final InMemoryConnection CONNECTION = new InMemoryConnection(KEY, KEYS, filled(0x11), filled(0x22));
    /** Same class key and server identity on both ends, another handshake. */
    private static final InMemoryConnection OTHER_CONNECTION = new InMemoryConnection(KEY, KEYS, filled(0x33), filled(0x44));

    @Test
    void receive_decryptsWhatThePeerSentInEitherDirection() throws IOException {
        Message welcome = new Message.ServerHello("server", 30, 60);
        SecureChannel server = CONNECTION.server(CONNECTION.clientWire(new ClientHello("test"), new Ack(1), new Heartbeat(2)));
        SecureChannel client = CONNECTION.client(CONNECTION.serverWire(welcome, new HeartbeatOk(5)));

        assertEquals(new ClientHello("test"), server.receive());
        assertEquals(new Ack(1), server.receive());
        assertEquals(new Heartbeat(2), server.receive());
        assertThrows(EOFException.class, server::receive);
        assertEquals(3, server.framesReceived());
        assertEquals(welcome, client.receive());
        assertEquals(new HeartbeatOk(5), client.receive());
        assertThrows(EOFException.class, client::receive);
    }

    @Test
    void handshake_givesBothEndsTheSameHashAndEachConnectionItsOwn() throws IOException {
        SecureChannel client = CONNECTION.client(CONNECTION.serverOpening());
        SecureChannel server = CONNECTION.server(CONNECTION.clientOpening());
        SecureChannel other = OTHER_CONNECTION.server(OTHER_CONNECTION.clientOpening());

        assertTrue(client.handshakeHash().matches("[0-9a-f]{64}"), client.handshakeHash());
        assertEquals(client.handshakeHash(), server.handshakeHash());
        assertNotEquals(server.handshakeHash(), other.handshakeHash());
        assertEquals(OPENING_LENGTH, client.bytesOut());
        assertEquals(Preamble.LENGTH + FrameDecoder.HEADER_LENGTH + Handshake.RESPONSE_LENGTH, server.bytesOut());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 27})
    void receive_reportsAFirstFrameTooShortForNonceAndTagAsCorrupt(int length) throws IOException {
        SecureChannel server = CONNECTION.server(concat(CONNECTION.clientOpening(), header(length), new byte[length]));

        CorruptedFrameException e = assertThrows(CorruptedFrameException.class, server::receive);

        assertEquals("frame payload of " + length + " bytes is shorter than the 28-byte minimum (nonce + tag)",
                e.getMessage());
    }

    @Test
    void open_reportsAShortPayloadAsCorruptOnALaterFrameTooAndTapRecordsIt() throws IOException {
        SecureChannel server = CONNECTION.server(CONNECTION.clientWire(new ClientHello("test")));
        server.receive();
        List<FrameRecord> records = new ArrayList<>();
        server.setTap(records::add);

        // when: the non-blocking readers hand payloads to open() themselves
        CorruptedFrameException e = assertThrows(CorruptedFrameException.class, () -> server.open(new byte[27]));

        assertTrue(e.getMessage().startsWith("frame payload of 27 bytes"), e.getMessage());
        assertEquals(1, records.size());
        assertEquals(e.getMessage(), records.get(0).error());
        assertEquals(1, records.get(0).sequence());
    }

    @Test
    void open_triesToDecryptAPayloadOfExactlyTheMinimum() throws IOException {
        SecureChannel server = CONNECTION.server(CONNECTION.clientOpening());

        DecryptionFailedException e = assertThrows(DecryptionFailedException.class,
                () -> server.open(new byte[SecureChannel.MIN_PAYLOAD_LENGTH]));

        assertEquals(0, e.sequence());
        assertEquals(28, SecureChannel.MIN_PAYLOAD_LENGTH);
    }

    @Test
    void receive_rejectsTamperedCiphertextAndTapRecordsIt() throws IOException {
        byte[] wire = CONNECTION.clientWire(new ClientHello("test"));
        wire[wire.length - 20] ^= 0x01;
        SecureChannel server = CONNECTION.server(wire);
        List<FrameRecord> records = new ArrayList<>();
        server.setTap(records::add);

        DecryptionFailedException e = assertThrows(DecryptionFailedException.class, server::receive);

        assertEquals(0, e.sequence());
        assertEquals(1, records.size());
        assertTrue(records.get(0).failed());
        assertNull(records.get(0).json());
        assertEquals(e.getMessage(), records.get(0).error());
    }

    @Test
    void receive_rejectsReplayedFrame() throws IOException {
        List<byte[]> sealed = sealedFrames(CONNECTION.clientWire(new ClientHello("test"), new Ack(1)));
        SecureChannel server = CONNECTION.server(concat(CONNECTION.clientOpening(), sealed.get(0), sealed.get(1), sealed.get(1)));
        server.receive();
        server.receive();

        DecryptionFailedException e = assertThrows(DecryptionFailedException.class, server::receive);

        assertEquals(2, e.sequence());
    }

    @Test
    void receive_rejectsReorderedFrames() throws IOException {
        List<byte[]> sealed = sealedFrames(CONNECTION.clientWire(new ClientHello("test"), new Ack(1), new Ack(2)));
        SecureChannel server = CONNECTION.server(concat(CONNECTION.clientOpening(), sealed.get(0), sealed.get(2), sealed.get(1)));
        server.receive();

        DecryptionFailedException e = assertThrows(DecryptionFailedException.class, server::receive);

        assertEquals(1, e.sequence());
    }

    @Test
    void receive_rejectsFramesReflectedBackToTheirSender() throws Exception {
        // Each direction has its own key: the server's own first frame, fed back to the server...
        byte[] serverFrame = sealedFrames(CONNECTION.serverWire(new ClientHello("mirror"))).get(0);
        SecureChannel server = CONNECTION.server(concat(CONNECTION.clientOpening(), serverFrame));
        assertThrows(DecryptionFailedException.class, server::receive);

        // ...and the client's first frame, fed back to the client.
        byte[] clientFrame = sealedFrames(CONNECTION.clientWire(new ClientHello("mirror"))).get(0);
        SecureChannel client = CONNECTION.client(concat(CONNECTION.serverOpening(), clientFrame));
        assertThrows(DecryptionFailedException.class, client::receive);

        // Not only the direction in the associated data: the other direction's key opens nothing.
        NoiseHandshake.Split keys = CONNECTION.noiseSplit();
        byte[] payload = payloads(CONNECTION.serverWire(new ClientHello("mirror"))).get(1);
        byte[] ad = AssociatedData.of(Preamble.VERSION, Direction.SERVER_TO_CLIENT, keys.handshakeHash(), 0);
        assertArrayEquals(MessageCodec.encode(new ClientHello("mirror")),
                AesGcm.aead(keys.responderToInitiator().key()).decrypt(payload, ad));
        assertThrows(GeneralSecurityException.class, () -> AesGcm.aead(keys.initiatorToResponder().key()).decrypt(payload, ad));
    }

    @Test
    void receive_rejectsFrameMovedToAnotherConnection() throws IOException {
        byte[] frame = sealedFrames(CONNECTION.clientWire(new ClientHello("test"))).get(0);
        SecureChannel otherServer = OTHER_CONNECTION.server(concat(OTHER_CONNECTION.clientOpening(), frame));

        assertThrows(DecryptionFailedException.class, otherServer::receive);
    }

    @Test
    void handshake_rejectsPeerThatIsNotCcn() {
        byte[] request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes();
        byte[] response = "HTTP/1.1 400 Bad Request\r\n\r\n".getBytes();

        HandshakeException atServer = assertThrows(HandshakeException.class, () -> CONNECTION.server(request));
        HandshakeException atClient = assertThrows(HandshakeException.class, () -> CONNECTION.client(response));

        assertEquals(Reason.NOT_CCN, atServer.reason());
        assertEquals("not a CCN alert peer: its first bytes are 0x47", atServer.getMessage());
        assertEquals(Reason.NOT_CCN, atClient.reason());
    }

    @ParameterizedTest
    @CsvSource({"1, OLD_VERSION", "3, NEWER_VERSION", "255, NEWER_VERSION", "0, NOT_CCN"})
    void handshake_rejectsAnotherProtocolVersion(int version, Reason reason) {
        byte[] preamble = {'C', 'C', 'N', (byte) version};

        HandshakeException atServer = assertThrows(HandshakeException.class, () -> CONNECTION.server(preamble));
        HandshakeException atClient = assertThrows(HandshakeException.class, () -> CONNECTION.client(preamble));

        assertEquals(reason, atServer.reason());
        assertEquals(reason, atClient.reason());
        assertTrue(atServer.getMessage().contains("version " + version), atServer.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 6, 52})
    void handshake_reportsPeerThatVanishesMidPreambleOrMidHandshakeFrame(int received) {
        IOException atServer = assertThrows(IOException.class,
                () -> CONNECTION.server(Arrays.copyOf(CONNECTION.clientOpening(), received)));
        IOException atClient = assertThrows(IOException.class,
                () -> CONNECTION.client(Arrays.copyOf(CONNECTION.serverOpening(), received)));

        // Nothing at all is a close before the preamble; anything more is a truncated preamble or frame.
        Class<?> expected = received == 0 ? EOFException.class : TruncatedFrameException.class;
        assertEquals(expected, atServer.getClass());
        assertEquals(expected, atClient.getClass());
    }

    @Test
    void send_failsFastAfterClose() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean[] resourceClosed = {false};
        SecureChannel client = SecureChannel.client(new ByteArrayInputStream(CONNECTION.serverOpening()), out,
                () -> resourceClosed[0] = true, new Handshake.Client(KEY, MAX, CONNECTION.clientEphemeral()), MAX, null);

        client.close();

        IOException e = assertThrows(IOException.class, () -> client.send(new Ack(1)));
        assertEquals("channel is closed", e.getMessage());
        assertTrue(client.isClosed() && resourceClosed[0]);
        assertEquals(OPENING_LENGTH, out.size(), "nothing written after the close");
    }

    @Test
    void channelsTalkOverLoopbackSockets() throws Exception {
        record ServerSide(Message hello, long bytesIn, long bytesOut, String hash) {
        }
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket listener = new ServerSocket(0, 1, loopback);
             ExecutorService executor = Executors.newSingleThreadExecutor();
             Socket socket = new Socket(loopback, listener.getLocalPort())) {
            listener.setSoTimeout(10_000);
            socket.setSoTimeout(10_000);
            Future<ServerSide> serverSide = executor.submit(() -> {
                try (Socket s = listener.accept()) {
                    s.setSoTimeout(10_000);
                    SecureChannel server = SecureChannel.server(s, KEYS, MAX);
                    Message hello = server.receive();
                    long in = server.bytesIn();
                    server.send(new HeartbeatOk(9));
                    return new ServerSide(hello, in, server.bytesOut(), server.handshakeHash());
                }
            });
            SecureChannel client = SecureChannel.client(socket, KEY, MAX);
            client.send(new ClientHello("loopback"));

            assertEquals(new HeartbeatOk(9), client.receive());
            ServerSide server = serverSide.get(10, TimeUnit.SECONDS);
            assertEquals(new ClientHello("loopback"), server.hello());
            assertEquals(server.hash(), client.handshakeHash());
            assertEquals(client.bytesOut(), server.bytesIn());
            assertEquals(server.bytesOut(), client.bytesIn());
            assertTrue(client.bytesOut() > OPENING_LENGTH + SecureChannel.MIN_PAYLOAD_LENGTH, "" + client.bytesOut());
        }
    }

    @Test
    void tap_seesTheHandshakeBeforeTheFirstSealedFrame() throws IOException {
        List<FrameRecord> records = new ArrayList<>();
        SecureChannel client = CONNECTION.client(CONNECTION.serverWire(new HeartbeatOk(3)), new ByteArrayOutputStream(),
                records::add);
        client.receive();
        client.send(new Ack(4));

        assertEquals(List.of("HANDSHAKE_INIT", "HANDSHAKE_RESPONSE", "HEARTBEAT_OK", "ACK"),
                records.stream().map(FrameRecord::type).toList());
        assertEquals(List.of(true, true, false, false), records.stream().map(FrameRecord::handshake).toList());
        FrameRecord init = records.get(0);
        assertEquals(Direction.CLIENT_TO_SERVER, init.direction());
        assertEquals(FrameDecoder.HEADER_LENGTH + Handshake.INIT_LENGTH, init.frameLength());
        String clientEphemeral = HexFormat.of().formatHex(NoiseHandshake.publicKey(CONNECTION.clientEphemeral()));
        assertTrue(init.json().contains("\"clientEphemeral\":\"" + clientEphemeral + "\""), init.json());
        assertTrue(init.json().contains("\"serverKeyId\":\"" + HexFormat.of().formatHex(KEY.serverKeyId()) + "\""), init.json());
        FrameRecord response = records.get(1);
        assertEquals(Direction.SERVER_TO_CLIENT, response.direction());
        assertEquals(FrameDecoder.HEADER_LENGTH + Handshake.RESPONSE_LENGTH, response.frameLength());
        assertTrue(response.json().contains("\"serverIdentity\":\"proven\""), response.json());
        assertTrue(response.json().contains("\"handshakeHash\":\"" + client.handshakeHash() + "\""), response.json());
        assertNull(response.error());
        assertEquals(0, records.get(2).sequence());
        assertEquals(Direction.SERVER_TO_CLIENT, records.get(2).direction());
    }

    @Test
    void tap_seesSentAndReceivedFramesWithTheirMeaningButNoPassword() throws IOException {
        List<FrameRecord> sent = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SecureChannel client = CONNECTION.client(CONNECTION.serverOpening(), out, null);
        client.setTap(sent::add);
        client.send(new Message.Login("admin", "admin123"));
        client.send(new Ack(7));
        List<FrameRecord> received = new ArrayList<>();
        SecureChannel server = CONNECTION.server(out.toByteArray());
        server.setTap(received::add);

        assertEquals(new Message.Login("admin", "admin123"), server.receive());
        server.receive();

        assertEquals(2, sent.size());
        assertEquals(2, received.size());
        for (FrameRecord login : List.of(sent.get(0), received.get(0))) {
            assertEquals("LOGIN", login.type());
            assertFalse(login.json().contains("admin123"), "the inspector never shows a password");
            assertTrue(login.json().contains("********"), login.json());
        }
        assertEquals(Direction.CLIENT_TO_SERVER, received.get(1).direction());
        assertEquals("ACK", received.get(1).type());
        assertEquals("{\"type\":\"ACK\",\"alertId\":7}", received.get(1).json());
        assertEquals(1, received.get(1).sequence());
        assertEquals(2 * FrameRecord.PREVIEW_BYTES, received.get(1).cipherHex().length());
        assertEquals(sent.get(1).cipherHex(), received.get(1).cipherHex());
        assertEquals(sent.get(1).frameLength(), received.get(1).frameLength());
    }

    @Test
    void handshake_aServerWithAnotherClassKeyRejectsTheClient() throws IOException {
        InMemoryConnection otherClassKey = CONNECTION.withServer(ServerKeys.of(filled(0x05), filled(0x02)));

        assertRejected(otherClassKey, Reason.WRONG_CLASS_KEY, Handshake.REJECT_CLASS_KEY, Reason.REJECTED_CLASS_KEY);
    }

    @Test
    void handshake_anotherServerRejectsAKeyStringNotNamingIt() throws IOException {
        InMemoryConnection otherServer = CONNECTION.withServer(ServerKeys.of(filled(0x01), filled(0x06)));

        assertRejected(otherServer, Reason.OTHER_SERVER, Handshake.REJECT_OTHER_SERVER, Reason.REJECTED_OTHER_SERVER);
    }

    @Test
    void handshake_catchesAnImpostorWithTheClassKeyBeforeTheClientSaysAnything() throws IOException {
        // The impostor knows the class key, not the server's private key. Its best answer is a real
        // Noise RESPONSE to the client's ephemeral key, made with its own static key.
        ServerKeys impostor = ServerKeys.of(filled(0x01), filled(0x66));
        InMemoryConnection toImpostor = new InMemoryConnection(KEY.withServerPublicKey(impostor.publicKey()), impostor,
                CONNECTION.clientEphemeral(), CONNECTION.serverEphemeral());
        byte[] answer = toImpostor.serverOpening();
        byte[] response = payloads(answer).get(0);
        assertEquals(Handshake.RESPONSE_LENGTH, response.length);
        assertEquals(Handshake.RESPONSE, response[0]);
        ByteArrayOutputStream clientOut = new ByteArrayOutputStream();
        List<FrameRecord> records = new ArrayList<>();

        HandshakeException e = assertThrows(HandshakeException.class, () -> CONNECTION.client(answer, clientOut, records::add));

        assertEquals(Reason.IMPOSTOR, e.reason());
        assertEquals(OPENING_LENGTH, clientOut.size(), "nothing after the opening");
        assertArrayEquals(CONNECTION.clientOpening(), clientOut.toByteArray());
        assertEquals("HANDSHAKE_RESPONSE", records.get(1).type());
        assertEquals(e.getMessage(), records.get(1).error());
        assertNull(records.get(1).json(), "nothing is proven");
    }

    /** The server refuses the client's INIT, answers REJECT, and the client stops there. */
    private static void assertRejected(InMemoryConnection connection, Reason atServer, int code, Reason atClient) {
        ByteArrayOutputStream serverOut = new ByteArrayOutputStream();
        HandshakeException refused = assertThrows(HandshakeException.class,
                () -> connection.server(connection.clientOpening(), serverOut));
        assertEquals(atServer, refused.reason());
        byte[] reject = payloads(serverOut.toByteArray()).get(0);
        assertEquals(Handshake.REJECT, reject[0]);
        assertEquals(code, reject[1]);
        assertEquals(1, frames(serverOut.toByteArray()).size(), "nothing after the REJECT");

        ByteArrayOutputStream clientOut = new ByteArrayOutputStream();
        HandshakeException rejected = assertThrows(HandshakeException.class,
                () -> connection.client(serverOut.toByteArray(), clientOut, null));
        assertEquals(atClient, rejected.reason());
        assertEquals(OPENING_LENGTH, clientOut.size(), "nothing after the opening");
    }
}
