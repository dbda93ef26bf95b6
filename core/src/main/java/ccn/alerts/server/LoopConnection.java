package ccn.alerts.server;

import ccn.alerts.protocol.FrameAssembler;
import ccn.alerts.protocol.SecureChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The socket of a logged-in session once a {@link SessionLoop} serves it: non-blocking reads
 * assembled into frames on the loop thread, and sealed frames written by whichever thread sends
 * them — directly while the socket takes them, through a bounded buffer flushed by the loop when
 * it does not. No thread of its own and nothing blocks, so a broadcast costs one encryption and
 * one write per recipient and an ACK one wake-up of the loop for a whole batch of clients.
 *
 * <p>Thread-safety: {@link #send}, {@link #cut} and {@link #writeBlockedNanos} may be called from
 * any thread (sends are serialised by this object's lock, which also keeps wire order equal to
 * sealing order); everything else runs on the loop thread.
 */
final class LoopConnection {
    /** Above this many bytes read while closing, the peer is cut instead of drained. */
    private static final int DRAIN_LIMIT = 65_536;

    /** What the connection reports to its session. */
    interface Peer {
        /** Handles one frame's payload, in order; on the loop thread. */
        void frameReceived(byte[] payload) throws IOException;

        /** Whether frames are still wanted; while closing, the rest is read and dropped. */
        boolean reading();

        /** An alert's frame was handed to the kernel whole; on the writing thread, under this lock. */
        void alertWritten(long alertId);

        /** Reading or writing failed, the peer hung up while frames were still wanted, or a bug. */
        void failed(Exception e);

        /** Nothing arrived for longer than the read timeout. */
        void timedOut();

        /** The socket is closed; called once. */
        void ended();
    }

    /** What became of a frame given to {@link #send}. */
    enum SendResult { SENT, FULL, CLOSED }

    private record Frame(ByteBuffer bytes, long alertId, boolean last) {
    }

    private final SocketChannel socket;
    private final SecureChannel channel;
    private final SessionLoop loop;
    private final Peer peer;
    private final int capacity;
    private final FrameAssembler assembler;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final ArrayDeque<Frame> pending = new ArrayDeque<>(); // guarded by this
    private SelectionKey key; // guarded by this
    private boolean outputShut; // guarded by this
    private volatile long lastReadNanos;
    /**
     * Since when the frame at the head of {@link #pending} has been waiting to be taken whole;
     * 0 while nothing waits. A peer that reads a byte now and then does not reset it.
     */
    private volatile long stalledSinceNanos;
    private int drained;

    LoopConnection(SocketChannel socket, SecureChannel channel, SessionLoop loop, Peer peer, int capacity) {
        this.socket = socket;
        this.channel = channel;
        this.loop = loop;
        this.peer = peer;
        this.capacity = capacity;
        this.assembler = new FrameAssembler(channel.maxFrameLength());
        this.lastReadNanos = System.nanoTime();
    }

    // ------------------------------------------------------------------ any thread

    /**
     * Seals {@code json} into the next frame and writes it, or queues it behind frames the socket
     * has not taken yet. {@code last} shuts our side of the connection once the frame is out.
     *
     * @throws IOException when the write fails (the caller ends the session)
     */
    synchronized SendResult send(byte[] json, long alertId, boolean last) throws IOException {
        if (outputShut || !socket.isOpen()) {
            return SendResult.CLOSED;
        }
        if (pending.size() >= capacity) {
            return SendResult.FULL;
        }
        Frame frame = new Frame(ByteBuffer.wrap(channel.seal(json)), alertId, last);
        if (pending.isEmpty()) {
            socket.write(frame.bytes());
            if (!frame.bytes().hasRemaining()) {
                written(frame);
                return SendResult.SENT;
            }
            stalledSinceNanos = System.nanoTime();
            pending.add(frame);
            if (key != null) {
                try {
                    key.interestOpsOr(SelectionKey.OP_WRITE);
                } catch (java.nio.channels.CancelledKeyException e) {
                    // Closed by another thread meanwhile: never let this escape into a broadcast.
                    return SendResult.CLOSED;
                }
                loop.wakeup();
            }
            return SendResult.SENT;
        }
        pending.add(frame);
        return SendResult.SENT;
    }

    /** How long the socket has taken none of the waiting bytes; zero when nothing waits. */
    long writeBlockedNanos(long nowNanos) {
        long since = stalledSinceNanos;
        return since == 0 ? 0 : Math.max(0, nowNanos - since);
    }

    /** Closes the socket now, whatever is still queued; the session ends. Idempotent. */
    void cut() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket tells us nothing new
        }
        // A registered channel releases its socket when the selector next runs: wake it, so the
        // peer sees the close now rather than at the next sweep.
        loop.wakeup();
        if (ended.compareAndSet(false, true)) {
            peer.ended();
        }
    }

    // ------------------------------------------------------------------ loop thread

    /** Registers with the loop's selector and handles what the blocking phase had already read. */
    void attach(Selector selector, byte[] alreadyRead) {
        try {
            synchronized (this) {
                key = socket.register(selector, pending.isEmpty() ? SelectionKey.OP_READ
                        : SelectionKey.OP_READ | SelectionKey.OP_WRITE, this);
            }
        } catch (ClosedChannelException e) {
            cut();
            return;
        }
        if (alreadyRead.length > 0) {
            lastReadNanos = System.nanoTime();
            channel.countReceived(alreadyRead.length);
            consume(ByteBuffer.wrap(alreadyRead));
        }
    }

    void readable(ByteBuffer buffer) {
        buffer.clear();
        int n;
        try {
            n = socket.read(buffer);
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (n < 0) {
            if (!peer.reading()) {
                cut(); // the peer hung up after our last frame: the gentle close is complete
                return;
            }
            try {
                assembler.endOfStream();
            } catch (IOException e) {
                fail(e);
            }
            return;
        }
        if (n == 0) {
            return;
        }
        lastReadNanos = System.nanoTime();
        channel.countReceived(n);
        buffer.flip();
        consume(buffer);
    }

    private void consume(ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining()) {
                if (!peer.reading()) {
                    // Closing: read and drop what the peer still sends, so our close does not
                    // reset the connection and destroy the last frame; a flood is cut.
                    drained += bytes.remaining();
                    if (drained > DRAIN_LIMIT) {
                        cut();
                    }
                    return;
                }
                byte[] payload = assembler.next(bytes);
                if (payload == null) {
                    return;
                }
                peer.frameReceived(payload);
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    void writable() {
        try {
            synchronized (this) {
                boolean completed = false;
                while (!pending.isEmpty()) {
                    Frame head = pending.peek();
                    socket.write(head.bytes());
                    if (head.bytes().hasRemaining()) {
                        if (completed) {
                            stalledSinceNanos = System.nanoTime(); // a new head starts waiting
                        }
                        return; // OP_WRITE stays on
                    }
                    pending.poll();
                    written(head);
                    completed = true;
                }
                stalledSinceNanos = 0;
                if (key.isValid()) {
                    key.interestOpsAnd(~SelectionKey.OP_WRITE);
                }
            }
        } catch (IOException e) {
            fail(e);
        } catch (java.nio.channels.CancelledKeyException e) {
            cut(); // closed by another thread meanwhile
        }
    }

    /** Called by the loop about once a second. */
    void sweep(long nowNanos, long readTimeoutNanos) {
        if (peer.reading() && nowNanos - lastReadNanos > readTimeoutNanos) {
            peer.timedOut();
        }
    }

    // ------------------------------------------------------------------ internals

    /** Under this lock: a frame left whole. */
    private void written(Frame frame) throws IOException {
        if (frame.alertId() > 0) {
            peer.alertWritten(frame.alertId());
        }
        if (frame.last()) {
            // FIN now; the socket closes when the peer hangs up (EOF) or the grace period ends.
            outputShut = true;
            pending.clear();
            socket.shutdownOutput();
        }
    }

    /** Ends the connection for {@code e}; if handling it fails too, cuts it. Any thread. */
    void fail(Exception e) {
        if (ended.get()) {
            return;
        }
        try {
            peer.failed(e);
        } catch (RuntimeException again) {
            cut();
        }
    }
}
