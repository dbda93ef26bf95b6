package ccn.alerts.client;

import ccn.alerts.protocol.FrameTap;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.SecureChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The client engine: connects, proves the key, logs in, receives alerts and acknowledges each one,
 * sends heartbeats and times their round trip, notices a dead server, and reconnects with
 * exponential back-off (logging in again and dropping alerts it has already shown).
 *
 * <p>This class owns the client's lifecycle: its status and listeners, the connection thread, and
 * the reconnect loop with its {@link Backoff}. Each attempt is a {@link ClientConnection} (login,
 * then the read loop, with its {@link Heartbeats}); {@link DisconnectPolicy} decides what the end
 * of an attempt means; {@link SeenAlerts} keeps re-deliveries from being shown twice.
 *
 * <p>Thread-safety: all public methods may be called from any thread; they never block on the
 * network except {@link #logout()}, which writes one small frame and waits briefly for the
 * connection thread to end (call it off a UI thread). Listeners are called on the client's own
 * threads, never while this client holds a lock.
 */
public final class AlertClient implements AutoCloseable {
    public static final String AGENT = "ccn-alerts-client/0.1";
    private static final Logger LOG = LoggerFactory.getLogger(AlertClient.class);
    private static final int REMEMBERED_IDS = 10_000;

    private final ClientConfig config;
    private final Backoff backoff;
    private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();
    private final SeenAlerts seenAlerts = new SeenAlerts(REMEMBERED_IDS);
    private volatile ClientStatus status = ClientStatus.of(ClientState.DISCONNECTED, "Not connected");
    private volatile Duration lastRoundTrip;
    private volatile SecureChannel channel;
    private volatile FrameTap frameTap;
    private volatile boolean stopRequested;
    private volatile CountDownLatch stopSignal = new CountDownLatch(1);
    /** What the last WELCOME announced; null before the first one. */
    private volatile List<String> serverFeatures;
    /** Confirmations not yet answered by READ_OK, in the order they were made. */
    private final java.util.Set<Long> unconfirmedReads = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
    /** The connection thread; guarded by {@code this}. */
    private Thread loop;

    public AlertClient(ClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.backoff = Backoff.of(config);
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
    public void setFrameTap(FrameTap tap) {
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
    public CompletableFuture<ClientStatus> connect() {
        Thread previous;
        synchronized (this) {
            previous = loop;
        }
        if (previous != null && previous.isAlive() && isSettled()) {
            // The final status is announced just before the connection thread ends: let it finish.
            // Waited for without the lock, so a listener on that thread may still call logout().
            try {
                previous.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
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
    }

    /** Sends LOGOUT if logged in or logging in, closes the connection and stops reconnecting. */
    public void logout() {
        Thread running;
        synchronized (this) {
            stopRequested = true;
            stopSignal.countDown();
            running = loop;
        }
        SecureChannel ch = channel;
        if (ch != null) {
            // AUTHENTICATING too: the server may already count us as logged in (its AUTH_SUCCESS
            // on its way), and LOGOUT before the answer is allowed (PROTOCOL.md, per-state table).
            ClientState now = status.state();
            if (now == ClientState.CONNECTED || now == ClientState.AUTHENTICATING) {
                try {
                    ch.send(new Message.Logout());
                } catch (IOException e) {
                    LOG.debug("LOGOUT not sent; closing anyway", e);
                }
            }
            ClientConnection.closeQuietly(ch);
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

    /** The connection thread: one attempt after another, with back-off, until one is final or logout(). */
    private void run(CompletableFuture<ClientStatus> outcome) {
        boolean everConnected = false;
        int failures = 0;
        try {
            while (!stopRequested) {
                DisconnectPolicy.Ending ending = new ClientConnection(this, everConnected).run(outcome);
                if (ending.status() != null) {
                    setStatus(ending.status()); // now that the connection is closed
                }
                everConnected |= ending.wasConnected();
                failures = ending.wasConnected() ? 0 : failures + 1;
                if (ending.stop() || stopRequested) {
                    break;
                }
                Duration delay = backoff.delay(failures);
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

    // ---- for ClientConnection, on the connection thread ----

    boolean stopRequested() {
        return stopRequested;
    }

    /** What the wire inspector watches with now (null: nobody), for the next handshake. */
    FrameTap frameTap() {
        return frameTap;
    }

    /** Publishes the attempt's channel, so logout() can close it and setFrameTap() reach it. */
    void attach(SecureChannel ch) {
        ch.setTap(frameTap);
        channel = ch;
    }

    void detach() {
        channel = null;
    }

    /** True the first time this client sees this revision of the alert (or a later one). */
    boolean firstTime(Message.Alert alert) {
        return seenAlerts.firstTime(alert.alertId(), alert.revision());
    }

    // ---- the alert life cycle: the person's confirmation ----

    /** What this client's HELLO announces. */
    public static final List<String> FEATURES = List.of(Message.LIFECYCLE);

    /**
     * The person confirmed reading the alert ("I have read this"). Sent as READ now when connected
     * to a server that speaks the life cycle, else kept and sent after the next login; kept until
     * READ_OK says it is on the server's disk. Returns false when the server does not take READ
     * (it predates the life cycle): the confirmation then stays on this screen only.
     *
     * @throws IllegalArgumentException for an id below 1 (no alert has one)
     */
    public boolean confirmRead(long alertId) {
        if (alertId < 1) {
            throw new IllegalArgumentException("an alert id is 1 or more");
        }
        if (serverFeatures != null && !serverFeatures.contains(Message.LIFECYCLE)) {
            return false;
        }
        unconfirmedReads.add(alertId);
        SecureChannel ch = channel;
        if (ch != null && status.state() == ClientState.CONNECTED && lifecycle()) {
            try {
                ch.send(new Message.Read(alertId));
            } catch (IOException e) {
                LOG.debug("READ not sent; it is sent again after the next login", e);
            }
        }
        return true;
    }

    /** Whether the server this client is connected to takes READ (its WELCOME named the life cycle). */
    public boolean lifecycle() {
        List<String> f = serverFeatures;
        return f != null && f.contains(Message.LIFECYCLE);
    }

    void serverFeatures(List<String> features) {
        serverFeatures = List.copyOf(features);
    }

    void readConfirmed(long alertId) {
        unconfirmedReads.remove(alertId);
        notifyListeners(l -> l.readConfirmed(alertId));
    }

    /** After a login: READ again for each confirmation the server has not answered with READ_OK. */
    void resendReads(SecureChannel ch) throws IOException {
        if (!lifecycle()) {
            return;
        }
        Long[] ids;
        synchronized (unconfirmedReads) {
            ids = unconfirmedReads.toArray(new Long[0]);
        }
        for (long id : ids) {
            ch.send(new Message.Read(id));
        }
    }

    void roundTrip(Duration rtt) {
        lastRoundTrip = rtt;
        notifyListeners(l -> l.heartbeat(rtt));
    }

    void setStatus(ClientStatus next) {
        status = next;
        notifyListeners(l -> l.statusChanged(next));
    }

    void notifyListeners(Consumer<ClientListener> event) {
        for (ClientListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("A client listener failed; ignoring it", e);
            }
        }
    }
}
