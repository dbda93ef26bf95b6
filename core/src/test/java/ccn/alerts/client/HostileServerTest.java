package ccn.alerts.client;

import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.FrameDecoder;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.protocol.SecureChannel;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client against a fake server (a raw socket on port 0) that is hostile or broken: every case
 * ends in a clear state with a reason, the connection thread does not hang, and logout returns.
 */
class HostileServerTest {
    private static final ServerKeys KEYKeys = ServerKeys.generate();
    private static final SharedKey KEY = KEYKeys.sharedKey();
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable r : resources.reversed()) {
            r.close();
        }
    }

    /** What the fake server does with each accepted connection. */
    private interface Script {
        void run(Socket socket) throws IOException;
    }

    private TestClient clientOf(Script script) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(listener);
        Thread.ofVirtual().name("fake-server").start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    resources.add(s);
                    Thread.ofVirtual().start(() -> {
                        try {
                            script.run(s);
                        } catch (IOException e) {
                            // the client hung up: fine for a fake server
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        TestClient client = new TestClient(ClientConfig.of("127.0.0.1", listener.getLocalPort(), "admin", "admin123", KEY)
                .withConnectTimeout(CONNECT_TIMEOUT).withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        resources.add(client);
        return client;
    }

    /** Speaks the protocol up to AUTH_SUCCESS with a 1 s heartbeat, then hands over the channel. */
    private static SecureChannel loggedIn(Socket s) throws IOException {
        SecureChannel ch = SecureChannel.server(s, KEYKeys, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
        ch.send(new Message.ServerHello("fake", 1, 10));
        ch.receive(); // HELLO
        ch.receive(); // LOGIN
        ch.send(new Message.AuthSuccess("admin", "s-1", "Welcome"));
        return ch;
    }

    private static void assertLogoutReturnsPromptly(TestClient client) {
        Instant start = Instant.now();
        client.engine.logout();
        Duration took = Duration.between(start, Instant.now());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "logout took " + took);
    }

    /**
     * Ctrl+C right after the server accepted the password, before the client has read AUTH_SUCCESS:
     * the server already counts the user as logged in, so the client must still say LOGOUT (the
     * server then logs a logout, not a vanished client). CI caught the GUI client's signal test
     * losing this race.
     */
    @Test
    void logoutWhileTheLoginAnswerIsOnItsWay_stillSaysLogout() throws Exception {
        java.util.concurrent.CompletableFuture<Message> afterLogin = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CountDownLatch loginRead = new java.util.concurrent.CountDownLatch(1);
        TestClient client = clientOf(s -> {
            SecureChannel ch = SecureChannel.server(s, KEYKeys, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
            ch.send(new Message.ServerHello("fake", 1, 10));
            ch.receive(); // HELLO
            ch.receive(); // LOGIN: the answer is "still checking" until the client gives up
            loginRead.countDown();
            try {
                afterLogin.complete(ch.receive());
            } catch (IOException e) {
                afterLogin.complete(null);
            }
        });
        client.engine.connect();
        assertTrue(loginRead.await(Await.DEFAULT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS), "the client sends LOGIN");
        client.awaitState(ClientState.AUTHENTICATING);

        // when:
        assertLogoutReturnsPromptly(client);

        // then:
        Message next = afterLogin.get(Await.DEFAULT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        assertTrue(next instanceof Message.Logout, "after LOGIN the client sent " + next);
    }

    @Test
    void garbageAfterAValidPreamble_isAClearFailureNotAHang() throws IOException {
        TestClient client = clientOf(s -> {
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {'C', 'C', 'N', 2});
            byte[] junk = new byte[300];
            new SplittableRandom(1).nextBytes(junk);
            byte[] length = {0, 0, 1, 40}; // 296: exactly the rest, so the junk reaches the handshake
            System.arraycopy(length, 0, junk, 0, 4);
            out.write(junk);
            out.flush();
            s.getInputStream().readAllBytes();
        });

        ClientStatus status = client.connect();

        assertTrue(status.state().isFailure(), status.toString());
        assertEquals(ClientState.UNREACHABLE, status.state(), status.toString());
        assertTrue(status.reason().contains("is not a CCN alert server (the server's handshake answer is malformed"),
                status.reason());
        assertLogoutReturnsPromptly(client);
    }

    @Test
    void firstFrameTooShortForNonceAndTag_isACorruptFrameNotAWrongKey() throws IOException {
        TestClient client = clientOf(s -> {
            SecureChannel.server(s, KEYKeys, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0, 0, 0, 5, 1, 2, 3, 4, 5});
            out.flush();
            s.getInputStream().readAllBytes();
        });

        // when:
        ClientStatus status = client.connect();

        // then:
        assertEquals(ClientState.UNREACHABLE, status.state(), status.toString());
        assertTrue(status.reason().matches("127\\.0\\.0\\.1:\\d+ sent a corrupt frame \\(frame payload of 5 bytes is "
                + "shorter than the 28-byte minimum \\(nonce \\+ tag\\)\\)"), status.reason());
        assertLogoutReturnsPromptly(client);
    }

    @Test
    void oversizedFrameHeader_isUnreachableNamingTheLengthWithoutAllocatingIt() throws IOException {
        TestClient client = clientOf(s -> {
            SecureChannel.server(s, KEYKeys, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
            OutputStream out = s.getOutputStream();
            out.write(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            out.flush();
            s.getInputStream().readAllBytes();
        });

        ClientStatus status = client.connect();

        assertEquals(ClientState.UNREACHABLE, status.state(), status.toString());
        assertTrue(status.reason().contains("exceeds the maximum of 65536 bytes"), status.reason());
        assertLogoutReturnsPromptly(client);
    }

    @Test
    void serverThatAcceptsAndNeverAnswers_isUnreachableAfterTheConnectTimeout() throws IOException {
        TestClient client = clientOf(s -> s.getInputStream().readAllBytes());

        ClientStatus status = client.connect();

        assertEquals(ClientState.UNREACHABLE, status.state(), status.toString());
        assertTrue(status.reason().contains("did not answer in time"), status.reason());
        assertLogoutReturnsPromptly(client);
    }

    @Test
    void serverThatGoesSilentAfterLogin_isDetectedAndTheClientReconnects() throws IOException {
        TestClient client = clientOf(s -> {
            loggedIn(s);
            s.getInputStream().readAllBytes(); // reads heartbeats, never answers
        });
        client.connected();

        client.awaitState(ClientState.RECONNECTING, Duration.ofSeconds(6));

        assertTrue(client.statuses.stream().anyMatch(st -> st.reason().equals("No answer from the server")),
                client.statuses.toString());
        assertLogoutReturnsPromptly(client);
    }

    @Test
    void frameThatDecryptsToGarbageAfterLogin_dropsTheConnectionAndReconnects() throws IOException {
        TestClient client = clientOf(s -> {
            SecureChannel ch = loggedIn(s);
            ch.sendEncoded("{\"type\":\"ALERT\",\"alertId\":-5}".getBytes(StandardCharsets.UTF_8));
            s.getInputStream().readAllBytes();
        });
        client.connected();

        client.awaitState(ClientState.RECONNECTING);

        assertTrue(client.statuses.stream().anyMatch(st -> st.reason().startsWith("Protocol error: ")),
                client.statuses.toString());
        assertTrue(client.alerts.isEmpty());
        assertLogoutReturnsPromptly(client);
    }

    @Test
    void serverThatFloodsAlertsButNeverReadsTheAcks_doesNotHangTheClient() throws IOException {
        TestClient client = clientOf(s -> {
            s.setReceiveBufferSize(4_096);
            SecureChannel ch = loggedIn(s);
            String text = "x".repeat(900);
            for (long id = 1; ; id++) { // never reads: the client's ACKs pile up until its writes block
                ch.send(new Message.Alert(id, Priority.LOW, text, "2026-11-30T12:00:00Z", Message.AlertSource.MANUAL,
                        "flood", null, false));
            }
        });
        client.connected();

        client.awaitState(ClientState.RECONNECTING, Duration.ofSeconds(15));

        System.out.println("flood: " + client.alerts.size() + " alerts shown, then " + client.statuses.getLast());
        assertLogoutReturnsPromptly(client);
        Await.until(() -> client.state() == ClientState.DISCONNECTED, "logged out: " + client.engine.status());
    }
}
