package ccn.alerts.bench;

import ccn.alerts.client.AlertClient;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.net.Connection;
import ccn.alerts.protocol.Handshake;
import ccn.alerts.protocol.FrameDecoder;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.MessageCodec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One simulated client for the load generator: a real encrypted, authenticated connection, but
 * without {@link AlertClient}'s reconnect logic, listeners and threads. It is an engine
 * {@link Connection} (the server's own preamble, frame decoder, cipher, outbound queue and close)
 * with {@link Direction#CLIENT_TO_SERVER}, on the one {@link LoadClientLoop} of the run, and a
 * small handler that runs the whole protocol there: HELLO once the preambles are exchanged, LOGIN
 * on WELCOME, heartbeats from AUTH_SUCCESS on, an ACK for every ALERT, reported to the
 * {@link Sink} first. Ten thousand of these fit in one JVM: the cost per client is the socket and
 * a few small objects; a frame is buffered only while incomplete, and outgoing frames only while
 * the socket's send buffer is full.
 *
 * <p>Heartbeats use the connection's deadline, which the loop's sweep checks ten times a second;
 * the clients' first heartbeats are spread over the server's interval by index, so 10,000 clients
 * at 10 s send about 1,000 a second, not 10,000 in one burst.
 *
 * <p>Public so the GUI modules' load probes can put a console under real load.
 *
 * <p>Thread-safety: every public method may be called from any thread; whatever touches the
 * connection is handed to the loop, which is the only thread that does.
 */
public final class LoadClient implements AutoCloseable {

    /**
     * Where a client reports what it received. Called on the loop thread, for every client: it
     * must be quick and must not block.
     */
    public interface Sink {
        void alertReceived(LoadClient client, long alertId, long receivedNanos);
    }

    private static final byte[] HELLO = MessageCodec.encode(new Message.ClientHello("ccn-load-client/0.2"));
    private static final byte[] HELLO_LIFECYCLE = MessageCodec.encode(new Message.ClientHello("ccn-load-client/0.2",
            List.of(Message.LIFECYCLE)));
    private static final byte[] LOGOUT = MessageCodec.encode(new Message.Logout());
    /**
     * Frames that may wait for the socket. A load client sends only ACKs and heartbeats, so a
     * server that stops reading is found by {@link LoadClientLoop#STALL_LIMIT}, not by this bound;
     * it is large so that a burst of heartbeats to such a server queues (the queue grows only as
     * used).
     */
    private static final int QUEUE_CAPACITY = 1 << 17;
    /** How long our LOGOUT waits for the server to hang up before the socket is cut. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** First heartbeats fall into this many slots of the interval (the sweep is 1/10 s). */
    private static final int HEARTBEAT_SLOTS = 100;

    private enum State { CONNECTING, HELLO_SENT, LOGIN_SENT, LOGGED_IN, CLOSED }

    private final int index;
    private final LoadClientLoop loop;
    private final Sink sink;
    private final byte[] login;
    private final String user;
    private final Duration timeout;
    private final CompletableFuture<Void> loggedIn = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    // Written on the loop thread only, read from any.
    private volatile long heartbeatReplies;
    private volatile long ackReplies;
    private volatile long readReplies;
    private volatile boolean serverShutDown;
    private volatile Exception failure;

    // Loop thread only.
    private Connection connection;
    private State state = State.CONNECTING;
    private long heartbeatIntervalNanos;
    private long nextHeartbeatNanos;
    private long heartbeatSeq;

    private LoadClient(int index, LoadClientLoop loop, String user, String password, Duration timeout, Sink sink) {
        this.index = index;
        this.loop = loop;
        this.user = user;
        this.login = MessageCodec.encode(new Message.Login(user, password));
        this.timeout = timeout;
        this.sink = sink;
    }

    /**
     * Connects (blocking, at most {@code timeout}) and hands the socket to {@code loop}, where the
     * login runs; {@link #loggedIn()} says how it went, at the latest {@code timeout} after this
     * call began. Alerts are reported to {@code sink} from AUTH_SUCCESS on.
     *
     * @throws IOException the TCP connection could not be made
     */
    public static LoadClient connect(LoadClientLoop loop, int index, InetSocketAddress server, SharedKey key,
                                     String user, String password, Duration timeout, Sink sink) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SocketChannel socket = SocketChannel.open();
        try {
            // Blocking: on loopback it returns once the kernel has done the handshake, and it
            // keeps a connect burst bounded by the generator's concurrency.
            socket.socket().connect(server, (int) Math.max(1, timeout.toMillis()));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        LoadClient client = new LoadClient(index, loop, user, password, timeout, sink);
        loop.selector().execute(() -> client.open(socket, key, deadline));
        return client;
    }

    /** Loop thread: the socket becomes a connection of the loop, and our preamble goes out. */
    private void open(SocketChannel socket, SharedKey key, long loginDeadline) {
        try {
            SelectionKey selectionKey = loop.selector().register(socket);
            connection = new Connection(socket, selectionKey,
                    new Handshake.Client(key, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH),
                    FrameDecoder.DEFAULT_MAX_FRAME_LENGTH, QUEUE_CAPACITY, CLOSE_GRACE);
            selectionKey.attach(connection);
            connection.deadline(loginDeadline);
            connection.start(new Protocol());
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // it never served
            }
            failure = e;
            state = State.CLOSED;
            loggedIn.completeExceptionally(e);
            closed.complete(null);
        }
    }

    public int index() {
        return index;
    }

    /** Completes at AUTH_SUCCESS; fails with the reason when the client ends or times out before. */
    public CompletableFuture<Void> loggedIn() {
        return loggedIn;
    }

    /** Waits for {@link #loggedIn()}; throws what ended the login (a timeout included). */
    public void awaitLogin() throws IOException {
        try {
            // The login deadline is the loop's; the margin is for a loop busy with 10,000 clients.
            loggedIn.get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("login failed", e.getCause());
        } catch (TimeoutException e) {
            throw new SocketTimeoutException("the loop did not finish the login of client " + index);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while logging in");
        }
    }

    /** Completes once the socket is closed, for whatever reason. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** The server said SERVER_SHUTDOWN before it closed. */
    public boolean serverShutDown() {
        return serverShutDown;
    }

    /** What ended this client, if not a LOGOUT or SERVER_SHUTDOWN; null otherwise. */
    public Exception failure() {
        return failure;
    }

    public long heartbeatReplies() {
        return heartbeatReplies;
    }

    public long ackReplies() {
        return ackReplies;
    }

    /** One extra heartbeat now, besides the scheduled ones; ignored unless logged in. */
    public void heartbeat() {
        loop.selector().execute(() -> {
            if (state == State.LOGGED_IN) {
                sendHeartbeat();
            }
        });
    }

    /** Says LOGOUT after whatever is queued, then closes once the server hangs up (or 2 s). */
    @Override
    public void close() {
        loop.selector().execute(() -> {
            if (connection != null && connection.isOpen()) {
                state = State.CLOSED;
                connection.closeAfter(LOGOUT);
            }
        });
    }

    // ------------------------------------------------------------------ loop thread

    private void sendHeartbeat() {
        send(MessageCodec.encode(new Message.Heartbeat(heartbeatSeq++)));
    }

    private void send(byte[] json) {
        if (connection.send(json, 0, false) == Connection.SendResult.FULL) {
            fail(new IOException("client " + index + ": " + QUEUE_CAPACITY + " frames wait for the server to read"));
        }
        // CLOSED: the connection has ended, and ended() has been told.
    }

    private void fail(Exception e) {
        if (failure == null) {
            failure = e;
        }
        loggedIn.completeExceptionally(e);
        connection.cut();
    }

    /** The protocol of one load client, on the loop thread. */
    private final class Protocol implements Connection.Handler {
        @Override
        public void connected() {
            state = State.HELLO_SENT;
            send(loop.reads() ? HELLO_LIFECYCLE : HELLO);
        }

        @Override
        public void received(Message message) {
            switch (message) {
                case Message.ServerHello hello when state == State.HELLO_SENT -> {
                    heartbeatIntervalNanos = TimeUnit.SECONDS.toNanos(Math.max(1, hello.heartbeatSeconds()));
                    state = State.LOGIN_SENT;
                    send(login);
                }
                case Message.AuthSuccess ignored when state == State.LOGIN_SENT -> {
                    state = State.LOGGED_IN;
                    nextHeartbeatNanos = System.nanoTime()
                            + heartbeatIntervalNanos / HEARTBEAT_SLOTS * (index % HEARTBEAT_SLOTS + 1);
                    connection.deadline(nextHeartbeatNanos); // replaces the login deadline
                    loggedIn.complete(null);
                }
                case Message.AuthFailed refused -> fail(new IOException("login as " + user + " failed: "
                        + refused.reason() + " " + refused.message()));
                case Message.Alert alert -> {
                    sink.alertReceived(LoadClient.this, alert.alertId(), System.nanoTime());
                    send(loop.ack(alert.alertId()));
                    if (loop.reads()) {
                        send(loop.read(alert.alertId()));
                    }
                }
                case Message.AckOk ignored -> ackReplies++;
                case Message.ReadOk ignored -> readReplies++;
                case Message.HeartbeatOk ignored -> heartbeatReplies++;
                case Message.ServerShutdown ignored -> {
                    serverShutDown = true;
                    state = State.CLOSED;
                    connection.cut();
                }
                case Message.ErrorReport report -> fail(new IOException("server reported " + report.code() + ": "
                        + report.message()));
                default -> fail(new IOException("unexpected " + message.getClass().getSimpleName()
                        + " while " + state));
            }
        }

        @Override
        public boolean accepting() {
            return true;
        }

        @Override
        public void alertWritten(long alertId) {
            // We send no alerts.
        }

        @Override
        public void failed(Exception e) {
            if (state == State.CLOSED && e instanceof EOFException) {
                connection.cut(); // the server hung up after our LOGOUT
                return;
            }
            fail(e);
        }

        @Override
        public void deadlinePassed() {
            if (state != State.LOGGED_IN) {
                fail(new SocketTimeoutException("client " + index + ": no AUTH_SUCCESS within "
                        + timeout.toMillis() + " ms (" + state + ")"));
                return;
            }
            sendHeartbeat();
            long now = System.nanoTime();
            // From the planned time, so the clients keep their spread; a late loop does not bunch them.
            nextHeartbeatNanos += heartbeatIntervalNanos;
            if (nextHeartbeatNanos - now < 0) {
                nextHeartbeatNanos = now + heartbeatIntervalNanos;
            }
            connection.deadline(nextHeartbeatNanos);
        }

        @Override
        public void writeStalled(long blockedNanos) {
            fail(new IOException("client " + index + ": the server has not read for "
                    + TimeUnit.NANOSECONDS.toSeconds(blockedNanos) + " s"));
        }

        @Override
        public void ended() {
            state = State.CLOSED;
            loggedIn.completeExceptionally(failure != null ? failure : new EOFException("closed before AUTH_SUCCESS"));
            closed.complete(null);
        }
    }
}
