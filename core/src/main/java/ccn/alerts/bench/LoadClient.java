package ccn.alerts.bench;

import ccn.alerts.client.AlertClient;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.FrameDecoder;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.SecureChannel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated client for the load generator: a real encrypted, authenticated connection, but
 * without {@link AlertClient}'s reconnect logic, listeners and per-client heartbeat thread. One
 * thread reads and acknowledges (see {@link #PLATFORM_THREAD_CLIENTS}); heartbeats are sent by the generator's shared scheduler.
 * Ten thousand of these fit in one JVM: the cost per client is the socket, two 8 KiB stream
 * buffers and a parked virtual thread.
 *
 * <p>Public so the GUI modules' load probes can put a console under real load.
 *
 * <p>Thread-safety: {@link #heartbeat()} and {@link #close()} may be called from any thread.
 */
public final class LoadClient implements AutoCloseable {

    /** Where a client reports what it received. Called on the client's reader thread. */
    public interface Sink {
        void alertReceived(LoadClient client, long alertId, long receivedNanos);
    }

    private final int index;
    private final Socket socket;
    private final SecureChannel channel;
    private final AtomicLong heartbeatSeq = new AtomicLong();
    private final AtomicLong heartbeatReplies = new AtomicLong();
    private volatile boolean closed;

    private LoadClient(int index, Socket socket, SecureChannel channel) {
        this.index = index;
        this.socket = socket;
        this.channel = channel;
    }

    /** Connects, proves the key, and logs in; fails with an exception naming what went wrong. */
    public static LoadClient connect(int index, String host, int port, SharedKey key, String user, String password,
                              Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
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
            return new LoadClient(index, socket, ch);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    int index() {
        return index;
    }

    /**
     * Clients below this index read on a platform thread, as {@link AlertClient} does; the rest on
     * virtual threads, so ten thousand of them fit in one JVM. Client 0 gives the end-to-end figure.
     */
    static final int PLATFORM_THREAD_CLIENTS = 64;

    /** Starts the reader: every ALERT is reported to the sink and acknowledged at once. */
    public void start(Sink sink) {
        Thread.Builder builder = index < PLATFORM_THREAD_CLIENTS ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
        builder.name("load-client-" + index).start(() -> read(sink));
    }

    private void read(Sink sink) {
        try {
            while (!closed) {
                Message m = channel.receive();
                switch (m) {
                    case Message.Alert alert -> {
                        sink.alertReceived(this, alert.alertId(), System.nanoTime());
                        channel.send(new Message.Ack(alert.alertId()));
                    }
                    case Message.HeartbeatOk ignored -> heartbeatReplies.incrementAndGet();
                    case Message.ServerShutdown ignored -> closed = true;
                    case Message.ErrorReport ignored -> closed = true;
                    default -> {
                        // ACK_OK and the like: nothing to do for a load client.
                    }
                }
            }
        } catch (IOException e) {
            closed = true;
        } finally {
            closeQuietly();
        }
    }

    public void heartbeat() {
        if (closed) {
            return;
        }
        try {
            channel.send(new Message.Heartbeat(heartbeatSeq.getAndIncrement()));
        } catch (IOException e) {
            closed = true;
        }
    }

    long heartbeatReplies() {
        return heartbeatReplies.get();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                channel.send(new Message.Logout());
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing to learn from a failing close.
        }
    }
}
