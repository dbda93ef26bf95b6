package ccn.alerts.server;

import ccn.alerts.net.SelectorLoop;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of the server, from start to stop: the listening socket and the selector loops that
 * accept on it and serve every connection. Opening binds (with a plain message when the port is
 * taken) and starts the loops; closing ends them, cutting whatever is still connected.
 *
 * <p>Thread-safety: created and closed by the server's life cycle; {@link #loops} and
 * {@link #port} may be read from any thread.
 */
final class ServerRun implements AutoCloseable {
    private final ServerSocketChannel listening;
    private final List<SelectorLoop> loops;

    private ServerRun(ServerSocketChannel listening, List<SelectorLoop> loops) {
        this.listening = listening;
        this.loops = List.copyOf(loops);
    }

    /** Binds, starts {@code config.loops()} loops, and accepts on the first, handing sockets to {@code acceptor}. */
    static ServerRun open(ServerConfig config, SelectorLoop.Acceptor acceptor) throws IOException {
        ServerSocketChannel socket = bind(config);
        List<SelectorLoop> started = new ArrayList<>();
        try {
            for (int i = 0; i < config.loops(); i++) {
                started.add(new SelectorLoop("ccn-loop-" + i, config.heartbeatInterval().multipliedBy(3)));
            }
        } catch (java.io.UncheckedIOException e) {
            started.forEach(SelectorLoop::close);
            socket.close();
            throw new IOException("cannot start serving: " + e.getCause().getMessage(), e);
        }
        try {
            started.getFirst().listen(socket, acceptor);
        } catch (IOException e) {
            started.forEach(SelectorLoop::close);
            socket.close();
            throw e;
        }
        return new ServerRun(socket, started);
    }

    private static ServerSocketChannel bind(ServerConfig config) throws IOException {
        ServerSocketChannel socket = ServerSocketChannel.open();
        try {
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 1024);
            socket.configureBlocking(false);
            return socket;
        } catch (BindException e) {
            socket.close();
            throw new IOException("port " + config.port() + " on " + config.bindAddress()
                    + " is already in use (is another server running?)", e);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    List<SelectorLoop> loops() {
        return loops;
    }

    /** The bound port, or -1 once closed. */
    int port() {
        try {
            return listening.isOpen() ? ((InetSocketAddress) listening.getLocalAddress()).getPort() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Stops accepting, then waits (bounded) until the loops have run what was handed to them: a
     * connection accepted this very moment is then among the server's sessions and is told of
     * the shutdown too, instead of being left to the final cut.
     */
    void stopAccepting() {
        try {
            listening.close();
        } catch (IOException e) {
            // nothing more to release
        }
        drain(List.of(loops.getFirst())); // the accept under way hands its socket to a loop...
        drain(loops); // ...which opens it
    }

    private static void drain(List<SelectorLoop> which) {
        CountDownLatch done = new CountDownLatch(which.size());
        which.forEach(loop -> {
            if (!loop.execute(done::countDown)) {
                done.countDown();
            }
        });
        try {
            done.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the loops; whatever is still connected is cut: no socket outlives the run. */
    @Override
    public void close() {
        stopAccepting();
        loops.forEach(SelectorLoop::close);
    }
}
