package ccn.alerts.protocol;

import ccn.alerts.client.ClientConfig;
import ccn.alerts.crypto.AesGcm;
import ccn.alerts.crypto.NoiseHandshake;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A classmate records a whole session off the wire (a proxy between client and server here) and
 * later learns the class key, or even the server's private key. Neither opens the recording: the
 * frame keys also depend on the ephemeral-ephemeral Diffie-Hellman, whose private halves existed
 * only during the handshake (forward secrecy). The control case shows the attack procedure is
 * right: given the server's ephemeral private key as well, the same procedure finds the password.
 */
class RecordedSessionTest {
    private static final String PASSWORD = "admin123";

    @RegisterExtension
    final TestServerExtension servers = TestServerExtension.withDefaults();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    @Test
    void aRecordedLogin_opensNeitherWithTheKeyStringNorWithTheServersPrivateKeyAfterwards() throws Exception {
        TestServer ts = servers.start();
        Recording rec = proxyTo(ts.port());
        ts.client(ClientConfig.of("127.0.0.1", rec.port, "admin", PASSWORD, ts.key())).connected();
        Await.until(() -> rec.clientFrames().size() >= 2, "HELLO and LOGIN recorded");
        byte[] serverPrivate = ServerKeys.loadOrCreate(ts.server().config().dataDir(), note -> { }).identityPrivateKey();

        assertFalse(rec.clientBytes().toString(StandardCharsets.ISO_8859_1).contains(PASSWORD), "no password in clear");
        // The key string alone (class key + server public key): using the class key as the frame key,
        // as protocol 1 did, fails.
        assertNull(openLogin(rec, ts.key().classKey(), new byte[32]));
        // The class key and the server's private key, after the session: the responder's half of
        // the handshake can be replayed up to message 1, but not message 2 (the ephemeral is gone).
        assertNull(replayAsServer(rec, ts.key().classKey(), serverPrivate, NoiseHandshake.newPrivateKey()));
    }

