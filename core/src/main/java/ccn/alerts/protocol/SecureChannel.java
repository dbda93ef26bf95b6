package ccn.alerts.protocol;

import ccn.alerts.crypto.SharedKey;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One encrypted connection over blocking streams, as the client (and test tools) use it: the
 * preamble exchange, then frames sealed and opened by a {@link FrameCipher} and read by the one
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
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FrameCipher cipher;
    private final FrameDecoder decoder;
    private final OutputStream out;
    private final Closeable resource;
    private final Object writeLock = new Object();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile boolean closed;
    private volatile FrameTap tap;

    private SecureChannel(FrameCipher cipher, InputStream in, OutputStream out, Closeable resource) {
        this.cipher = cipher;
        this.decoder = new FrameDecoder(new CountingInputStream(in, bytesIn), cipher.maxFrameLength());
        this.out = out;
        this.resource = resource;
    }

    /** Opens the client side over a connected socket: sends our preamble, reads the server's. */
    public static SecureChannel client(Socket socket, SharedKey key, int maxFrameLength) throws IOException {
        return open(Direction.CLIENT_TO_SERVER, socket, key, maxFrameLength);
    }

    /** Opens the server side over an accepted socket (test tools; the server itself is non-blocking). */
    public static SecureChannel server(Socket socket, SharedKey key, int maxFrameLength) throws IOException {
        return open(Direction.SERVER_TO_CLIENT, socket, key, maxFrameLength);
    }

    private static SecureChannel open(Direction outbound, Socket socket, SharedKey key, int maxFrameLength)
            throws IOException {
        socket.setTcpNoDelay(true);
        // No BufferedOutputStream: every frame is already one array written with one call.
        return open(outbound, socket.getInputStream(), socket.getOutputStream(), socket, key, maxFrameLength,
                randomNonce());
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
        FrameCipher cipher = new FrameCipher(outbound, key,
                FrameCipher.connectionId(outbound, ownNonce, peerNonce), maxFrameLength);
        SecureChannel channel = new SecureChannel(cipher, in, out, resource);
        channel.bytesIn.addAndGet(Preamble.LENGTH);
        channel.bytesOut.addAndGet(Preamble.LENGTH);
        return channel;
    }

    /** A fresh preamble nonce. */
    public static byte[] randomNonce() {
        byte[] nonce = new byte[Preamble.NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        return nonce;
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
     * @throws DecryptionFailedException on a wrong key (first frame) or a tampered, replayed,
     *         reordered or reflected frame
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

    /** Frames received and decrypted so far; 0 means the peer's key is not yet proven. */
    public long framesReceived() {
        return cipher.framesReceived();
    }

    public long bytesIn() {
        return bytesIn.get();
    }

    public long bytesOut() {
        return bytesOut.get();
    }

    /** The connection id as hex, for diagnostics; not secret. */
    public String connectionId() {
        return cipher.connectionIdHex();
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
