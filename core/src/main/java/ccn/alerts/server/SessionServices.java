package ccn.alerts.server;

import ccn.alerts.net.Connection;

import ccn.alerts.net.SelectorLoop;

import ccn.alerts.auth.Authenticator;
import ccn.alerts.auth.LoginResult;
import ccn.alerts.log.EventType;
import ccn.alerts.protocol.Handshake;
import ccn.alerts.protocol.FrameRecord;
import ccn.alerts.protocol.Message;

import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What sessions see of the server ({@link SessionHost}), wired to the parts that do each job, and
 * the acceptor that turns each accepted socket into a session on one of the loops, round robin.
 *
 * <p>Thread-safety: every method may be called from any thread.
 */
final class SessionServices implements SessionHost, SelectorLoop.Acceptor {
    /**
     * Shared by every server in the JVM: as many password checks at once as there are cores.
     * PBKDF2 at 600,000 iterations keeps a core busy for a fraction of a second; on a loop it
     * would stall every connection of that loop.
     */
    private static final ExecutorService PASSWORD_CHECKS = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().name("ccn-login-check-", 1).daemon().factory());

    private final Supplier<ServerConfig> config;
    private final DataDirectory data;
    private final Authenticator authenticator;
    private final Clock clock;
    private final SessionRegistry sessions;
    private final Broadcaster broadcaster;
    private final DeliveryLedger ledger;
    private final ListenerDispatch listeners;
    private final UnauthenticatedQuota quota;
    private final BooleanSupplier wireCapture;
    private final AtomicLong acknowledgements = new AtomicLong();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private volatile List<SelectorLoop> loops = List.of();

    SessionServices(Supplier<ServerConfig> config, DataDirectory data, Authenticator authenticator, Clock clock,
                    SessionRegistry sessions, Broadcaster broadcaster, DeliveryLedger ledger,
                    ListenerDispatch listeners, BooleanSupplier wireCapture) {
        this.config = config;
        this.data = data;
        this.authenticator = authenticator;
        this.clock = clock;
        this.sessions = sessions;
        this.broadcaster = broadcaster;
        this.ledger = ledger;
        this.listeners = listeners;
        this.quota = new UnauthenticatedQuota(config.get().maxUnauthenticatedPerAddress());
        this.wireCapture = wireCapture;
    }

    /** The loops of this run of the server; sessions are spread across them. */
    void serveOn(List<SelectorLoop> running) {
        loops = List.copyOf(running);
    }

    long acknowledgements() {
        return acknowledgements.get();
    }

    // ------------------------------------------------------------------ accepting (first loop's thread)

    @Override
    public void accepted(SocketChannel socket) {
        List<SelectorLoop> serving = loops;
        if (serving.isEmpty()) {
            closeQuietly(socket);
            return;
        }
        SelectorLoop loop = serving.get(Math.floorMod(nextLoop.getAndIncrement(), serving.size()));
        if (!loop.execute(() -> open(loop, socket))) {
            closeQuietly(socket); // stopping
        }
    }

    private void open(SelectorLoop loop, SocketChannel socket) {
        try {
            var key = loop.register(socket);
            ServerConfig c = config.get();
            Connection connection = new Connection(socket, key, new Handshake.Server(data.keys(), c.maxFrameLength()), c.maxFrameLength(),
                    c.sessionQueueCapacity(), ClientSession.FINAL_MESSAGE_GRACE, (work, then) -> offload(loop, work, then));
            // Taken before the handshake: a peer stalling inside them counts as not logged in.
            UnauthenticatedQuota.Permit place = quota.tryAcquire(connection.host());
            ClientSession session = new ClientSession(this, loop, connection, sessions.nextId(), place);
            key.attach(connection);
            sessions.add(session);
            session.applyWireCapture(); // after add: setWireCapture reaches it either way
            log(EventType.CONNECTION, "New connection from " + connection.address());
            ClientInfo info = session.info();
            listeners.fire(l -> l.clientConnected(info));
            connection.start(session);
        } catch (java.io.IOException | RuntimeException | OutOfMemoryError e) {
            // Out of sockets or memory: keep serving, refuse this one, leave no trace.
            closeQuietly(socket);
            log(EventType.ERROR, "Cannot serve a new connection: " + e);
        }
    }

    /** A handshake's X25519 work runs on the login pool, like the password checks, and ends on the loop. */
    private static void offload(SelectorLoop loop, Runnable work, Runnable then) {
        PASSWORD_CHECKS.execute(() -> {
            try {
                work.run();
            } finally {
                loop.execute(then); // false once the loop stops, which closes the connection anyway
            }
        });
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (java.io.IOException ignored) {
            // nothing to add
        }
    }

    // ------------------------------------------------------------------ SessionHost

    @Override
    public ServerConfig config() {
        return config.get();
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public void log(EventType type, String message) {
        data.eventLog.log(type, message);
    }

    @Override
    public Message.ErrorReport refusal(String address, String host, boolean hasPlace) {
        ServerConfig c = config.get();
        if (sessions.size() > c.maxConnections()) {
            log(EventType.ERROR, "Refused " + address + ": at the limit of " + c.maxConnections() + " connections");
            return new Message.ErrorReport(Message.ErrorCode.TOO_MANY_CONNECTIONS, "the server is at its limit of "
                    + c.maxConnections() + " connections; try again later");
        }
        if (!hasPlace) {
            log(EventType.ERROR, "Refused " + address + ": " + c.maxUnauthenticatedPerAddress() + " connections from "
                    + host + " have not logged in yet");
            return new Message.ErrorReport(Message.ErrorCode.TOO_MANY_CONNECTIONS, "too many connections from " + host
                    + " that have not logged in (limit " + c.maxUnauthenticatedPerAddress() + "); try again later");
        }
        return null;
    }

    @Override
    public CompletableFuture<LoginResult> checkLogin(String username, char[] password, String address) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return authenticator.authenticate(username, password, address);
            } finally {
                Arrays.fill(password, '\0');
            }
        }, PASSWORD_CHECKS);
    }

    @Override
    public void join(ClientSession session, String welcome) {
        broadcaster.join(session, welcome);
    }

    @Override
    public CompletableFuture<Optional<Duration>> acknowledge(ClientSession session, long alertId, Integer revision) {
        return ledger.acknowledge(alertId, session.id(), clock.instant(), revision);
    }

    @Override
    public CompletableFuture<Boolean> read(ClientSession session, long alertId) {
        return ledger.read(alertId, session.username(), session.id(), clock.instant());
    }

    @Override
    public void readConfirmed(ClientSession session, long alertId) {
        String user = session.username();
        if (broadcaster.logsEachRecipient(alertId)) {
            log(EventType.ACK, user + " confirmed reading alert " + alertId);
        }
        broadcaster.readConfirmed(user, alertId);
        listeners.fire(l -> l.alertRead(alertId, user));
    }

    @Override
    public boolean logsEachRecipient(long alertId) {
        return broadcaster.logsEachRecipient(alertId);
    }

    @Override
    public boolean wireCapture() {
        return wireCapture.getAsBoolean();
    }

    @Override
    public void frameCaptured(ClientSession session, FrameRecord frame) {
        String id = session.id();
        String peer = session.label();
        listeners.fire(l -> l.frameCaptured(id, peer, frame));
    }

    @Override
    public void authenticated(ClientSession session) {
        sessions.loggedIn(session);
        ClientInfo info = session.info();
        listeners.fire(l -> l.clientAuthenticated(info));
    }

    @Override
    public void heartbeat(ClientSession session) {
        if (!listeners.isEmpty()) {
            ClientInfo info = session.info();
            listeners.fire(l -> l.clientHeartbeat(info));
        }
    }

    @Override
    public void alertDelivered(ClientSession session, long alertId) {
        if (!listeners.isEmpty()) {
            ClientInfo info = session.info();
            listeners.fire(l -> l.alertDelivered(alertId, info));
        }
    }

    @Override
    public void acknowledged(ClientSession session, long alertId, Duration latency) {
        acknowledgements.incrementAndGet();
        if (!listeners.isEmpty()) {
            ClientInfo info = session.info();
            listeners.fire(l -> l.alertAcknowledged(alertId, info, latency));
        }
    }

    @Override
    public void ended(ClientSession session, String reason) {
        ClientInfo info = session.info();
        // Before the session leaves the registry: stop() waits for it to empty and then logs
        // "shutdown complete", which must come after every DISCONNECT line.
        log(EventType.DISCONNECT, "Removed disconnected client: " + info.label() + ": " + reason);
        sessions.remove(session);
        listeners.fire(l -> l.clientDisconnected(info, reason));
    }

    /** Tells one session it is being disconnected by the operator; any thread. */
    boolean kick(String sessionId) {
        ClientSession s = sessions.get(sessionId);
        if (s == null) {
            return false;
        }
        log(EventType.DISCONNECT, "Disconnecting " + s.label() + " at the operator's request");
        s.loop().execute(() -> s.closeAfter(new Message.ErrorReport(Message.ErrorCode.KICKED,
                "disconnected by the server operator"), "kicked by operator"));
        return true;
    }
}
