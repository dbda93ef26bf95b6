package ccn.alerts.server;

import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.Direction;
import ccn.alerts.protocol.FrameAssembler;
import ccn.alerts.protocol.FrameCipher;
import ccn.alerts.protocol.FrameRecords;
import ccn.alerts.protocol.FrameTap;
import ccn.alerts.protocol.HandshakeException;
import ccn.alerts.protocol.MalformedMessageException;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.MessageCodec;
import ccn.alerts.protocol.Preamble;
import ccn.alerts.protocol.ProtocolException;
import ccn.alerts.protocol.SecureChannel;
import ccn.alerts.protocol.TruncatedFrameException;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.HexFormat;

/**
 * The one transport of an accepted socket, from accept to close, on the {@link SessionLoop} that
 * owns it: the preamble exchange, frames read non-blocking and rebuilt by the one
 * {@link FrameAssembler}, opened by a {@link FrameCipher} and decoded; frames sealed and written
 * non-blocking, queued up to a capacity when the socket does not take them whole; deadlines
 * (login, silence, a blocked write, the end of a gentle close) checked by the loop's sweep; and one
 * gentle close: the last frame, our FIN, the peer's remaining bytes drained briefly, then close.
 *
 * <p>Thread-safety: confined to its loop's thread, except {@link #bytesIn()}, {@link #bytesOut()}
 * and {@link #isOpen()}, which any thread may read. Other threads act on a connection by handing
 * a task to its loop ({@link SessionLoop#execute}).
 */
final class Connection {
    /** Above this many bytes read while closing, the peer is cut instead of drained. */
    private static final int DRAIN_LIMIT = 65_536;

    /** What the connection reports to the protocol on top of it; always on the loop thread. */
    interface Handler {
        /** Both preambles are exchanged: frames can flow. */
        void connected();

        /** One decrypted, decoded message, in order. */
        void received(Message message);

        /** Whether messages are wanted now; while false, reading pauses (e.g. during a password check). */
        boolean accepting();

        /** An alert's frame was handed to the kernel whole. */
        void alertWritten(long alertId);

        /** Reading, writing or the peer's bytes failed; the handler decides what the peer is told. */
        void failed(Exception e);

        /** The deadline set by {@link #deadline} passed. */
        void deadlinePassed();

        /** The oldest queued frame has waited longer than the stall limit. */
        void writeStalled(long blockedNanos);

        /** The socket is closed; called once. */
        void ended();
    }

    /** What became of a frame given to {@link #send}. */
    enum SendResult { SENT, FULL, CLOSED }

    private record Frame(ByteBuffer bytes, long alertId, boolean last) {
    }

    private final SocketChannel socket;
    private final SelectionKey key;
    private final SharedKey sharedKey;
    private final int capacity;
    private final FrameAssembler assembler;
    private final String address;
    private final String host;
    private final ArrayDeque<Frame> pending = new ArrayDeque<>();
    private final byte[] ownNonce = SecureChannel.randomNonce();
    private final ByteBuffer peerPreamble = ByteBuffer.allocate(Preamble.LENGTH);
    private Handler handler;
    private FrameCipher cipher;
    private volatile FrameTap tap;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile boolean open = true;
    private long deadlineNanos;
    private long stalledSinceNanos;
    /** Set once our last frame left: from then on input is drained and dropped. */
    private boolean outputShut;
    private long closeByNanos;
    private int drained;
    /** Bytes read while the handler was not accepting, handled when it accepts again. */
    private ByteBuffer held;
    /** The peer hung up while messages were held back. */
    private boolean endPending;

    Connection(SocketChannel socket, SelectionKey key, SharedKey sharedKey, int maxFrameLength, int capacity) {
        this.socket = socket;
        this.key = key;
        this.sharedKey = sharedKey;
        this.capacity = capacity;
        this.assembler = new FrameAssembler(maxFrameLength);
        InetSocketAddress peer = remote(socket);
        this.address = peer == null ? "/unknown" : peer.getAddress().toString().replaceFirst("^[^/]*", "") + ":" + peer.getPort();
        this.host = peer == null ? "unknown" : peer.getAddress().getHostAddress();
    }

