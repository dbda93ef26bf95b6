package ccn.alerts.bench;

import ccn.alerts.client.AlertClient;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.FrameAssembler;
import ccn.alerts.protocol.FrameDecoder;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.MessageCodec;
import ccn.alerts.protocol.SecureChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated client for the load generator: a real encrypted, authenticated connection, but
 * without {@link AlertClient}'s reconnect logic, listeners and threads. The login is blocking;
 * after {@link #start} the socket is non-blocking and served, with every other load client in
 * the JVM, by the one {@link LoadClientLoop} thread, which reads, reports to the {@link Sink} and
 * acknowledges. Heartbeats are sent by whoever calls {@link #heartbeat()} (the generator's shared
 * scheduler). Ten thousand of these fit in one JVM: the cost per client is the socket, the
 * channel's 8 KiB login-phase buffer, and a few small objects; a frame is buffered only while
 * incomplete, and outgoing bytes only while the socket's send buffer is full.
 *
 * <p>Public so the GUI modules' load probes can put a console under real load.
 *
 * <p>Thread-safety: {@link #heartbeat()} and {@link #close()} may be called from any thread. Frames
 * are sealed and written (or queued) under one lock per client, so the wire order is the sequence
 * order whichever thread sends.
 */
public final class LoadClient implements AutoCloseable {

    /**
     * Where a client reports what it received. Called on the shared loop thread, for every client:
     * it must be quick and must not block.
     */
    public interface Sink {
        void alertReceived(LoadClient client, long alertId, long receivedNanos);
    }

    private static final byte[] LOGOUT = MessageCodec.encode(new Message.Logout());

    private final int index;
    private final SocketChannel socket;
    private final SecureChannel channel;
    private final LoadClientLoop loop = LoadClientLoop.shared();
    private final AtomicLong heartbeatSeq = new AtomicLong();
    private final AtomicLong heartbeatReplies = new AtomicLong();
    private volatile boolean closed;

    // Loop thread only.
    private FrameAssembler assembler;
    private Sink sink;
    private byte[] leftover;

    // Guarded by this: the order of frames on the wire.
    /** Frames sealed but not yet fully written, oldest first; null when none, which is the usual case. */
    private ArrayDeque<ByteBuffer> pending;
    /** Null until the loop has registered the channel; OP_WRITE is set from pending then. */
    private SelectionKey key;

    private LoadClient(int index, SocketChannel socket, SecureChannel channel) {
        this.index = index;
        this.socket = socket;
        this.channel = channel;
    }

    /** Connects, proves the key, and logs in; fails with an exception naming what went wrong. */
    public static LoadClient connect(int index, String host, int port, SharedKey key, String user, String password,
                              Duration timeout) throws IOException {
        // A SocketChannel, blocking for the login, so that start() can hand it to the selector.
        SocketChannel sc = SocketChannel.open();
        try {
            Socket socket = sc.socket();
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            // The channel's socket adaptor honours SO_TIMEOUT for reads while it is blocking.
            socket.setSoTimeout((int) timeout.toMillis());
            SecureChannel ch = SecureChannel.client(socket, key, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
            ch.send(new Message.ClientHello("ccn-load-client/0.1"));
            Message hello = ch.receive();
            if (!(hello instanceof Message.ServerHello)) {
                throw new IOException("expected SERVER_HELLO, got " + hello);
            }
            ch.send(new Message.Login(user, password));
            Message reply = ch.receive();
            if (!(reply instanceof Message.AuthSuccess)) {
                throw new IOException("login as " + user + " failed: " + reply);
            }
            socket.setSoTimeout(0); // the server drops us if heartbeats stop; we never time out ourselves
            return new LoadClient(index, sc, ch);
        } catch (IOException | RuntimeException e) {
            sc.close();
            throw e;
        }
    }

    int index() {
        return index;
    }

    /**
     * Hands the connection to the shared loop: every ALERT is then reported to the sink and
     * acknowledged at once. Frames the server sent right after AUTH_SUCCESS, already read during
     * the login, are processed first. Call once.
     */
    public void start(Sink sink) {
        // Written here, read on the loop thread after the register task's hand-off through the
        // loop's task queue, which orders them.
        this.sink = sink;
        this.leftover = channel.takeBufferedInput();
        this.assembler = new FrameAssembler(channel.maxFrameLength());
        try {
            synchronized (this) {
                // Under the lock: a concurrent heartbeat() must not see a half-switched channel.
                socket.configureBlocking(false);
            }
        } catch (IOException e) {
            fail();
            return;
        }
        loop.register(this);
    }

    SocketChannel socketChannel() {
        return socket;
    }

    /** Loop thread: the channel is registered for reads; processes what the login read ahead. */
    void registered(SelectionKey key) {
        synchronized (this) {
            this.key = key;
            if (pending != null) {
                key.interestOpsOr(SelectionKey.OP_WRITE);
            }
        }
        byte[] rest = leftover;
        leftover = null;
        if (rest.length > 0) {
            channel.countReceived(rest.length);
            process(ByteBuffer.wrap(rest));
        }
    }

    /** Loop thread: the socket has bytes (or EOF) for us. */
    void readable(ByteBuffer buffer) {
        try {
            buffer.clear();
            int n = socket.read(buffer);
            if (n < 0) {
                assembler.endOfStream(); // always throws: EOF or a truncated frame
            }
            buffer.flip();
            channel.countReceived(n);
        } catch (IOException e) {
            fail();
            return;
        }
        process(buffer);
    }

    private void process(ByteBuffer bytes) {
        try {
            byte[] payload;
            while (!closed && (payload = assembler.next(bytes)) != null) {
                switch (channel.open(payload)) {
                    case Message.Alert alert -> {
                        sink.alertReceived(this, alert.alertId(), System.nanoTime());
                        send(loop.ack(alert.alertId()));
                    }
                    case Message.HeartbeatOk ignored -> heartbeatReplies.incrementAndGet();
                    case Message.ServerShutdown ignored -> fail();
                    case Message.ErrorReport ignored -> fail();
                    default -> {
                        // ACK_OK and the like: nothing to do for a load client.
                    }
                }
            }
        } catch (IOException e) {
            fail();
        }
    }

    /** Loop thread: the socket can take more of what is pending. */
    void writable() {
        try {
            synchronized (this) {
                if (flushPending()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
        } catch (IOException e) {
            fail();
        }
    }

    /**
     * Seals one message and writes it without blocking; what the socket does not take now is
     * queued and written by the loop when the socket is writable.
     */
    private void send(byte[] json) throws IOException {
        boolean wake = false;
        synchronized (this) {
            ByteBuffer frame = ByteBuffer.wrap(channel.seal(json));
            if (pending == null) {
                socket.write(frame);
                if (!frame.hasRemaining()) {
                    return;
                }
                pending = new ArrayDeque<>(4);
                if (key != null) {
                    try {
                        key.interestOpsOr(SelectionKey.OP_WRITE);
                    } catch (CancelledKeyException e) {
                        throw new ClosedChannelException();
                    }
                    wake = true;
                }
            }
            pending.add(frame);
        }
        if (wake) {
            loop.wakeup();
        }
    }

    /** Under the lock: writes pending frames in order; true when all are written. */
    private boolean flushPending() throws IOException {
        while (pending != null) {
            ByteBuffer first = pending.peek();
            socket.write(first);
            if (first.hasRemaining()) {
                return false;
            }
            pending.poll();
            if (pending.isEmpty()) {
                pending = null;
            }
        }
        return true;
    }

    public void heartbeat() {
        if (closed) {
            return;
        }
        try {
            send(MessageCodec.encode(new Message.Heartbeat(heartbeatSeq.getAndIncrement())));
        } catch (IOException e) {
            fail();
        }
    }

    long heartbeatReplies() {
        return heartbeatReplies.get();
    }

    boolean isClosed() {
        return closed;
    }

    /** Says LOGOUT if the socket takes it at once (never waits), then closes. */
    @Override
    public void close() {
        if (!closed) {
            try {
                synchronized (this) {
                    if (pending == null) {
                        socket.write(ByteBuffer.wrap(channel.seal(LOGOUT)));
                    }
                }
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        fail();
    }

    /** Closes without a word: the server went away, broke the protocol, or we are done. */
    void fail() {
        closed = true;
        try {
            channel.close(); // closes the socket, which cancels the key
        } catch (IOException ignored) {
            // Nothing to learn from a failing close.
        }
        // The loop releases the socket when it next selects; do not make it wait for an event.
        loop.wakeup();
    }
}
