package ccn.alerts.net;

import ccn.alerts.protocol.FrameAssembler;
import ccn.alerts.protocol.FrameCipher;
import ccn.alerts.protocol.FrameTap;
import ccn.alerts.protocol.Handshake;
import ccn.alerts.protocol.HandshakeException;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Preamble;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * The one transport of a socket, from accept (or a client's connect) to close, on the {@link SelectorLoop} that
 * owns it: the preambles and the {@link Handshake} (either side's), frames read non-blocking and
 * rebuilt by the one {@link FrameAssembler}, opened by a {@link FrameCipher} and decoded; frames sealed and written
 * non-blocking, queued up to a capacity when the socket does not take them whole; deadlines
 * (login, silence, a blocked write, the end of a gentle close) checked by the loop's sweep; and one
 * gentle close: the last frame, our FIN, the peer's remaining bytes drained briefly, then close.
 *
 * <p>Thread-safety: confined to its loop's thread, except {@link #bytesIn()}, {@link #bytesOut()}
 * and {@link #isOpen()}, which any thread may read, and {@link #setTap}, which any thread may call. Other threads act on a connection by handing
 * a task to its loop ({@link SelectorLoop#execute}).
 */
public final class Connection {
    /** What a protocol 1 preamble had after the version byte: a 16-byte nonce. */
    private static final int PROTOCOL_1_PADDING = 16;
    /** Above this many bytes read while closing, the peer is cut instead of drained (PROTOCOL.md §6.5). */
    private static final int DRAIN_LIMIT = 65_536;

    /** What the connection reports to the protocol on top of it; always on the loop thread. */
    public interface Handler {
        /** The handshake is complete (on the client side: the server proved its identity): frames can flow. */
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
    public enum SendResult { SENT, FULL, CLOSED }

    private final SocketChannel socket;
    private final long closeGraceNanos;
    private final SelectionKey key;
    /**
     * Exactly one of the two until the handshake is done: this side's half. Dropped then, with its
     * ephemeral private key, on which forward secrecy depends.
     */
    private Handshake.Client clientHandshake;
    private Handshake.Server serverHandshake;
    private Offload offload;
    /** The server's handshake work is running off the loop: reading waits for its outcome. */
    private boolean handshaking;
    private final FrameAssembler assembler;
    private final PeerAddress peer;
    private final OutboundQueue pending;
    private final Preamble.Reader peerPreamble = new Preamble.Reader();
    private boolean preambleRead;
    private Handler handler;
    private FrameCipher cipher;
    private volatile FrameTap tap;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile boolean open = true;
    private long deadlineNanos;
    /** Set once our last frame left: from then on input is drained and dropped. */
    private boolean outputShut;
    private long closeByNanos;
    private int drained;
    /** Bytes read while the handler was not accepting, handled when it accepts again. */
    private ByteBuffer held;
    /** The peer hung up while messages were held back. */
    private boolean endPending;

    /**
     * The server side of an accepted socket.
     *
     * @param capacity   frames that may wait for the socket before {@link #send} answers FULL
     * @param closeGrace how long a gentle close waits for the peer to hang up before cutting
     * @param offload    runs the handshake's X25519 work (about 0.25 ms) off the loop, then its
     *                   outcome on it, so that a crowd logging in at once does not hold up the
     *                   loop's other connections; null runs it on the loop
     */
    public Connection(SocketChannel socket, SelectionKey key, Handshake.Server handshake,
                      int maxFrameLength, int capacity, java.time.Duration closeGrace, Offload offload) {
        this(socket, key, null, handshake, maxFrameLength, capacity, closeGrace);
        this.offload = offload;
    }

    /** Where the server's handshake work runs: {@code work} on another thread, then {@code then} on the loop. */
    public interface Offload {
        void run(Runnable work, Runnable then);
    }

    /** The client side of a connected socket (the load generator's clients). */
    public Connection(SocketChannel socket, SelectionKey key, Handshake.Client handshake,
                      int maxFrameLength, int capacity, java.time.Duration closeGrace) {
        this(socket, key, handshake, null, maxFrameLength, capacity, closeGrace);
    }

    private Connection(SocketChannel socket, SelectionKey key, Handshake.Client client, Handshake.Server server,
                       int maxFrameLength, int capacity, java.time.Duration closeGrace) {
        this.socket = socket;
        this.closeGraceNanos = closeGrace.toNanos();
        this.key = key;
        this.clientHandshake = client;
        this.serverHandshake = server;
        this.pending = new OutboundQueue(capacity);
        this.assembler = new FrameAssembler(maxFrameLength);
        this.peer = PeerAddress.of(socket);
    }

    /** Starts the exchange: our preamble (a client's with its handshake INIT) goes out at once. */
    public void start(Handler handler) {
        this.handler = handler;
        byte[] opening = clientHandshake != null ? clientHandshake.opening(tap) : serverHandshake.opening();
        bytesOut += opening.length;
        enqueue(new OutboundQueue.Frame(ByteBuffer.wrap(opening), 0, false));
    }

    public String address() {
        return peer.address();
    }

    public String host() {
        return peer.host();
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public boolean isOpen() {
        return open;
    }

    /** Shows every frame to {@code tap} from now on (null stops); any thread. */
    public void setTap(FrameTap tap) {
        this.tap = tap;
    }

    /** After this {@link System#nanoTime()} value the handler is told; 0 clears it. */
    public void deadline(long nanos) {
        deadlineNanos = nanos;
    }

    // ------------------------------------------------------------------ writing

    /**
     * Seals {@code json} into the next frame and writes it, or queues it behind frames the socket
     * has not taken yet. {@code last} starts the gentle close once the frame is out.
     */
    public SendResult send(byte[] json, long alertId, boolean last) {
        if (!open || outputShut || cipher == null) {
            return SendResult.CLOSED;
        }
        if (pending.isFull()) {
            return SendResult.FULL;
        }
        byte[] frame;
        try {
            frame = cipher.seal(json, tap);
        } catch (IOException e) {
            handler.failed(e);
            return SendResult.CLOSED;
        }
        bytesOut += frame.length;
        enqueue(new OutboundQueue.Frame(ByteBuffer.wrap(frame), alertId, last));
        return open ? SendResult.SENT : SendResult.CLOSED;
    }

    private void enqueue(OutboundQueue.Frame frame) {
        boolean wasEmpty = pending.isEmpty();
        pending.add(frame);
        if (wasEmpty) {
            flush();
        }
    }

    /** Writes queued frames until the socket is full; the loop calls it again when writable. */
    public void flush() {
        try {
            if (pending.writeTo(socket, this::written)) {
                if (key.isValid()) {
                    key.interestOpsAnd(~SelectionKey.OP_WRITE);
                }
            } else {
                key.interestOpsOr(SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            handler.failed(e);
        } catch (CancelledKeyException e) {
            cut();
        }
    }

    private void written(OutboundQueue.Frame frame) throws IOException {
        if (frame.alertId() > 0) {
            handler.alertWritten(frame.alertId());
        }
        if (frame.last()) {
            shutOutput();
        }
    }

    /** FIN after our last frame; the socket closes when the peer hangs up or the grace ends. */
    private void shutOutput() throws IOException {
        outputShut = true;
        pending.clear();
        socket.shutdownOutput();
        if (closeByNanos == 0) {
            closeByNanos = System.nanoTime() + closeGraceNanos;
        }
        // Reading may be paused (a password check): what was held back is dropped, and the peer's
        // remaining bytes and its FIN must be read now, or our close would reset the connection.
        held = null;
        if (endPending) {
            cut();
        } else if (key.isValid()) {
            key.interestOpsOr(SelectionKey.OP_READ);
        }
    }

    /**
     * Ends after the frames queued and this last one; cut when it does not fit, and when the peer
     * has not hung up within the grace period.
     */
    public void closeAfter(byte[] json) {
        if (!open) {
            return;
        }
        closeByNanos = System.nanoTime() + closeGraceNanos;
        if (outputShut) {
            return;
        }
        if (cipher == null || send(json, 0, true) != SendResult.SENT) {
            cut();
        }
    }

    /** True once our last frame is out and the connection waits for the peer to hang up. */
    public boolean closing() {
        return outputShut;
    }

    /** Closes the socket now, whatever is still queued. Idempotent. */
    public void cut() {
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

    public void readable(ByteBuffer buffer) {
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
        if (held != null || handshaking || cipher != null && !handler.accepting()) {
            endPending = true; // after what was sent before it
            if (key.isValid()) {
                key.interestOpsAnd(~SelectionKey.OP_READ);
            }
            return;
        }
        try {
            if (!preambleRead) {
                throw peerPreamble.endOfStream();
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
                if (!preambleRead) {
                    preambleRead = readPreamble(bytes);
                    continue;
                }
                if (handshaking || cipher != null && !handler.accepting()) {
                    hold(bytes);
                    return;
                }
                byte[] payload = assembler.next(bytes);
                if (payload == null) {
                    return;
                }
                if (cipher == null) {
                    handshake(payload);
                } else {
                    handler.received(cipher.openMessage(payload, tap));
                }
            }
        } catch (IOException | RuntimeException e) {
            handler.failed(e);
        }
    }

    private boolean readPreamble(ByteBuffer bytes) throws IOException {
        try {
            return peerPreamble.feed(bytes);
        } catch (HandshakeException e) {
            if (serverHandshake != null && e.reason() == HandshakeException.Reason.OLD_VERSION) {
                // A protocol 1 client reads a 20-byte preamble: 16 more bytes complete ours, so it
                // can tell its user that this server speaks version 2 (docs/PROTOCOL.md §2).
                endWith(new byte[PROTOCOL_1_PADDING]);
            }
            throw e;
        }
    }

    /** Unsealed bytes (a REJECT, the protocol 1 padding) as the last thing sent, then the gentle close. */
    private void endWith(byte[] raw) {
        closeByNanos = System.nanoTime() + closeGraceNanos;
        bytesOut += raw.length;
        enqueue(new OutboundQueue.Frame(ByteBuffer.wrap(raw), 0, true));
    }

    /** The peer's handshake frame: the client's INIT (server side) or the server's answer (client side). */
    private void handshake(byte[] payload) throws IOException {
        if (clientHandshake == null && serverHandshake == null) {
            return; // refused already: what the peer sends after INIT is dropped while the REJECT leaves
        }
        if (clientHandshake != null) {
            cipher = clientHandshake.finish(payload, tap); // a refusal or an impostor throws
            clientHandshake = null;
            handler.connected();
            return;
        }
        Handshake.Server server = serverHandshake;
        serverHandshake = null;
        if (offload == null) {
            answered(server.respond(payload, tap));
            return;
        }
        handshaking = true;
        Handshake.Outcome[] outcome = new Handshake.Outcome[1];
        FrameTap watching = tap;
        offload.run(() -> outcome[0] = server.respond(payload, watching), () -> {
            handshaking = false;
            if (!open) {
                return;
            }
            if (outcome[0] == null) {
                cut(); // the work failed (a bug): nothing sensible to tell the peer
                return;
            }
            answered(outcome[0]);
            resume();
        });
    }

    /** The server's answer to INIT goes out; the handler hears of the outcome. */
    private void answered(Handshake.Outcome outcome) {
        if (outcome.failure() != null) {
            // REJECT is the last frame: the gentle close tells the client why, then the handler logs it
            endWith(outcome.frame());
            handler.failed(outcome.failure());
            return;
        }
        bytesOut += outcome.frame().length;
        enqueue(new OutboundQueue.Frame(ByteBuffer.wrap(outcome.frame()), 0, false));
        cipher = outcome.cipher();
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
    public void resume() {
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
    public void sweep(long now, long stallLimitNanos) {
        if (!open) {
            return;
        }
        if (closeByNanos != 0 && now - closeByNanos > 0) {
            cut();
            return;
        }
        long waiting = pending.headWaitingNanos(now);
        if (waiting > stallLimitNanos) {
            handler.writeStalled(waiting);
            return;
        }
        if (deadlineNanos != 0 && !outputShut && now - deadlineNanos > 0) {
            deadlineNanos = 0;
            handler.deadlinePassed();
        }
    }
}
