package ccn.alerts.protocol;

import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.Message.Ack;
import ccn.alerts.protocol.Message.ClientHello;
import ccn.alerts.protocol.Message.Heartbeat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The encrypted channel on byte arrays: what one side writes is fed to the other side's reader. */
class SecureChannelTest {
    private static final int MAX = FrameDecoder.DEFAULT_MAX_FRAME_LENGTH;
    private static final SharedKey KEY = SharedKey.generate();
    private static final byte[] CLIENT_NONCE = filled(0x11);
    private static final byte[] SERVER_NONCE = filled(0x22);

    @Test
    void receive_decryptsWhatThePeerSent() throws IOException {
        byte[] wire = clientWire(KEY, new ClientHello("test"), new Ack(1), new Heartbeat(2));

        SecureChannel server = serverReading(KEY, SERVER_NONCE, wire);

        assertEquals(new ClientHello("test"), server.receive());
        assertEquals(new Ack(1), server.receive());
        assertEquals(new Heartbeat(2), server.receive());
        assertThrows(EOFException.class, server::receive);
        assertEquals(3, server.framesReceived());
    }

    @Test
    void receive_flagsWrongKeyOnTheFirstFrame() throws IOException {
        byte[] wire = clientWire(SharedKey.generate(), new ClientHello("test"));

        SecureChannel server = serverReading(KEY, SERVER_NONCE, wire);

        DecryptionFailedException e = assertThrows(DecryptionFailedException.class, server::receive);
        assertTrue(e.isFirstFrame());
        assertTrue(e.getMessage().contains("different encryption key"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 27})
    void receive_reportsAFirstFrameTooShortForNonceAndTagAsCorruptNotAsAWrongKey(int length) throws IOException {
        byte[] wire = concat(Preamble.encode(CLIENT_NONCE), new byte[] {0, 0, 0, (byte) length}, new byte[length]);
        SecureChannel server = serverReading(KEY, SERVER_NONCE, wire);

        // when:
        CorruptedFrameException e = assertThrows(CorruptedFrameException.class, server::receive);

        // then:
        assertEquals("frame payload of " + length + " bytes is shorter than the 28-byte minimum (nonce + tag)",
                e.getMessage());
    }

    @Test
    void open_reportsAShortPayloadAsCorruptOnALaterFrameToo() throws IOException {
        SecureChannel server = serverReading(KEY, SERVER_NONCE, clientWire(KEY, new ClientHello("test")));
        server.receive();

        // when: the non-blocking readers hand payloads to open() themselves
        CorruptedFrameException e = assertThrows(CorruptedFrameException.class, () -> server.open(new byte[12]));

        // then:
        assertTrue(e.getMessage().startsWith("frame payload of 12 bytes"), e.getMessage());
    }

    @Test
    void open_triesToDecryptAPayloadOfExactlyTheMinimum() throws IOException {
        SecureChannel server = serverReading(KEY, SERVER_NONCE, Preamble.encode(CLIENT_NONCE));

        // when:
        DecryptionFailedException e = assertThrows(DecryptionFailedException.class,
                () -> server.open(new byte[SecureChannel.MIN_PAYLOAD_LENGTH]));

        // then:
        assertTrue(e.isFirstFrame());
    }

    @Test
    void minPayloadLength_isWhatTheKeysAeadAddsToAnEmptyPlaintext() throws Exception {
        // when: Tink's own output for the key type SharedKey builds (a Tink key-id prefix would add 5)
        int overhead = KEY.aead().encrypt(new byte[0], new byte[0]).length;

        // then:
        assertEquals(overhead, SecureChannel.MIN_PAYLOAD_LENGTH);
        assertEquals(12 + 16, overhead);
    }

    @Test
    void tap_recordsACorruptFrame() throws IOException {
        SecureChannel server = serverReading(KEY, SERVER_NONCE, Preamble.encode(CLIENT_NONCE));
        List<FrameRecord> received = new ArrayList<>();
        server.setTap(received::add);

        // when:
        assertThrows(CorruptedFrameException.class, () -> server.open(new byte[5]));

        // then:
        assertEquals(1, received.size());
        assertTrue(received.get(0).error().contains("shorter than the 28-byte minimum"), received.get(0).error());
    }

    @Test
    void receive_rejectsTamperedCiphertext() throws IOException {
        byte[] wire = clientWire(KEY, new ClientHello("test"));
        wire[wire.length - 20] ^= 0x01;

        SecureChannel server = serverReading(KEY, SERVER_NONCE, wire);

        assertThrows(DecryptionFailedException.class, server::receive);
    }

    @Test
    void receive_rejectsReplayedFrame() throws IOException {
        byte[] wire = clientWire(KEY, new ClientHello("test"), new Ack(1));
        List<byte[]> frames = frames(wire);
        byte[] replayed = concat(preamble(wire), frames.get(0), frames.get(1), frames.get(1));

        SecureChannel server = serverReading(KEY, SERVER_NONCE, replayed);
        server.receive();
        server.receive();

        DecryptionFailedException e = assertThrows(DecryptionFailedException.class, server::receive);
        assertFalse(e.isFirstFrame());
        assertEquals(2, e.sequence());
    }

    @Test
    void receive_rejectsReorderedFrames() throws IOException {
        byte[] wire = clientWire(KEY, new ClientHello("test"), new Ack(1), new Ack(2));
        List<byte[]> frames = frames(wire);
        byte[] reordered = concat(preamble(wire), frames.get(0), frames.get(2), frames.get(1));

        SecureChannel server = serverReading(KEY, SERVER_NONCE, reordered);
        server.receive();

        assertThrows(DecryptionFailedException.class, server::receive);
    }

    @Test
    void receive_rejectsFrameReflectedBackToItsSender() throws IOException {
        // The server's own first frame, fed back to the server as if the client had sent it.
        ByteArrayOutputStream serverOut = new ByteArrayOutputStream();
        SecureChannel server = SecureChannel.open(Direction.SERVER_TO_CLIENT,
                new ByteArrayInputStream(Preamble.encode(CLIENT_NONCE)), serverOut, () -> { }, KEY, MAX, SERVER_NONCE);
        server.send(new ClientHello("mirror"));
        byte[] reflected = concat(Preamble.encode(CLIENT_NONCE), frames(serverOut.toByteArray()).get(0));

        SecureChannel victim = serverReading(KEY, SERVER_NONCE, reflected);

        assertThrows(DecryptionFailedException.class, victim::receive);
    }

    @Test
    void receive_rejectsFrameMovedToAnotherConnection() throws IOException {
        byte[] wire = clientWire(KEY, new ClientHello("test"));

        SecureChannel otherConnection = serverReading(KEY, filled(0x33), wire);

        assertThrows(DecryptionFailedException.class, otherConnection::receive);
    }

    @Test
    void open_rejectsPeerThatIsNotCcn() {
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes();

        HandshakeException e = assertThrows(HandshakeException.class, () -> serverReading(KEY, SERVER_NONCE, http));
        assertTrue(e.getMessage().contains("not a CCN"), e.getMessage());
    }

    @Test
    void open_rejectsOtherProtocolVersion() {
        byte[] preamble = Preamble.encode(CLIENT_NONCE);
        preamble[3] = 2;

        HandshakeException e = assertThrows(HandshakeException.class, () -> serverReading(KEY, SERVER_NONCE, preamble));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void open_reportsPeerThatVanishesMidPreamble() {
        byte[] partial = Arrays.copyOf(Preamble.encode(CLIENT_NONCE), 7);

        assertThrows(TruncatedFrameException.class, () -> serverReading(KEY, SERVER_NONCE, partial));
    }

    @Test
    void send_failsFastAfterClose() throws IOException {
        SecureChannel client = SecureChannel.open(Direction.CLIENT_TO_SERVER,
                new ByteArrayInputStream(Preamble.encode(SERVER_NONCE)), new ByteArrayOutputStream(), () -> { },
                KEY, MAX, CLIENT_NONCE);
        client.close();

        assertThrows(IOException.class, () -> client.send(new Ack(1)));
    }

    @Test
    void channelsTalkOverLoopbackSockets() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Message> serverSaw = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept(); SecureChannel server = SecureChannel.server(s, KEY, MAX)) {
                    Message hello = server.receive();
                    server.send(new Message.HeartbeatOk(9));
                    return hello;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SecureChannel client = SecureChannel.client(
                    new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort()), KEY, MAX)) {
                client.send(new ClientHello("loopback"));

                assertEquals(new Message.HeartbeatOk(9), client.receive());
                assertEquals(new ClientHello("loopback"), serverSaw.get(10, TimeUnit.SECONDS));
                assertTrue(client.bytesOut() > Preamble.LENGTH && client.bytesIn() > Preamble.LENGTH);
            }
        }
    }

    @Test
    void tap_seesSentAndReceivedFramesWithTheirMeaning() throws IOException {
        List<FrameRecord> sent = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SecureChannel client = SecureChannel.open(Direction.CLIENT_TO_SERVER,
                new ByteArrayInputStream(Preamble.encode(SERVER_NONCE)), out, () -> { }, KEY, MAX, CLIENT_NONCE);
        client.setTap(sent::add);
        client.send(new Message.Login("admin", "admin123"));
        client.send(new Ack(7));
        List<FrameRecord> received = new ArrayList<>();
        SecureChannel server = serverReading(KEY, SERVER_NONCE, out.toByteArray());
        server.setTap(received::add);

        server.receive();
        server.receive();

        assertEquals(2, sent.size());
        assertEquals("LOGIN", sent.get(0).type());
        assertFalse(sent.get(0).json().contains("admin123"), "the inspector never shows a password");
        assertTrue(sent.get(0).json().contains("********"));
        assertEquals(Direction.CLIENT_TO_SERVER, received.get(1).direction());
        assertEquals("ACK", received.get(1).type());
        assertEquals("{\"type\":\"ACK\",\"alertId\":7}", received.get(1).json());
        assertEquals(1, received.get(1).sequence());
        assertEquals(2 * FrameRecord.PREVIEW_BYTES, received.get(1).cipherHex().length());
        assertEquals(sent.get(1).frameLength(), received.get(1).frameLength());
    }

    @Test
    void tap_recordsAFrameThatFailsToDecrypt() throws IOException {
        byte[] wire = clientWire(SharedKey.generate(), new ClientHello("test"));
        List<FrameRecord> received = new ArrayList<>();
        SecureChannel server = serverReading(KEY, SERVER_NONCE, wire);
        server.setTap(received::add);

        assertThrows(DecryptionFailedException.class, server::receive);

        assertEquals(1, received.size());
        assertTrue(received.get(0).failed());
        assertEquals(null, received.get(0).json());
        assertTrue(received.get(0).error().contains("different encryption key"), received.get(0).error());
    }

    // --- wire helpers ---

    private static byte[] clientWire(SharedKey key, Message... messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SecureChannel client = SecureChannel.open(Direction.CLIENT_TO_SERVER,
                new ByteArrayInputStream(Preamble.encode(SERVER_NONCE)), out, () -> { }, key, MAX, CLIENT_NONCE);
        for (Message m : messages) {
            client.send(m);
        }
        return out.toByteArray();
    }

    private static SecureChannel serverReading(SharedKey key, byte[] serverNonce, byte[] wire) throws IOException {
        return SecureChannel.open(Direction.SERVER_TO_CLIENT, new ByteArrayInputStream(wire),
                new ByteArrayOutputStream(), () -> { }, key, MAX, serverNonce);
    }

    private static byte[] preamble(byte[] wire) {
        return Arrays.copyOf(wire, Preamble.LENGTH);
    }

    private static List<byte[]> frames(byte[] wire) {
        List<byte[]> frames = new ArrayList<>();
        int pos = wire.length > 0 && wire[0] == 'C' ? Preamble.LENGTH : 0;
        while (pos < wire.length) {
            int len = ((wire[pos] & 0xFF) << 24) | ((wire[pos + 1] & 0xFF) << 16) | ((wire[pos + 2] & 0xFF) << 8) | (wire[pos + 3] & 0xFF);
            frames.add(Arrays.copyOfRange(wire, pos, pos + 4 + len));
            pos += 4 + len;
        }
        return frames;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[Preamble.NONCE_LENGTH];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
