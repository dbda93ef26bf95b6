package ccn.alerts.protocol;

import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One encrypted connection over blocking streams, as the client (and test tools) use it: the
 * preambles and the {@link Handshake}, then frames sealed and opened by a {@link FrameCipher} and read by the one
 * frame decoder ({@link FrameDecoder} over {@link FrameAssembler}). The server does not use this
 * class: its connections are non-blocking and run the same cipher and decoder on a selector loop.
 *
 * <p>Thread-safety: {@link #send} may be called from any thread (writes are serialised, and a
 * frame's sequence number is taken under the same lock, so wire order equals sequence order);
 * {@link #receive} must be called by one reader thread only. {@link #close} is safe from any
 * thread and makes a blocked reader fail.
 */
public final class SecureChannel implements Closeable {
    /** See {@link FrameCipher#MIN_PAYLOAD_LENGTH}. */
    public static final int MIN_PAYLOAD_LENGTH = FrameCipher.MIN_PAYLOAD_LENGTH;

    private final FrameCipher cipher;
    private final FrameDecoder decoder;
    private final OutputStream out;
    private final Closeable resource;
    private final Object writeLock = new Object();
    private final AtomicLong bytesIn;
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile boolean closed;
    private volatile FrameTap tap;

    /** @param decoder reads the stream counted by {@code bytesIn}, and may hold bytes read past the handshake */
    private SecureChannel(FrameCipher cipher, FrameDecoder decoder, AtomicLong bytesIn, OutputStream out, Closeable resource) {
        this.cipher = cipher;
        this.decoder = decoder;
        this.bytesIn = bytesIn;
        this.out = out;
        this.resource = resource;
    }

    /**
     * Opens the client side over a connected socket: our preamble and handshake INIT, then the
     * server's preamble and answer. Returns only once the server has proven its identity, so
     * nothing sent on the channel (a LOGIN) can reach a server without the key string's private key.
     *
     * @param tap shown the handshake frames (null: nobody watches); also set as the channel's tap
     * @throws HandshakeException when the server is not a CCN server, another version, refused
     *                            us, or failed to prove its identity
     */
    public static SecureChannel client(Socket socket, SharedKey key, int maxFrameLength, FrameTap tap) throws IOException {
        socket.setTcpNoDelay(true);
        return client(socket.getInputStream(), socket.getOutputStream(), socket,
                new Handshake.Client(key, maxFrameLength), maxFrameLength, tap);
    }

    public static SecureChannel client(Socket socket, SharedKey key, int maxFrameLength) throws IOException {
        return client(socket, key, maxFrameLength, null);
    }

    /** The client side over any pair of streams, with a handshake that may use fixed keys (worked example). */
    static SecureChannel client(InputStream in, OutputStream out, Closeable resource, Handshake.Client handshake,
                                int maxFrameLength, FrameTap tap) throws IOException {
        byte[] opening = handshake.opening(tap);
        out.write(opening);
        out.flush();
        AtomicLong bytesIn = new AtomicLong();
        InputStream counted = new CountingInputStream(in, bytesIn);
        Preamble.read(counted);
        FrameDecoder decoder = new FrameDecoder(counted, maxFrameLength);
        FrameCipher cipher = handshake.finish(decoder.readFrame(), tap);
        SecureChannel channel = new SecureChannel(cipher, decoder, bytesIn, out, resource);
        channel.setTap(tap);
        channel.bytesOut.addAndGet(opening.length);
        return channel;
    }

    /**
     * Opens the server side over an accepted socket (test tools; the server itself is
     * non-blocking): a refused handshake is answered, then thrown.
     */
    public static SecureChannel server(Socket socket, ServerKeys keys, int maxFrameLength) throws IOException {
        socket.setTcpNoDelay(true);
        return server(socket.getInputStream(), socket.getOutputStream(), socket,
                new Handshake.Server(keys, maxFrameLength), maxFrameLength);
    }

    /** The server side over any pair of streams, with a handshake that may use fixed keys (tests). */
    static SecureChannel server(InputStream in, OutputStream out, Closeable resource, Handshake.Server handshake,
                                int maxFrameLength) throws IOException {
        out.write(handshake.opening());
        out.flush();
        AtomicLong bytesIn = new AtomicLong();
        InputStream counted = new CountingInputStream(in, bytesIn);
        Preamble.read(counted);
        FrameDecoder decoder = new FrameDecoder(counted, maxFrameLength);
        Handshake.Outcome outcome = handshake.respond(decoder.readFrame(), null);
        out.write(outcome.frame());
        out.flush();
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        SecureChannel channel = new SecureChannel(outcome.cipher(), decoder, bytesIn, out, resource);
        channel.bytesOut.addAndGet(Preamble.LENGTH + outcome.frame().length);
        return channel;
    }

    /** Encrypts and writes one message. Fails fast once the channel is closed. */
    public void send(Message message) throws IOException {
        sendEncoded(MessageCodec.encode(message));
    }

    /** Encrypts and writes a message already encoded by {@link MessageCodec#encode}. */
    public void sendEncoded(byte[] json) throws IOException {
        synchronized (writeLock) {
            byte[] frame = seal(json);
            out.write(frame);
            out.flush();
        }
    }

    /**
     * Encrypts an encoded message into the next frame, header included, without writing it: for
     * callers that write frames themselves (non-blocking sockets). Each call takes the next
     * sequence number, so the caller must put frames on the wire in the order it sealed them.
     */
    public byte[] seal(byte[] json) throws IOException {
        synchronized (writeLock) {
            if (closed) {
                throw new IOException("channel is closed");
            }
            byte[] frame = cipher.seal(json, tap);
            bytesOut.addAndGet(frame.length);
            return frame;
        }
    }

    /**
     * Blocks for the next message.
     *
     * @throws java.io.EOFException when the peer closed cleanly between frames
     * @throws DecryptionFailedException on a corrupted, tampered, replayed, reordered or
     *         reflected frame
     * @throws ProtocolException on any other bad input
     */
    public Message receive() throws IOException {
        return open(decoder.readFrame());
    }

    /** Decrypts and decodes one frame's payload (header removed) that the caller read itself. */
    public Message open(byte[] payload) throws IOException {
        return cipher.openMessage(payload, tap);
    }

    /** The largest frame payload this channel accepts. */
    public int maxFrameLength() {
        return cipher.maxFrameLength();
    }

    /** Starts or stops showing this channel's frames to {@code tap} (null stops); from the next frame. */
    public void setTap(FrameTap tap) {
        this.tap = tap;
    }

    /** Frames received and decrypted so far. */
    public long framesReceived() {
        return cipher.framesReceived();
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    /** The handshake hash as hex, for diagnostics; not secret. */
    public String handshakeHash() {
        return cipher.handshakeHashHex();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        resource.close();
    }

    private static final class CountingInputStream extends FilterInputStream {
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
