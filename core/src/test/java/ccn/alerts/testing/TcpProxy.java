package ccn.alerts.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay between clients and a server, so a test can break connections the way a
 * crash or a network fault does (a reset, no goodbye) or silently swallow what a client sends.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    public TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("test-proxy-accept").start(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Resets every open connection on both sides, as a crashed host or a cut cable would. */
    public void killAll() {
        for (Link l : links) {
            l.kill();
        }
        links.clear();
    }

    /** From now on, bytes the currently connected clients send are read and dropped, not relayed. */
    public void muteClientToServer() {
        links.forEach(l -> l.muted = true);
    }

    /** From now on, bytes the server sends to the currently connected clients are dropped, not relayed. */
    public void muteServerToClient() {
        links.forEach(l -> l.mutedDown = true);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                Link link = new Link(client, upstream);
                links.add(link);
                accepted.incrementAndGet();
                Thread.ofVirtual().start(() -> link.pump(client, upstream, true));
                Thread.ofVirtual().start(() -> link.pump(upstream, client, false));
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection drop
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        killAll();
    }

    private static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean muted;
        volatile boolean mutedDown;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void pump(Socket from, Socket to, boolean clientToServer) {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (clientToServer ? muted : mutedDown) {
                        continue;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side broke; the other is closed below
            }
            kill();
        }

        void kill() {
            for (Socket s : List.of(client, upstream)) {
                try {
                    s.setSoLinger(true, 0); // RST, not FIN: an abrupt drop
                } catch (IOException ignored) {
                    // already closed
                }
                try {
                    s.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }
    }
}