    @Test
    void control_theSameProcedureOpensTheRecordingGivenTheServersEphemeralKey() throws Exception {
        ServerKeys keys = ServerKeys.generate();
        byte[] serverEphemeral = NoiseHandshake.newPrivateKey();
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(listener);
        Thread.ofVirtual().start(() -> {
            try (Socket s = listener.accept()) {
                SecureChannel server = SecureChannel.server(s.getInputStream(), s.getOutputStream(), s,
                        new Handshake.Server(keys, 65_536, serverEphemeral), 65_536);
                server.receive();
                server.receive();
            } catch (IOException ignored) {
                // the test reads the recording, not this side
            }
        });
        Recording rec = proxyTo(listener.getLocalPort());
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), rec.port);
             SecureChannel client = SecureChannel.client(socket, keys.sharedKey(), 65_536)) {
            client.send(new Message.ClientHello("recorded"));
            client.send(new Message.Login("admin", PASSWORD));
            Await.until(() -> rec.clientFrames().size() >= 3, "INIT, HELLO and LOGIN recorded");
        }

        byte[] login = replayAsServer(rec, keys.classKey(), keys.identityPrivateKey(), serverEphemeral);

        assertNotNull(login, "with the ephemeral key the recording opens");
        assertTrue(new String(login, StandardCharsets.UTF_8).contains(PASSWORD));
    }

    /**
     * Runs the server's half of the handshake on the recorded INIT with the given secrets; if its
     * answer is the recorded one, opens the recorded LOGIN with the keys it splits into.
     *
     * @return the LOGIN's JSON, or null when these secrets do not open it
     */
    private static byte[] replayAsServer(Recording rec, byte[] classKey, byte[] serverPrivate, byte[] ephemeral)
            throws Exception {
        List<byte[]> fromClient = rec.clientFrames();
        List<byte[]> fromServer = rec.serverFrames();
        NoiseHandshake noise = NoiseHandshake.responder(Handshake.prologue(), classKey, serverPrivate, ephemeral);
        byte[] init = fromClient.get(0);
        noise.readMessage(Arrays.copyOfRange(init, 9, init.length)); // works: these are the right static keys
        byte[] answer = noise.writeMessage(new byte[0]);
        byte[] recordedAnswer = Arrays.copyOfRange(fromServer.get(0), 1, fromServer.get(0).length);
        // another ephemeral key gives another answer, whose keys are tried all the same
        assertTrue(Arrays.equals(answer, recordedAnswer) == Arrays.equals(ephemeralPublic(ephemeral),
                Arrays.copyOf(recordedAnswer, 32)));
        NoiseHandshake.Split split = noise.split();
        return openLogin(rec, split.initiatorToResponder().key(), split.handshakeHash());
    }

    /** The recorded LOGIN (the client's second sealed frame) opened with a key and associated-data binding. */
    private static byte[] openLogin(Recording rec, byte[] key, byte[] binding) {
        byte[] payload = rec.clientFrames().get(2);
        try {
            return AesGcm.aead(key).decrypt(payload, AssociatedData.of(Preamble.VERSION, Direction.CLIENT_TO_SERVER,
                    binding, 1));
        } catch (GeneralSecurityException e) {
            return null;
        }
    }

    private static byte[] ephemeralPublic(byte[] ephemeralPrivate) {
        return NoiseHandshake.publicKey(ephemeralPrivate);
    }

    private Recording proxyTo(int serverPort) throws IOException {
        ServerSocket front = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        resources.add(front);
        Recording rec = new Recording(front.getLocalPort());
        Thread.ofVirtual().start(() -> {
            try (Socket client = front.accept(); Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort)) {
                Thread up = Thread.ofVirtual().start(() -> pump(client, server, rec.up));
                pump(server, client, rec.down);
                up.join();
            } catch (IOException | InterruptedException ignored) {
                // one side hung up
            }
        });
        return rec;
    }

    private static void pump(Socket from, Socket to, ByteArrayOutputStream record) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (record) {
                    record.write(buf, 0, n);
                }
                out.write(buf, 0, n);
            }
            to.shutdownOutput();
        } catch (IOException ignored) {
            // the session ended
        }
    }

    /** Both directions as a passive listener on the wire saw them. */
    private static final class Recording {
        final int port;
        final ByteArrayOutputStream up = new ByteArrayOutputStream();
        final ByteArrayOutputStream down = new ByteArrayOutputStream();

        Recording(int port) {
            this.port = port;
        }

        ByteArrayOutputStream clientBytes() {
            synchronized (up) {
                ByteArrayOutputStream copy = new ByteArrayOutputStream();
                copy.writeBytes(up.toByteArray());
                return copy;
            }
        }

        List<byte[]> clientFrames() {
            synchronized (up) {
                return frames(up.toByteArray());
            }
        }

        List<byte[]> serverFrames() {
            synchronized (down) {
                return frames(down.toByteArray());
            }
        }

        /** The whole frames after the 4-byte preamble, payloads only. */
        private static List<byte[]> frames(byte[] bytes) {
            List<byte[]> out = new ArrayList<>();
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (b.remaining() < Preamble.LENGTH) {
                return out;
            }
            b.position(Preamble.LENGTH);
            while (b.remaining() >= 4) {
                int n = b.getInt(b.position());
                if (b.remaining() < 4 + n) {
                    break;
                }
                b.getInt();
                byte[] payload = new byte[n];
                b.get(payload);
                out.add(payload);
            }
            return out;
        }
    }

    @Test
    void recordingsOfTwoSessions_shareNoFrameKey() throws Exception {
        TestServer ts = servers.start();
        Recording first = proxyTo(ts.port());
        ts.client(ClientConfig.of("127.0.0.1", first.port, "admin", PASSWORD, ts.key())).connected();
        Recording second = proxyTo(ts.port());
        ts.client(ClientConfig.of("127.0.0.1", second.port, "admin", PASSWORD, ts.key())).connected();
        Await.until(() -> first.serverFrames().size() >= 2 && second.serverFrames().size() >= 2, "both recorded");

        // the ephemeral keys differ, so every later byte does
        assertFalse(Arrays.equals(Arrays.copyOfRange(first.clientFrames().get(0), 9, 41),
                Arrays.copyOfRange(second.clientFrames().get(0), 9, 41)));
        assertFalse(Arrays.equals(Arrays.copyOfRange(first.serverFrames().get(0), 1, 33),
                Arrays.copyOfRange(second.serverFrames().get(0), 1, 33)));
        assertArrayEquals(Arrays.copyOfRange(first.clientFrames().get(0), 1, 9),
                Arrays.copyOfRange(second.clientFrames().get(0), 1, 9), "the same server key id");
    }
}
