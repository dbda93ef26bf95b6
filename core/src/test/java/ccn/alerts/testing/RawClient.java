package ccn.alerts.testing;

import ccn.alerts.client.AlertClient;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.FrameDecoder;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.SecureChannel;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A hand-driven protocol peer over a real socket: it speaks exactly the frames a test asks for,
 * so a test can misbehave (stay silent, never read, replay a frame). Every byte it writes through
 * its channel is also kept, so a test can replay a frame.
 */
public final class RawClient implements AutoCloseable {
    /** Longer than any deadline the tests give the server (heartbeat reaping takes 3 s). */
    public static final int READ_TIMEOUT_MILLIS = 10_000;
    private final CapturingSocket socket;
    private SecureChannel channel;

    private RawClient(CapturingSocket socket) {
        this.socket = socket;
    }

    /** A connected TCP socket with nothing sent yet. */
    public static RawClient tcp(int port) throws IOException {
        return tcp(port, 0);
    }

    /** Like {@link #tcp(int)}, with a receive buffer size set before connecting (0 keeps the default). */
    public static RawClient tcp(int port, int receiveBufferSize) throws IOException {
        CapturingSocket s = new CapturingSocket();
        if (receiveBufferSize > 0) {
            s.setReceiveBufferSize(receiveBufferSize);
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) Await.DEFAULT.toMillis());
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        return new RawClient(s);
    }

    /** Connected with the preambles exchanged; nothing encrypted sent yet. */
    public static RawClient handshake(int port, SharedKey key) throws IOException {
        RawClient c = tcp(port);
        c.startChannel(key);
        return c;
    }

    public RawClient startChannel(SharedKey key) throws IOException {
        channel = SecureChannel.client(socket, key, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
        return this;
    }

    /** HELLO then WELCOME. */
    public Message.ServerHello hello() throws IOException {
        send(new Message.ClientHello(AlertClient.AGENT));
        return expect(Message.ServerHello.class);
    }

    /** HELLO, WELCOME, LOGIN, AUTH_SUCCESS. */
    public Message.AuthSuccess login(String username, String password) throws IOException {
        hello();
        send(new Message.Login(username, password));
        return expect(Message.AuthSuccess.class);
    }

    /** Sends a message and returns the exact frame bytes that went on the wire. */
    public byte[] send(Message message) throws IOException {
        int mark = socket.captured.size();
        channel.send(message);
        byte[] all = socket.captured.toByteArray();
        return Arrays.copyOfRange(all, mark, all.length);
    }

    /** Encrypts and sends any JSON, valid or not, as the next frame: for messages a record cannot express. */
    public void sendJson(String json) throws IOException {
        channel.sendEncoded(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Sends several messages in one write (one TCP segment on loopback), as a client that does not
     * wait for answers would; returns the bytes written.
     */
    public byte[] sendTogether(Message... messages) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (Message m : messages) {
            all.write(channel.seal(ccn.alerts.protocol.MessageCodec.encode(m)));
        }
        byte[] bytes = all.toByteArray();
        sendRaw(bytes);
        return bytes;
    }

    /** Writes bytes as they are, bypassing the channel. */
    public void sendRaw(byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    public Message receive() throws IOException {
        return channel.receive();
    }

    public <T extends Message> T expect(Class<T> type) throws IOException {
        return assertInstanceOf(type, receive());
    }

    /**
     * Reads until the server closes the connection (or the read times out, which fails the
     * test) and returns the messages that came before the close.
     */
    public List<Message> readUntilClosed() {
        List<Message> got = new ArrayList<>();
        try {
            while (true) {
                got.add(channel.receive());
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection; received " + got, e);
        } catch (IOException e) {
            return got;
        }
    }

    /** Reads raw bytes until end of stream and counts them; fails if the server keeps the connection open. */
    public int drainRawUntilClosed() {
        return readRawUntilClosed().length;
    }

    /** Reads raw bytes until end of stream; fails if the server keeps the connection open. */
    public byte[] readRawUntilClosed() {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) >= 0) {
                all.write(buf, 0, n);
            }
            return all.toByteArray();
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        } catch (IOException e) {
            return all.toByteArray(); // reset by the peer: closed as well
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A socket whose output stream also copies every byte into {@link #captured}. */
    private static final class CapturingSocket extends Socket {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        private OutputStream out;

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                OutputStream real = super.getOutputStream();
                out = new FilterOutputStream(real) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        real.write(b, off, len);
                        synchronized (captured) {
                            captured.write(b, off, len);
                        }
                    }

                    @Override
                    public void write(int b) throws IOException {
                        real.write(b);
                        synchronized (captured) {
                            captured.write(b);
                        }
                    }
                };
            }
            return out;
        }
    }
}
