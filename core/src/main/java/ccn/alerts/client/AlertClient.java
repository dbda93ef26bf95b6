package ccn.alerts.client;

import ccn.alerts.protocol.CorruptedFrameException;
import ccn.alerts.protocol.DecryptionFailedException;
import ccn.alerts.protocol.HandshakeException;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.MessageCodec;
import ccn.alerts.protocol.ProtocolException;
import ccn.alerts.protocol.SecureChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client engine: connects, proves the key, logs in, receives alerts and acknowledges each one,
 * sends heartbeats and times their round trip, notices a dead server, and reconnects with
 * exponential back-off (logging in again and dropping alerts it has already shown).
 *
 * <p>Thread-safety: all public methods may be called from any thread; they never block on the
 * network except {@link #logout()}, which writes one small frame and waits briefly for the
 * connection thread to end (call it off a UI thread). Listeners are called on the client's own
 * threads.
 */
public final class AlertClient implements AutoCloseable {
    public static final String AGENT = "ccn-alerts-client/0.1";
    private static final Logger LOG = LoggerFactory.getLogger(AlertClient.class);
    private static final int REMEMBERED_IDS = 10_000;

    private final ClientConfig config;
    private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();
    private final LinkedHashSet<Long> seenAlertIds = new LinkedHashSet<>();
    private final Map<Long, Long> heartbeatsInFlight = new ConcurrentHashMap<>();
    private volatile ClientStatus status = ClientStatus.of(ClientState.DISCONNECTED, "Not connected");
    private volatile Duration lastRoundTrip;
    /** When the reader last got a frame; the watchdog compares it with three heartbeat intervals. */
    private volatile long lastReceivedNanos;
    private volatile boolean serverSilent;
    private volatile SecureChannel channel;
    private volatile ccn.alerts.protocol.FrameTap frameTap;
    private volatile boolean stopRequested;
    private volatile CountDownLatch stopSignal = new CountDownLatch(1);
    /** True while re-establishing a connection that was up; read by the connection thread only. */
    private boolean retrying;
    private Thread loop;

    /** What one connection attempt ended with. */
    private record Ending(boolean wasConnected, boolean stop) {
    }

    public AlertClient(ClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public void addListener(ClientListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ClientListener listener) {
        listeners.remove(listener);
    }

    public ClientStatus status() {
        return status;
    }

    public ClientConfig config() {
        return config;
    }

    /**
     * Shows every frame of this client's connections to {@code tap} (the client's wire inspector),
     * or stops with null. Safe from any thread; the tap is called on the client's threads.
     */
    public void setFrameTap(ccn.alerts.protocol.FrameTap tap) {
        frameTap = tap;
        SecureChannel ch = channel;
        if (ch != null) {
            ch.setTap(tap);
        }
    }

    /** Round trip of the last heartbeat, if one completed. */
    public Optional<Duration> lastRoundTrip() {
        return Optional.ofNullable(lastRoundTrip);
    }

    /**
     * Starts connecting on a background thread. The future completes with the first settled
     * status: CONNECTED, or the failure that ended the first attempt. After a successful login the
     * client stays connected, reconnecting on its own, until {@link #logout()}.
     *
     * @throws IllegalStateException when this client is already running
     */
    public synchronized CompletableFuture<ClientStatus> connect() {
        if (loop != null && loop.isAlive() && isSettled()) {
            // The final status is announced just before the connection thread ends: let it finish.
            try {
                loop.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (loop != null && loop.isAlive()) {
            throw new IllegalStateException("already connecting or connected");
        }
        stopRequested = false;
        stopSignal = new CountDownLatch(1);
        CompletableFuture<ClientStatus> outcome = new CompletableFuture<>();
        // A platform thread: the kernel wakes it as soon as a frame arrives. A virtual thread needs
        // the JDK's poller and a carrier thread woken first, which put milliseconds into the tail of
        // alert latency on a busy 2-core machine (docs/BENCHMARKS.md). One thread per client is cheap.
        loop = Thread.ofPlatform().daemon().name("ccn-client-" + config.username()).start(() -> run(outcome));
        return outcome;
    }

    /** Sends LOGOUT if connected, closes the connection and stops reconnecting. */
    public void logout() {
        Thread running;
        synchronized (this) {
            stopRequested = true;
            stopSignal.countDown();
            running = loop;
        }
        SecureChannel ch = channel;
        if (ch != null) {
            if (status.state() == ClientState.CONNECTED) {
                try {
                    ch.send(new Message.Logout());
                } catch (IOException e) {
                    LOG.debug("LOGOUT not sent; closing anyway", e);
                }
            }
            closeQuietly(ch);
        }
        if (running != null) {
            try {
                running.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!status.state().isFailure() && status.state() != ClientState.DISCONNECTED) {
            setStatus(ClientStatus.of(ClientState.DISCONNECTED, "Logged out"));
        }
    }

    @Override
    public void close() {
        logout();
    }

    private void run(CompletableFuture<ClientStatus> outcome) {
        boolean everConnected = false;
        int failures = 0;
        try {
            while (!stopRequested) {
                Ending ending = connectOnce(outcome, everConnected);
                everConnected |= ending.wasConnected();
                failures = ending.wasConnected() ? 0 : failures + 1;
                if (ending.stop() || stopRequested) {
                    break;
                }
                Duration delay = backoff(failures);
                Instant retryAt = Instant.now().plus(delay);
                // The reason stays what went wrong; retryAt lets each view count down itself.
                setStatus(new ClientStatus(ClientState.RECONNECTING, status.reason(), retryAt));
                if (stopSignal.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (stopRequested && !status.state().isFailure()) {
                setStatus(ClientStatus.of(ClientState.DISCONNECTED, "Logged out"));
            }
            outcome.complete(status);
        }
    }

    private boolean isSettled() {
        ClientState state = status.state();
        return state.isFailure() || state == ClientState.DISCONNECTED;
    }

    private Duration backoff(int failures) {
        long ms = config.initialBackoff().toMillis() << Math.min(Math.max(failures - 1, 0), 16);
        return Duration.ofMillis(Math.min(ms, config.maxBackoff().toMillis()));
    }

    /** One connection from TCP connect to its end. */
    private Ending connectOnce(CompletableFuture<ClientStatus> outcome, boolean reconnecting) {
        String where = config.host() + ":" + config.port();
        retrying = reconnecting;
        setStatus(ClientStatus.of(ClientState.CONNECTING, "Connecting to " + where + "…"));
        boolean connected = false;
        CountDownLatch connectionOver = new CountDownLatch(1);
        try (Socket socket = new Socket()) {
            try {
                socket.connect(new InetSocketAddress(config.host(), config.port()), (int) config.connectTimeout().toMillis());
            } catch (UnknownHostException e) {
                return unreachable("Unknown host \"" + config.host() + "\"", reconnecting);
            } catch (SocketTimeoutException e) {
                return unreachable("Server unreachable at " + where + " (no answer)", reconnecting);
            } catch (IOException e) {
                return unreachable("Server unreachable at " + where + " (" + describe(e) + ")", reconnecting);
            }
            socket.setSoTimeout((int) config.connectTimeout().toMillis());
            SecureChannel ch = SecureChannel.client(socket, config.key(), config.maxFrameLength());
            ch.setTap(frameTap);
            channel = ch;
            if (stopRequested) {
                return new Ending(false, true);
            }
            ch.send(new Message.ClientHello(AGENT));
            Message first = ch.receive();
            if (!(first instanceof Message.ServerHello hello)) {
                return serverEnded(first, false);
            }
            setStatus(ClientStatus.of(ClientState.AUTHENTICATING, "Logging in as " + config.username() + "…"));
            ch.send(new Message.Login(config.username(), config.password()));
            // Checking a password is slow on purpose, and a whole class may log in at once: wait
            // up to the server's own login deadline, not just the connect timeout.
            socket.setSoTimeout((int) Math.max(config.connectTimeout().toMillis(),
                    Duration.ofSeconds(hello.loginTimeoutSeconds()).toMillis()));
            Message reply = ch.receive();
            if (!(reply instanceof Message.AuthSuccess)) {
                return serverEnded(reply, false);
            }
            connected = true;
            heartbeatsInFlight.clear();
            setStatus(ClientStatus.of(ClientState.CONNECTED, "Connected as " + config.username() + " to " + where));
            outcome.complete(status);
            Duration interval = Duration.ofSeconds(hello.heartbeatSeconds());
            socket.setSoTimeout((int) interval.multipliedBy(3).toMillis());
            lastReceivedNanos = System.nanoTime();
            serverSilent = false;
            Thread.ofVirtual().name("ccn-client-heartbeat").start(() -> sendHeartbeats(ch, interval, connectionOver));
            Thread.ofVirtual().name("ccn-client-watchdog").start(() -> watch(ch, interval, connectionOver));
            while (true) {
                Message m = ch.receive();
                lastReceivedNanos = System.nanoTime();
                Ending end = handle(ch, m);
                if (end != null) {
                    return end;
                }
            }
        } catch (DecryptionFailedException e) {
            if (e.isFirstFrame()) {
                return fail(ClientState.WRONG_KEY, "Wrong encryption key — copy the key shown in the server window");
            }
            return lost(connected, "Connection corrupted: " + e.getMessage());
        } catch (HandshakeException e) {
            return unreachable(where + " is not a CCN alert server (" + e.getMessage() + ")", reconnecting);
        } catch (CorruptedFrameException e) {
            return lost(connected, where + " sent a corrupt frame (" + e.getMessage() + ")");
        } catch (SocketTimeoutException e) {
            return connected ? lost(true, "No answer from the server")
                    : unreachable("The server at " + where + " did not answer in time", reconnecting);
        } catch (EOFException e) {
            return lost(connected, "The server closed the connection");
        } catch (ProtocolException e) {
            return lost(connected, "Protocol error: " + e.getMessage());
        } catch (IOException e) {
            return lost(connected, serverSilent ? "No answer from the server" : "Connection lost (" + describe(e) + ")");
        } finally {
            connectionOver.countDown();
            channel = null;
        }
    }

    /** Handles one message after login; returns non-null when the connection is over. */
    private Ending handle(SecureChannel ch, Message m) throws IOException {
        switch (m) {
            case Message.Alert alert -> {
                if (rememberAlert(alert.alertId())) {
                    notify(l -> l.alertReceived(alert));
                }
                // Acknowledge duplicates too: the server re-sent it because it never saw our ACK.
                ch.send(new Message.Ack(alert.alertId()));
                notify(l -> l.ackSent(alert.alertId()));
            }
            case Message.AckOk ok -> notify(l -> l.ackConfirmed(ok.alertId()));
            case Message.HeartbeatOk ok -> {
                Long sent = heartbeatsInFlight.remove(ok.seq());
                if (sent != null) {
                    Duration rtt = Duration.ofNanos(System.nanoTime() - sent);
                    lastRoundTrip = rtt;
                    notify(l -> l.heartbeat(rtt));
                }
            }
            case Message.ServerShutdown ignored -> {
                return serverEnded(m, true);
            }
            case Message.ErrorReport ignored -> {
                return serverEnded(m, true);
            }
            default -> {
                return lost(true, "Unexpected " + MessageCodec.typeName(m) + " from the server");
            }
        }
        return null;
    }

    /** What the server's message (instead of the expected one) means for us. */
    private Ending serverEnded(Message m, boolean connected) {
        return switch (m) {
            case Message.AuthFailed f when f.reason() == Message.AuthFailure.THROTTLED -> {
                setStatus(new ClientStatus(ClientState.THROTTLED, "Too many attempts — retry in "
                        + f.retryAfterSeconds() + " s", Instant.now().plusSeconds(f.retryAfterSeconds())));
                yield new Ending(false, true);
            }
            case Message.AuthFailed f -> fail(ClientState.AUTH_FAILED, "Wrong username or password");
            case Message.ServerShutdown s -> fail(ClientState.SERVER_SHUTDOWN, "The server shut down");
            case Message.ErrorReport e -> switch (e.code()) {
                case KICKED -> fail(ClientState.DISCONNECTED, "Disconnected by the server operator");
                case TOO_MANY_CONNECTIONS -> unreachable("The server is full: " + e.message(), retrying);
                default -> lost(connected, "Server error " + e.code() + ": " + e.message());
            };
            default -> lost(connected, "Unexpected " + MessageCodec.typeName(m) + " from the server");
        };
    }

    private Ending fail(ClientState state, String reason) {
        if (!stopRequested) { // after logout() the user sees "Logged out", not what the dying attempt met
            setStatus(ClientStatus.of(state, reason));
        }
        return new Ending(false, true);
    }

    /** Nobody to talk to: final on the first attempt, another retry once we have been connected. */
    private Ending unreachable(String reason, boolean reconnecting) {
        if (stopRequested) {
            return new Ending(false, true);
        }
        setStatus(ClientStatus.of(reconnecting ? ClientState.RECONNECTING : ClientState.UNREACHABLE, reason));
        return new Ending(false, !reconnecting);
    }

    /**
     * The connection broke: reconnect if we had been logged in on it or before (a server that is
     * restarting may accept and drop us a few times), else report the server as unreachable.
     */
    private Ending lost(boolean connected, String reason) {
        if (stopRequested) {
            return new Ending(connected, true);
        }
        if (connected) {
            setStatus(ClientStatus.of(ClientState.RECONNECTING, reason));
            return new Ending(true, false);
        }
        return unreachable(reason, retrying);
    }

    /**
     * Closes the connection when no frame has arrived for three heartbeat intervals. The read
     * timeout covers a silent server while the reader is reading; this covers the reader stuck in
     * a write (an ACK to a server that stopped reading), where no read timeout can fire.
     */
    private void watch(SecureChannel ch, Duration interval, CountDownLatch connectionOver) {
        long limit = interval.multipliedBy(3).toNanos();
        try {
            while (!connectionOver.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - lastReceivedNanos > limit) {
                    serverSilent = true;
                    closeQuietly(ch);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendHeartbeats(SecureChannel ch, Duration interval, CountDownLatch connectionOver) {
        long seq = 0;
        try {
            while (!connectionOver.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                heartbeatsInFlight.put(seq, System.nanoTime());
                ch.send(new Message.Heartbeat(seq++));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The reader notices the broken connection and handles it.
            LOG.debug("heartbeat not sent", e);
        }
    }

    /** True the first time an alert id is seen; remembers the newest ids only. */
    private synchronized boolean rememberAlert(long alertId) {
        if (!seenAlertIds.add(alertId)) {
            return false;
        }
        if (seenAlertIds.size() > REMEMBERED_IDS) {
            seenAlertIds.remove(seenAlertIds.iterator().next());
        }
        return true;
    }

    private void setStatus(ClientStatus next) {
        status = next;
        notify(l -> l.statusChanged(next));
    }

    private void notify(Consumer<ClientListener> event) {
        for (ClientListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("A client listener failed; ignoring it", e);
            }
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.toLowerCase();
    }

    private static void closeQuietly(SecureChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // Already broken; nothing to add.
        }
    }
}
