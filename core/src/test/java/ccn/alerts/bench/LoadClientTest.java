package ccn.alerts.bench;

import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.FrameDecoder;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.MessageCodec;
import ccn.alerts.protocol.Priority;
import ccn.alerts.protocol.SecureChannel;
import ccn.alerts.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load clients share one engine selector loop and run the protocol on it: nothing may be lost
 * or left unacknowledged by it, and nothing a client does may block its caller.
 */
class LoadClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX = FrameDecoder.DEFAULT_MAX_FRAME_LENGTH;
    private static final LoadClient.Sink IGNORE = (client, alertId, nanos) -> { };

    private final LoadClientLoop loop = new LoadClientLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Test
    void fiftyClients_reportAndAcknowledgeEveryAlert_heartbeatOnTheirOwn_andCloseOnServerShutdown(@TempDir Path dir)
            throws Exception {
        // given: a one-second heartbeat, so the scheduled heartbeats come during the test
        int n = 50;
        int alerts = 20;
        Set<String> received = ConcurrentHashMap.newKeySet();
        List<LoadClient> clients = new ArrayList<>();
        BenchServer server = BenchServer.start(dir, 10, 1_000, Duration.ofSeconds(1));
        try {
            for (int i = 0; i < n; i++) {
                LoadClient c = LoadClient.connect(loop, i, local(server.port()), server.key(),
                        BenchServer.userName(i % 10), BenchServer.PASSWORD, TIMEOUT,
                        (client, alertId, nanos) -> received.add(client.index() + "/" + alertId));
                clients.add(c);
            }
            for (LoadClient c : clients) {
                c.awaitLogin();
            }

            // when:
            List<Long> ids = new ArrayList<>();
            for (int a = 0; a < alerts; a++) {
                ServerControl.FanOut f = server.broadcast(n, TIMEOUT);
                // then:
                assertEquals(n, f.acks(), "ACKs the server counted for alert " + f.alertId());
                ids.add(f.alertId());
            }
            // The sink runs before the ACK is written, but on another thread: wait for it formally.
            Await.until(TIMEOUT, () -> received.size() == n * alerts, "every client reported every alert");
            for (LoadClient c : clients) {
                for (long id : ids) {
                    assertTrue(received.contains(c.index() + "/" + id), "client " + c.index() + " reported " + id);
                }
            }
            Await.until(TIMEOUT, () -> clients.stream().allMatch(c -> c.ackReplies() == alerts),
                    "every client got an ACK_OK per alert");
            Await.until(TIMEOUT, () -> clients.stream().allMatch(c -> c.heartbeatReplies() >= 1),
                    "every client heart-beat on its own and got its HEARTBEAT_OK");
        } finally {
            server.close();
        }
        Await.until(TIMEOUT, () -> clients.stream().allMatch(LoadClient::isClosed), "every client closed");
        for (LoadClient c : clients) {
            assertTrue(c.serverShutDown(), "client " + c.index() + " was told SERVER_SHUTDOWN: " + c.failure());
        }
    }

    @Test
    void alertSentInTheSameWriteAsAuthSuccess_isReportedAndAcknowledged() throws Exception {
        ServerKeys keyKeys = ServerKeys.generate();
        SharedKey key = keyKeys.sharedKey();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Message> serverSaw = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept(); SecureChannel server = SecureChannel.server(s, keyKeys, MAX)) {
                    s.setSoTimeout((int) TIMEOUT.toMillis());
                    server.receive(); // HELLO
                    server.send(new Message.ServerHello("fake", 30, 30));
                    server.receive(); // LOGIN
                    // One write: both frames arrive in one read of the client's socket.
                    byte[] auth = server.seal(MessageCodec.encode(new Message.AuthSuccess("load-00000", "s1", "hi")));
                    byte[] alert = server.seal(MessageCodec.encode(new Message.Alert(7, Priority.HIGH, "early",
                            Instant.now().toString(), Message.AlertSource.MANUAL, "op", null, false)));
                    byte[] both = new byte[auth.length + alert.length];
                    System.arraycopy(auth, 0, both, 0, auth.length);
                    System.arraycopy(alert, 0, both, auth.length, alert.length);
                    OutputStream out = s.getOutputStream();
                    out.write(both);
                    return server.receive();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Set<Long> reported = ConcurrentHashMap.newKeySet();

            // when:
            LoadClient client = LoadClient.connect(loop, 0, local(listener.getLocalPort()), key, "load-00000", "pw",
                    TIMEOUT, (c, alertId, nanos) -> reported.add(alertId));

            // then:
            client.awaitLogin();
            assertEquals(new Message.Ack(7), serverSaw.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            Await.until(TIMEOUT, () -> !reported.isEmpty(), "the early alert reported");
            assertEquals(Set.of(7L), reported);
        }
    }

    @Test
    void heartbeats_toAServerThatIsNotReading_areQueuedWithoutBlockingAndDeliveredInOrder() throws Exception {
        ServerKeys keyKeys = ServerKeys.generate();
        SharedKey key = keyKeys.sharedKey();
        int heartbeats = 100_000; // ~7 MB: more than loopback's socket buffers hold
        CompletableFuture<Void> allAsked = new CompletableFuture<>();
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReceiveBufferSize(4096); // inherited by the accepted socket
            listener.bind(local(0), 1);
            CompletableFuture<Long> serverSaw = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept(); SecureChannel server = SecureChannel.server(s, keyKeys, MAX)) {
                    s.setSoTimeout((int) TIMEOUT.toMillis());
                    server.receive(); // HELLO
                    server.send(new Message.ServerHello("fake", 30, 30));
                    server.receive(); // LOGIN
                    server.send(new Message.AuthSuccess("load-00000", "s1", "hi"));
                    allAsked.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS); // not reading meanwhile
                    long next = 0;
                    while (next < heartbeats) {
                        // receive() rejects a frame out of sequence; the seq checks the queue's order.
                        Message m = server.receive();
                        if (!(m instanceof Message.Heartbeat(long seq)) || seq != next) {
                            throw new IllegalStateException("expected HEARTBEAT " + next + ", got " + m);
                        }
                        next++;
                    }
                    return next;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            LoadClient client = LoadClient.connect(loop, 0, local(listener.getLocalPort()), key, "load-00000", "pw",
                    TIMEOUT, IGNORE);
            client.awaitLogin();

            // when: the caller never blocks, even though the server reads nothing yet
            assertTimeoutPreemptively(TIMEOUT, () -> {
                for (int i = 0; i < heartbeats; i++) {
                    client.heartbeat();
                }
            });
            // The loop runs tasks in order: once this one runs, every heartbeat has been sealed and
            // written or queued while the server was not reading.
            loop.selector().execute(() -> allAsked.complete(null));

            // then:
            assertEquals(heartbeats, serverSaw.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void login_failsWithinItsTimeoutWhenTheServerNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // The kernel completes the TCP handshake; nobody ever sends the preamble.
            LoadClient client = LoadClient.connect(loop, 0, local(silent.getLocalPort()), ServerKeys.generate().sharedKey(),
                    "load-00000", "pw", Duration.ofMillis(300), IGNORE);

            // when:
            SocketTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(SocketTimeoutException.class, client::awaitLogin));

            // then:
            assertTrue(e.getMessage().contains("no AUTH_SUCCESS within 300 ms"), e.getMessage());
            Await.until(TIMEOUT, client::isClosed, "the socket closed");
        }
    }

    @Test
    void connect_failsAtOnceWhenNobodyListens() throws Exception {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }

        // when / then:
        assertThrows(ConnectException.class, () -> LoadClient.connect(loop, 0, local(port), ServerKeys.generate().sharedKey(),
                "load-00000", "pw", TIMEOUT, IGNORE));
    }
}
