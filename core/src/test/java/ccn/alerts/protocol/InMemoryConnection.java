package ccn.alerts.protocol;

import ccn.alerts.crypto.NoiseHandshake;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;

import javax.crypto.AEADBadTagException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One connection's handshake run in memory, on byte arrays. Both ephemeral keys are fixed, so the
 * handshake gives the same keys every time and either side can be rebuilt from the bytes the other
 * one wrote: the client's opening is computed, the server answers it, and each side's channel reads
 * what the other wrote. A wire is a preamble, then frames; the first frame is the handshake's.
 *
 * @param clientKey       the key string the client holds
 * @param serverKeys      the keys of the server it reaches
 * @param clientEphemeral the client's ephemeral private key
 * @param serverEphemeral the server's ephemeral private key
 */
record InMemoryConnection(SharedKey clientKey, ServerKeys serverKeys, byte[] clientEphemeral, byte[] serverEphemeral) {
    static final int MAX = FrameDecoder.DEFAULT_MAX_FRAME_LENGTH;
    /** The client's preamble and INIT frame. */
    static final int OPENING_LENGTH = Preamble.LENGTH + FrameDecoder.HEADER_LENGTH + Handshake.INIT_LENGTH;

    /** The same client (key string and ephemeral key) reaching a server with other keys. */
    InMemoryConnection withServer(ServerKeys otherServer) {
        return new InMemoryConnection(clientKey, otherServer, clientEphemeral, serverEphemeral);
    }

    /** What the client sends first: its preamble and INIT frame. */
    byte[] clientOpening() {
        return new Handshake.Client(clientKey, MAX, clientEphemeral).opening(null);
    }

    /** What the server answers to that opening: its preamble and its RESPONSE (or REJECT) frame. */
    byte[] serverOpening() {
        Handshake.Outcome outcome = new Handshake.Server(serverKeys, MAX, serverEphemeral)
                .respond(payloads(clientOpening()).get(0), null);
        return concat(Preamble.encode(), outcome.frame());
    }

    /** The client's channel, reading {@code fromServer} and writing to {@code out}. */
    SecureChannel client(byte[] fromServer, ByteArrayOutputStream out, FrameTap tap) throws IOException {
        return SecureChannel.client(new ByteArrayInputStream(fromServer), out, () -> { },
                new Handshake.Client(clientKey, MAX, clientEphemeral), MAX, tap);
    }

    SecureChannel client(byte[] fromServer) throws IOException {
        return client(fromServer, new ByteArrayOutputStream(), null);
    }

    /** The server's channel, reading {@code fromClient} and writing to {@code out}. */
    SecureChannel server(byte[] fromClient, ByteArrayOutputStream out) throws IOException {
        return SecureChannel.server(new ByteArrayInputStream(fromClient), out, () -> { },
                new Handshake.Server(serverKeys, MAX, serverEphemeral), MAX);
    }

    SecureChannel server(byte[] fromClient) throws IOException {
        return server(fromClient, new ByteArrayOutputStream());
    }

    /** All the client writes: its opening, then the messages sealed. */
    byte[] clientWire(Message... messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SecureChannel client = client(serverOpening(), out, null);
        for (Message m : messages) {
            client.send(m);
        }
        return out.toByteArray();
    }

    /** All the server writes: its preamble and RESPONSE, then the messages sealed. */
    byte[] serverWire(Message... messages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SecureChannel server = server(clientOpening(), out);
        for (Message m : messages) {
            server.send(m);
        }
        return out.toByteArray();
    }

    /**
     * The two frame keys and the handshake hash this connection's handshake yields, from
     * {@link NoiseHandshake} itself, for checking what a sealed frame was sealed with.
     */
    NoiseHandshake.Split noiseSplit() throws AEADBadTagException {
        NoiseHandshake client = NoiseHandshake.initiator(Handshake.prologue(), clientKey.classKey(),
                clientKey.serverPublicKey(), clientEphemeral);
        NoiseHandshake server = NoiseHandshake.responder(Handshake.prologue(), serverKeys.classKey(),
                serverKeys.identityPrivateKey(), serverEphemeral);
        server.readMessage(client.writeMessage(new byte[0]));
        client.readMessage(server.writeMessage(new byte[0]));
        return client.split();
    }

    /** Every frame after the preamble, headers included. */
    static List<byte[]> frames(byte[] wire) {
        List<byte[]> frames = new ArrayList<>();
        int pos = Preamble.LENGTH;
        while (pos < wire.length) {
            int len = ((wire[pos] & 0xFF) << 24) | ((wire[pos + 1] & 0xFF) << 16) | ((wire[pos + 2] & 0xFF) << 8)
                    | (wire[pos + 3] & 0xFF);
            frames.add(Arrays.copyOfRange(wire, pos, pos + FrameDecoder.HEADER_LENGTH + len));
            pos += FrameDecoder.HEADER_LENGTH + len;
        }
        return frames;
    }

    /** The sealed frames after the handshake frame, headers included. */
    static List<byte[]> sealedFrames(byte[] wire) {
        List<byte[]> all = frames(wire);
        return all.subList(1, all.size());
    }

    /** Every frame's payload after the preamble. */
    static List<byte[]> payloads(byte[] wire) {
        return frames(wire).stream().map(f -> Arrays.copyOfRange(f, FrameDecoder.HEADER_LENGTH, f.length)).toList();
    }

    static byte[] header(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] filled(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
