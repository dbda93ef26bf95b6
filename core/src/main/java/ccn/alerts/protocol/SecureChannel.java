package ccn.alerts.protocol;

import ccn.alerts.crypto.SharedKey;
import com.google.crypto.tink.Aead;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One encrypted connection: the preamble exchange, then frames whose payload is
 * {@code AES-256-GCM(nonce || ciphertext || tag)} of one JSON message, sealed with the
 * {@link AssociatedData} of this connection, direction and sequence number.
 *
 * <p>Thread-safety: {@link #send} may be called from any thread (writes are serialised, and a
 * frame's sequence number is taken under the same lock, so wire order equals sequence order);
 * {@link #receive} must be called by one reader thread only. {@link #close} is safe from any
 * thread and makes a blocked reader fail.
 */
public final class SecureChannel implements Closeable {
    /**
     * The shortest payload that can be a sealed frame: nonce and tag around an empty ciphertext.
     * SharedKey's AEAD has no Tink output prefix (variant NO_PREFIX), else 5 more bytes.
     */
    public static final int MIN_PAYLOAD_LENGTH = SharedKey.NONCE_BYTES + SharedKey.TAG_BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Direction outbound;
    private final Aead aead;
    private final byte[] connectionId;
    private final FrameDecoder decoder;
    private final InputStream in;
    private final OutputStream out;
    private final Closeable resource;
    private final int maxFrameLength;
    private final Object writeLock = new Object();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private long sendSequence;
    private long receiveSequence;
    private volatile boolean closed;
    /** {@link System#nanoTime()} when the socket write in progress began; 0 when none is. */
    private volatile long writeStartedNanos;
    private volatile FrameTap tap;

    private SecureChannel(Direction outbound, SharedKey key, byte[] connectionId, InputStream in,
                          OutputStream out, Closeable resource, int maxFrameLength) {
        this.outbound = outbound;
        this.aead = key.aead();
        this.connectionId = connectionId;
        this.in = in;
        this.decoder = new FrameDecoder(new CountingInputStream(in, bytesIn), maxFrameLength);
        this.out = out;
        this.resource = resource;
        this.maxFrameLength = maxFrameLength;
    }

    /** Opens the client side over a connected socket: sends our preamble, reads the server's. */
    public static SecureChannel client(Socket socket, SharedKey key, int maxFrameLength) throws IOException {
        return open(Direction.CLIENT_TO_SERVER, socket, key, maxFrameLength);
    }

    /** Opens the server side over an accepted socket: sends our preamble, reads the client's. */
    public static SecureChannel server(Socket socket, SharedKey key, int maxFrameLength) throws IOException {
        return open(Direction.SERVER_TO_CLIENT, socket, key, maxFrameLength);
    }

    private static SecureChannel open(Direction outbound, Socket socket, SharedKey key, int maxFrameLength)
            throws IOException {
        socket.setTcpNoDelay(true);
        // No BufferedOutputStream: every frame is already one array written with one call, so a
        // buffer would only copy it and cost 8 KiB per connection (80 MB at 10,000 clients).
        return open(outbound, new HandOverInputStream(socket.getInputStream()),
                socket.getOutputStream(), socket, key, maxFrameLength, randomNonce());
    }

    /**
     * Opens a channel over any pair of streams; {@code ownNonce} is normally random and fixed
     * only to reproduce the worked example of docs/PROTOCOL.md.
     */
    static SecureChannel open(Direction outbound, InputStream in, OutputStream out, Closeable resource,
                              SharedKey key, int maxFrameLength, byte[] ownNonce) throws IOException {
        Objects.requireNonNull(key, "key");
        out.write(Preamble.encode(ownNonce));
        out.flush();
        byte[] peerNonce = Preamble.read(in);
        byte[] clientNonce = outbound == Direction.CLIENT_TO_SERVER ? ownNonce : peerNonce;
        byte[] serverNonce = outbound == Direction.CLIENT_TO_SERVER ? peerNonce : ownNonce;
        byte[] connectionId = new byte[Preamble.CONNECTION_ID_LENGTH];
        System.arraycopy(clientNonce, 0, connectionId, 0, Preamble.NONCE_LENGTH);
        System.arraycopy(serverNonce, 0, connectionId, Preamble.NONCE_LENGTH, Preamble.NONCE_LENGTH);
        SecureChannel channel = new SecureChannel(outbound, key, connectionId, in, out, resource, maxFrameLength);
        channel.bytesIn.addAndGet(Preamble.LENGTH);
        channel.bytesOut.addAndGet(Preamble.LENGTH);
        return channel;
    }

    static byte[] randomNonce() {
        byte[] nonce = new byte[Preamble.NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** Encrypts and writes one message. Fails fast once the channel is closed. */
    public void send(Message message) throws IOException {
        sendEncoded(MessageCodec.encode(message));
    }

    /**
     * Encrypts and writes a message already encoded by {@link MessageCodec#encode}, so a broadcast
     * serialises its JSON once for all recipients.
     */
    public void sendEncoded(byte[] json) throws IOException {
        synchronized (writeLock) {
            byte[] frame = seal(json);
            writeStartedNanos = System.nanoTime() | 1; // never 0, which means "not writing"
            try {
                out.write(frame);
                out.flush();
            } finally {
                writeStartedNanos = 0;
            }
        }
    }

    /**
     * Encrypts a message already encoded by {@link MessageCodec#encode} into the next frame, header
     * included, without writing it: for callers that write frames themselves (non-blocking
     * sockets). Each call takes the next sequence number, so the caller must put frames on the wire
     * in the order it sealed them. Counted in {@link #bytesOut} now.
     */
    public byte[] seal(byte[] json) throws IOException {
        synchronized (writeLock) {
            if (closed) {
                throw new IOException("channel is closed");
            }
            byte[] ciphertext;
            try {
                ciphertext = aead.encrypt(json, AssociatedData.of(Preamble.VERSION, outbound, connectionId, sendSequence));
            } catch (GeneralSecurityException e) {
                throw new IOException("encryption failed", e);
            }
            byte[] frame = FrameEncoder.encode(ciphertext, maxFrameLength);
            long sequence = sendSequence++;
            FrameTap t = tap;
            if (t != null) {
                // Shown before it is written: once on the wire the peer's answer can be seen
                // first, and the inspector would list the ACK above the ALERT it answers.
                show(t, () -> record(outbound, sequence, frame.length, ciphertext, json, null, null));
            }
            bytesOut.addAndGet(frame.length);
            return frame;
        }
    }

    /**
     * How long the socket write in progress has been blocked, or zero when none is: a write blocks
     * only while the peer's receive window is full, i.e. it has stopped reading.
     *
     * @param nowNanos {@link System#nanoTime()} of the caller
     */
    public long writeBlockedNanos(long nowNanos) {
        long started = writeStartedNanos;
        return started == 0 ? 0 : Math.max(0, nowNanos - started);
    }

    /**
     * Blocks for the next message.
     *
     * @throws java.io.EOFException when the peer closed cleanly between frames
     * @throws CorruptedFrameException on a frame too short to be sealed, see {@link #open(byte[])}
     * @throws DecryptionFailedException on a wrong key (first frame) or a tampered, replayed,
     *         reordered or reflected frame
     * @throws ProtocolException on any other bad input
     */
    public Message receive() throws IOException {
        return open(decoder.readFrame());
    }

    /**
     * Decrypts and decodes one frame's payload (header removed) that the caller read itself, e.g.
     * with a {@link FrameAssembler}; takes the next receive sequence number, like {@link #receive}.
     * Must not be mixed with a concurrent {@link #receive}.
     *
     * @throws CorruptedFrameException when the payload is shorter than {@link #MIN_PAYLOAD_LENGTH}:
     *         no key could have sealed it, so it must not be reported as a wrong key
     * @throws DecryptionFailedException when the tag does not verify
     */
    public Message open(byte[] payload) throws IOException {
        FrameTap t = tap;
        if (payload.length < MIN_PAYLOAD_LENGTH) {
            throw rejected(t, payload, new CorruptedFrameException("frame payload of " + payload.length
                    + " bytes is shorter than the " + MIN_PAYLOAD_LENGTH + "-byte minimum (nonce + tag)"));
        }
        byte[] ad = AssociatedData.of(Preamble.VERSION, outbound.reverse(), connectionId, receiveSequence);
        byte[] json;
        try {
            json = aead.decrypt(payload, ad);
        } catch (GeneralSecurityException e) {
            throw rejected(t, payload, new DecryptionFailedException(receiveSequence, e));
        }
        long sequence = receiveSequence++;
        if (t == null) {
            return MessageCodec.decode(json);
        }
        int length = payload.length + FrameDecoder.HEADER_LENGTH;
        try {
            Message message = MessageCodec.decode(json);
            show(t, () -> record(outbound.reverse(), sequence, length, payload, json, message, null));
            return message;
        } catch (MalformedMessageException e) {
            show(t, () -> record(outbound.reverse(), sequence, length, payload, json, null, e.getMessage()));
            throw e;
        }
    }

    /** Shows a frame that could not be opened to the inspector, if any, and returns the failure to throw. */
    private <E extends ProtocolException> E rejected(FrameTap t, byte[] payload, E failure) {
        if (t != null) {
            long expected = receiveSequence;
            show(t, () -> record(outbound.reverse(), expected, payload.length + FrameDecoder.HEADER_LENGTH,
                    payload, null, null, failure.getMessage()));
        }
        return failure;
    }

    /**
     * Hands over the bytes this channel has read from its socket but not yet decoded, and stops
     * using its own buffer: after this, the caller reads the socket itself (non-blocking) and
     * passes whole frames to {@link #open}. Only for channels opened over a socket; the caller
     * must ensure no {@link #receive} is in progress or follows.
     */
    public byte[] takeBufferedInput() {
        return in instanceof HandOverInputStream h ? h.takeBuffered() : new byte[0];
    }

    /** Counts bytes the caller read from the socket itself (see {@link #takeBufferedInput}). */
    public void countReceived(long bytes) {
        bytesIn.addAndGet(bytes);
    }

    /** The largest frame payload this channel accepts. */
    public int maxFrameLength() {
        return maxFrameLength;
    }

    /**
     * Starts or stops showing this channel's frames to {@code tap} (null stops). Safe from any
     * thread; takes effect from the next frame.
     */
    public void setTap(FrameTap tap) {
        this.tap = tap;
    }

    /** The inspector is a spectator: whatever it does wrong must not break the connection. */
    private static void show(FrameTap tap, java.util.function.Supplier<FrameRecord> frame) {
        try {
            tap.frame(frame.get());
        } catch (RuntimeException ignored) {
            // a broken view loses one row, the connection loses nothing
        }
    }

    private static FrameRecord record(Direction direction, long sequence, int frameLength, byte[] payload,
                                      byte[] json, Message decoded, String error) {
        String cipherHex = HexFormat.of().formatHex(payload, 0, Math.min(payload.length, FrameRecord.PREVIEW_BYTES));
        String type = null;
        String text = null;
        if (json != null) {
            Message message = decoded;
            if (message == null && error == null) {
                try {
                    message = MessageCodec.decode(json);
                } catch (MalformedMessageException e) {
                    error = e.getMessage();
                }
            }
            type = message == null ? null : MessageCodec.typeName(message);
            // A message that did not parse is not shown: it might be a broken LOGIN with a password.
            text = message == null ? null : message instanceof Message.Login login
                    // The inspector shows the class what crosses the wire, but never a password.
                    ? new String(MessageCodec.encode(new Message.Login(login.username(), "********")), StandardCharsets.UTF_8)
                    : new String(json, StandardCharsets.UTF_8);
        }
        return new FrameRecord(Instant.now(), direction, sequence, frameLength, cipherHex, type, text, error);
    }

    /** Frames received and decrypted so far; 0 means the peer's key is not yet proven. */
    public long framesReceived() {
        return receiveSequence;
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    /** The connection id as hex, for diagnostics; not secret. */
    public String connectionId() {
        return HexFormat.of().formatHex(connectionId);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        resource.close();
    }

    /** A buffered stream whose unread bytes can be handed to a non-blocking reader. */
    private static final class HandOverInputStream extends BufferedInputStream {
        HandOverInputStream(InputStream in) {
            super(in, 8192);
        }

        /** The unread bytes; the 8 KiB buffer is then released (10,000 of them are 80 MB). */
        synchronized byte[] takeBuffered() {
            byte[] rest = java.util.Arrays.copyOfRange(buf, pos, count);
            buf = new byte[1];
            pos = 0;
            count = 0;
            return rest;
        }
    }

    private static final class CountingInputStream extends java.io.FilterInputStream {
        private final AtomicLong counter;

        CountingInputStream(InputStream in, AtomicLong counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counter.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counter.addAndGet(n);
            }
            return n;
        }
    }
}