    private static InetSocketAddress remote(SocketChannel socket) {
        try {
            return (InetSocketAddress) socket.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Starts the exchange: our preamble goes out at once. */
    void start(Handler handler) {
        this.handler = handler;
        enqueue(new Frame(ByteBuffer.wrap(Preamble.encode(ownNonce)), 0, false));
    }

    String address() {
        return address;
    }

    String host() {
        return host;
    }

    long bytesIn() {
        return bytesIn;
    }

    long bytesOut() {
        return bytesOut;
    }

    boolean isOpen() {
        return open;
    }

    /** Shows every frame to {@code tap} from now on (null stops); any thread. */
    void setTap(FrameTap tap) {
        this.tap = tap;
    }

    /** After this {@link System#nanoTime()} value the handler is told; 0 clears it. */
    void deadline(long nanos) {
        deadlineNanos = nanos;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Seals {@code json} into the next frame and writes it, or queues it behind frames the socket
     * has not taken yet. {@code last} starts the gentle close once the frame is out.
     */
    SendResult send(byte[] json, long alertId, boolean last) {
        if (!open || outputShut || cipher == null) {
            return SendResult.CLOSED;
        }
        if (pending.size() >= capacity) {
            return SendResult.FULL;
        }
        long sequence = cipher.nextSendSequence();
        byte[] frame;
        try {
            frame = cipher.seal(json);
        } catch (IOException e) {
            handler.failed(e);
            return SendResult.CLOSED;
        }
        FrameTap t = tap;
        if (t != null) {
            // Shown before it is written: once on the wire the answer could be seen first.
            t.frame(FrameRecords.sent(Direction.SERVER_TO_CLIENT, sequence, frame, json));
        }
        bytesOut += frame.length;
        enqueue(new Frame(ByteBuffer.wrap(frame), alertId, last));
        return open ? SendResult.SENT : SendResult.CLOSED;
    }

    private void enqueue(Frame frame) {
        boolean wasEmpty = pending.isEmpty();
        pending.add(frame);
        if (wasEmpty) {
            flush();
        }
    }

    /** Writes queued frames until the socket is full; the loop calls it again when writable. */
    void flush() {
        try {
            while (!pending.isEmpty()) {
                Frame head = pending.peek();
                socket.write(head.bytes());
                if (head.bytes().hasRemaining()) {
                    if (stalledSinceNanos == 0) {
                        stalledSinceNanos = System.nanoTime();
                    }
                    key.interestOpsOr(SelectionKey.OP_WRITE);
                    return;
                }
                pending.poll();
                stalledSinceNanos = pending.isEmpty() ? 0 : System.nanoTime();
                if (head.alertId() > 0) {
                    handler.alertWritten(head.alertId());
                }
                if (head.last()) {
                    shutOutput();
                    return;
                }
            }
            if (key.isValid()) {
                key.interestOpsAnd(~SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            handler.failed(e);
        } catch (CancelledKeyException e) {
            cut();
        }
    }

    /** FIN after our last frame; the socket closes when the peer hangs up or the grace ends. */
    private void shutOutput() throws IOException {
        outputShut = true;
        pending.clear();
        stalledSinceNanos = 0;
        socket.shutdownOutput();
        if (closeByNanos == 0) {
            closeByNanos = System.nanoTime() + ClientSession.FINAL_MESSAGE_GRACE.toNanos();
        }
    }

    /**
     * Ends after the frames queued and this last one; cut when it does not fit, and when the peer
     * has not hung up within the grace period.
     */
    void closeAfter(byte[] json) {
        if (!open) {
            return;
        }
        closeByNanos = System.nanoTime() + ClientSession.FINAL_MESSAGE_GRACE.toNanos();
        if (outputShut) {
            return;
        }
        if (cipher == null || send(json, 0, true) != SendResult.SENT) {
            cut();
        }
    }

    /** Closes the socket now, whatever is still queued. Idempotent. */
    void cut() {
        if (!open) {
            return;
        }
        open = false;
        key.cancel();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket tells us nothing new
        }
        pending.clear();
        held = null;
        handler.ended();
    }

    // ------------------------------------------------------------------ reading

    void readable(ByteBuffer buffer) {
        buffer.clear();
        int n;
        try {
            n = socket.read(buffer);
        } catch (IOException e) {
            handler.failed(e);
            return;
        }
        if (n < 0) {
            endOfStream();
            return;
        }
        bytesIn += n;
        buffer.flip();
        consume(buffer);
    }

    private void endOfStream() {
        if (outputShut) {
            cut(); // the peer hung up after our last frame: the gentle close is complete
            return;
        }
        if (held != null || cipher != null && !handler.accepting()) {
            endPending = true; // after what was sent before it
            if (key.isValid()) {
                key.interestOpsAnd(~SelectionKey.OP_READ);
            }
            return;
        }
        try {
            if (cipher == null) {
                if (peerPreamble.position() == 0) {
                    throw new EOFException("connection closed before the preamble");
                }
                throw new TruncatedFrameException(Preamble.LENGTH, peerPreamble.position());
            }
            assembler.endOfStream();
        } catch (IOException e) {
            handler.failed(e);
        }
    }

    private void consume(ByteBuffer bytes) {
        try {
            while (bytes.hasRemaining() && open) {
                if (outputShut) {
                    // Closing: read and drop what the peer still sends, so our close does not
                    // reset the connection and destroy the last frame; a flood is cut.
                    drained += bytes.remaining();
                    bytes.position(bytes.limit());
                    if (drained > DRAIN_LIMIT) {
                        cut();
                    }
                    return;
                }
                if (cipher == null) {
                    readPreamble(bytes);
                    continue;
                }
                if (!handler.accepting()) {
                    hold(bytes);
                    return;
                }
                byte[] payload = assembler.next(bytes);
                if (payload == null) {
                    return;
                }
                handler.received(open(payload));
            }
        } catch (IOException | RuntimeException e) {
            handler.failed(e);
        }
    }

    private Message open(byte[] payload) throws IOException {
        FrameTap t = tap;
        long sequence = cipher.framesReceived();
        byte[] json;
        try {
            json = cipher.open(payload);
        } catch (ProtocolException e) {
            if (t != null) {
                t.frame(FrameRecords.received(Direction.CLIENT_TO_SERVER, sequence, payload, null, null, e.getMessage()));
            }
            throw e;
        }
        try {
            Message message = MessageCodec.decode(json);
            if (t != null) {
                t.frame(FrameRecords.received(Direction.CLIENT_TO_SERVER, sequence, payload, json, message, null));
            }
            return message;
        } catch (MalformedMessageException e) {
            if (t != null) {
                t.frame(FrameRecords.received(Direction.CLIENT_TO_SERVER, sequence, payload, json, null, e.getMessage()));
            }
            throw e;
        }
    }

    /** Fails on the first wrong byte, so a peer speaking HTTP is told at once, not after 20 bytes. */
    private void readPreamble(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining() && peerPreamble.hasRemaining()) {
            int at = peerPreamble.position();
            byte b = bytes.get();
            peerPreamble.put(b);
            if (at < 3 && b != "CCN".charAt(at)) {
                throw new HandshakeException("not a CCN alert peer: preamble starts with 0x"
                        + HexFormat.of().formatHex(peerPreamble.array(), 0, at + 1));
            }
        }
        if (peerPreamble.hasRemaining()) {
            return;
        }
        byte[] raw = peerPreamble.array();
        if (raw[3] != Preamble.VERSION) {
            throw new HandshakeException("peer speaks protocol version " + (raw[3] & 0xFF)
                    + "; this side speaks version " + Preamble.VERSION);
        }
        byte[] peerNonce = java.util.Arrays.copyOfRange(raw, 4, Preamble.LENGTH);
        cipher = new FrameCipher(Direction.SERVER_TO_CLIENT, sharedKey,
                FrameCipher.connectionId(Direction.SERVER_TO_CLIENT, ownNonce, peerNonce), assembler.maxFrameLength());
        handler.connected();
    }

    /** Keeps the unread bytes and stops reading until {@link #resume}: TCP pushes back on the peer. */
    private void hold(ByteBuffer bytes) {
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining() + (held == null ? 0 : held.remaining()));
        if (held != null) {
            copy.put(held);
        }
        copy.put(bytes).flip();
        held = copy;
        if (key.isValid()) {
            key.interestOpsAnd(~SelectionKey.OP_READ);
        }
    }

    /** Handles what was held back and reads again; call when the handler accepts messages again. */
    void resume() {
        if (!open) {
            return;
        }
        ByteBuffer rest = held;
        held = null;
        if (rest != null) {
            consume(rest);
        }
        if (open && held == null && endPending && handler.accepting()) {
            endPending = false;
            endOfStream();
            return;
        }
        if (open && held == null && !endPending && key.isValid()) {
            key.interestOpsOr(SelectionKey.OP_READ);
        }
    }

    // ------------------------------------------------------------------ the loop's sweep

    /** Checks this connection's clocks; called by the loop several times a second. */
    void sweep(long now, long stallLimitNanos) {
        if (!open) {
            return;
        }
        if (closeByNanos != 0 && now - closeByNanos > 0) {
            cut();
            return;
        }
        if (stalledSinceNanos != 0 && now - stalledSinceNanos > stallLimitNanos) {
            handler.writeStalled(now - stalledSinceNanos);
            return;
        }
        if (deadlineNanos != 0 && !outputShut && now - deadlineNanos > 0) {
            deadlineNanos = 0;
            handler.deadlinePassed();
        }
    }

    static SelectionKey register(SocketChannel socket, java.nio.channels.Selector selector) throws IOException {
        socket.configureBlocking(false);
        socket.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
        try {
            return socket.register(selector, SelectionKey.OP_READ);
        } catch (ClosedChannelException e) {
            throw new IOException("closed before it could be served", e);
        }
    }
}
