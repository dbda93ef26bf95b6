package ccn.alerts.server;

import ccn.alerts.alert.AlertFactory;
import ccn.alerts.alert.AlertIdSequence;
import ccn.alerts.alert.PriorityRules;
import ccn.alerts.alert.WeatherSource;
import ccn.alerts.alert.WeatherSources;
import ccn.alerts.alert.WeatherUnavailableException;
import ccn.alerts.auth.Authenticator;
import ccn.alerts.auth.LoginResult;
import ccn.alerts.auth.LoginThrottle;
import ccn.alerts.auth.PasswordHasher;
import ccn.alerts.auth.UserStore;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.log.EventLog;
import ccn.alerts.log.EventType;
import ccn.alerts.log.LogSanitizer;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Message.Alert;
import ccn.alerts.protocol.MessageCodec;
import ccn.alerts.protocol.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The alert server engine: accepts connections, authenticates them (each on its own threads
 * until logged in), serves logged-in sessions from one {@link SessionLoop} thread, broadcasts
 * alerts (sealed and written by the broadcasting thread), tracks ACKs, and shuts down gracefully. No JavaFX; the console GUI and the
 * headless {@link ServerMain} both drive this class.
 *
 * <p>Life cycle: the constructor loads the data directory (key, users, alert ids, log);
 * {@link #start()} binds and serves; {@link #stop()} notifies every client and closes; the pair may
 * repeat; {@link #close()} stops and releases the log file.
 *
 * <p>Thread-safety: all public methods may be called from any thread. {@code start}/{@code stop}
 * are serialised. Listeners are called on server threads (see {@link ServerListener}).
 */
public final class AlertServer implements AutoCloseable {
    public static final String AGENT = "ccn-alerts-server/0.1";
    private static final Logger LOG = LoggerFactory.getLogger(AlertServer.class);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    /** Shared by every server in the JVM: as many password checks at once as there are cores. */
    private static final java.util.concurrent.ExecutorService LOGIN_CHECKS = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().name("ccn-login-check-", 1).daemon().factory());
    /**
     * Above this many connections an alert's per-client "sent to" and ACK lines become one summary
     * line. Each line is a file write, a size check, a console write and a listener call under the
     * log's lock: at 10,000 clients the 20,000 lines per alert were a third of the server's CPU per
     * alert, and rolled the 10 MB log over every few alerts, losing its history.
     */
    static final int PER_CLIENT_LOG_LIMIT = 100;

    private volatile ServerConfig config;
    private final Clock clock;
    private final EventLog eventLog;
    private final UserStore users;
    private final Authenticator authenticator;
    private final AlertIdSequence alertIds;
    private final AlertFactory alertFactory;
    private final AckTracker tracker;
    private final AlertJournal journal;
    private final UnauthenticatedQuota unauthenticatedQuota;
    private final List<ServerListener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, ClientSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong sessionCounter = new AtomicLong();
    /** Held while an alert is handed to the sessions, and while a session joins them. */
    private final Object broadcastLock = new Object();
    private final AtomicLong alertCount = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong acknowledgements = new AtomicLong();
    private final AtomicLong closedBytesIn = new AtomicLong();
    private final AtomicLong closedBytesOut = new AtomicLong();
    /** Recent alerts broadcast above {@link #PER_CLIENT_LOG_LIMIT}, whose per-client lines are not logged. */
    private final ConcurrentSkipListSet<Long> bulkAlerts = new ConcurrentSkipListSet<>();

    private volatile SharedKey key;
    private volatile WeatherSource weather;
    private volatile ServerState state = ServerState.STOPPED;
    private volatile boolean autoAlerts;
    private volatile boolean wireCapture;
    private volatile Duration alertInterval;
    private volatile Instant startedAt;
    private ServerSocket serverSocket;
    private Thread acceptThread;
    private ScheduledExecutorService scheduler;
    /** Serves logged-in sessions; one per run of the server. */
    private volatile SessionLoop sessionLoop;
    private ScheduledFuture<?> autoAlertTask;

    public AlertServer(ServerConfig config) throws IOException {
        this(config, Clock.systemUTC());
    }

    public AlertServer(ServerConfig config, Clock clock) throws IOException {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.weather = WeatherSources.parse(config.weather());
        this.eventLog = EventLog.open(config.dataDir());
        this.key = SharedKey.loadOrCreate(config.dataDir());
        PasswordHasher hasher = new PasswordHasher(config.passwordIterations());
        this.users = UserStore.open(config.dataDir(), hasher);
        this.authenticator = new Authenticator(users, hasher, new LoginThrottle());
        this.alertIds = AlertIdSequence.open(config.dataDir());
        this.alertFactory = new AlertFactory(alertIds, PriorityRules.DEFAULTS, clock);
        this.tracker = new AckTracker(config.retainedAlerts(), config.retention());
        this.unauthenticatedQuota = new UnauthenticatedQuota(config.maxUnauthenticatedPerAddress());
        this.journal = AlertJournal.open(config.dataDir(), tracker, AlertJournal.DEFAULT_COMPACT_BYTES);
        restoredFromJournal(journal.loadReport());
        this.autoAlerts = config.autoAlerts();
        this.alertInterval = config.alertInterval();
    }

    /** Reports what the journal gave back and keeps session and alert ids beyond what it mentions. */
    private void restoredFromJournal(AlertJournal.LoadReport report) throws IOException {
        if (report.corrupt()) {
            String text = "Alert journal " + journal.file() + " is damaged at byte offset " + report.corruptAt()
                    + ": " + report.problem() + "; kept the " + report.records() + " valid record(s) before it";
            LOG.error(text);
            log(EventType.ERROR, text);
        }
        if (report.records() > 0) {
            log(EventType.SERVER, "Restored " + tracker.statuses().size() + " recent alert(s) from the alert journal");
        }
        // Deliveries are keyed by session id: a new session must not take an id the journal still holds.
        sessionCounter.set(report.highestSession());
        if (alertIds.advancePast(report.highestAlertId())) {
            log(EventType.ERROR, "The alert id file was behind the alert journal; ids continue after "
                    + report.highestAlertId());
        }
    }

    // ---------------------------------------------------------------- life cycle

    /**
     * Binds and starts serving.
     *
     * @throws IllegalStateException when already running
     * @throws IOException with a plain message when the port is taken or the address invalid
     */
    public synchronized void start() throws IOException {
        start(config.bindAddress(), config.port());
    }

    /**
     * Binds to the given address and port (0 for any free port) and starts serving; the console
     * uses this when the operator edits the address or port between runs.
     */
    public synchronized void start(String bindAddress, int port) throws IOException {
        if (state != ServerState.STOPPED) {
            throw new IllegalStateException("server is already " + state.name().toLowerCase());
        }
        config = config.withBindAddress(bindAddress).withPort(port);
        setState(ServerState.STARTING);
        // Backed by a channel: a session's socket can then leave its threads for the session loop.
        ServerSocket socket = java.nio.channels.ServerSocketChannel.open().socket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 1024);
        } catch (BindException e) {
            socket.close();
            setState(ServerState.STOPPED);
            throw new IOException("port " + config.port() + " on " + config.bindAddress()
                    + " is already in use (is another server running?)", e);
        } catch (IOException e) {
            socket.close();
            setState(ServerState.STOPPED);
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        try {
            sessionLoop = new SessionLoop("ccn-session-loop", config.heartbeatInterval().multipliedBy(3));
        } catch (java.io.UncheckedIOException e) {
            socket.close();
            setState(ServerState.STOPPED);
            throw new IOException("cannot start serving: " + e.getCause().getMessage(), e);
        }
        serverSocket = socket;
        var timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("ccn-scheduler").daemon().factory());
        // stop() ends the scheduler with shutdown(), never an interrupt: an interrupted thread
        // writing the journal would close its FileChannel for good. Pending timers are dropped.
        timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timers.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        timers.setRemoveOnCancelPolicy(true);
        scheduler = timers;
        startedAt = now();
        acceptThread = Thread.ofPlatform().name("ccn-accept-" + port()).daemon().start(this::acceptLoop);
        log(EventType.SERVER, "Server started on " + config.bindAddress() + ":" + port());
        log(EventType.SERVER, "Encryption key fingerprint " + key.fingerprint() + "; weather source: " + weather.describe());
        rescheduleAutoAlerts();
        long batch = AlertJournal.BATCH_INTERVAL.toMillis();
        scheduler.scheduleWithFixedDelay(this::writeJournalBatch, batch, batch, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::closeStalledWriters, 1, 1, TimeUnit.SECONDS);
        setState(ServerState.RUNNING);
    }

    /** Sends SERVER_SHUTDOWN to every client, closes everything and waits for all threads to end. Idempotent. */
    public synchronized void stop() {
        if (state != ServerState.RUNNING) {
            return;
        }
        setState(ServerState.STOPPING);
        log(EventType.SERVER, "Shutting down: notifying " + sessions.size() + " client(s)");
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("closing the listening socket", e);
        }
        autoAlertTask = cancel(autoAlertTask);
        Instant deadline = Instant.now().plus(SHUTDOWN_TIMEOUT);
        try {
            // First let the accept loop end, so a connection accepted this very moment is told too.
            acceptThread.join(SHUTDOWN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ClientSession> open = new ArrayList<>(sessions.values());
        for (ClientSession s : open) {
            s.closeAfter(new Message.ServerShutdown("Server is shutting down"), "server shutdown");
        }
        try {
            for (ClientSession s : open) {
                Duration left = Duration.between(Instant.now(), deadline);
                if (!s.awaitFinished(left.isNegative() ? Duration.ZERO : left)) {
                    s.close("server shutdown");
                    s.awaitFinished(Duration.ofSeconds(1));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open.forEach(s -> s.close("server shutdown"));
        }
        // Whatever still lingers (a client that never hung up) is cut now: no socket outlives stop().
        open.forEach(s -> s.close("server shutdown"));
        scheduler.shutdown();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessionLoop.close();
        try {
            journal.flush(); // the batched ACK records, and everything else, on disk before we say so
        } catch (IOException e) {
            log(EventType.ERROR, "Alert journal flush failed: " + e.getMessage());
        }
        log(EventType.SERVER, "Server shutdown complete");
        setState(ServerState.STOPPED);
    }

    /** Stops the server and releases the log file. The object cannot be used afterwards. */
    @Override
    public void close() {
        stop();
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("Could not flush the alert journal", e);
        }
        try {
            alertIds.close();
        } catch (IOException e) {
            LOG.warn("Could not save the next alert id; the next start skips ahead instead", e);
        }
        eventLog.close();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    log(EventType.ERROR, "Accepting a connection failed: " + e.getMessage());
                }
                continue;
            }
            if (state != ServerState.RUNNING && state != ServerState.STARTING) {
                closeQuietly(socket); // stopping: a connection accepted now would outlive the server
                continue;
            }
            String id = "s-" + sessionCounter.incrementAndGet();
            try {
                // Counted before this session joins the map: the first N sessions get platform threads.
                boolean platform = sessions.size() < config.platformThreadSessions();
                ClientSession session = new ClientSession(this, socket, id, config.sessionQueueCapacity(), platform);
                sessions.put(id, session);
                log(EventType.CONNECTION, "New connection from " + session.info().address());
                notify(l -> l.clientConnected(session.info()));
                session.threads().name("ccn-session-" + id).start(session::run);
                schedule(config.loginTimeout(), session::enforceLoginDeadline);
            } catch (RuntimeException | OutOfMemoryError e) {
                // Too many threads or sockets: keep the server alive, refuse this one, leave no trace.
                sessions.remove(id);
                closeQuietly(socket);
                log(EventType.ERROR, "Cannot serve a new connection: " + e);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to add
        }
    }

    // ---------------------------------------------------------------- alerts

    /** Reads the weather source and broadcasts the resulting alert; on a weather error logs it and returns null. */
    public Alert broadcastWeatherAlert() {
        try {
            Alert alert = alertFactory.fromWeather(weather.read());
            log(EventType.ALERT, "Generated " + alert.priority() + " priority alert: " + alert.message());
            broadcast(alert);
            return alert;
        } catch (WeatherUnavailableException e) {
            log(EventType.ERROR, "Weather source unavailable: " + e.getMessage());
            return null;
        } catch (IOException e) {
            log(EventType.ERROR, "Cannot reserve an alert id: " + e.getMessage());
            return null;
        }
    }

    /**
     * Broadcasts an alert typed by an operator.
     *
     * @throws IllegalArgumentException when the text is empty or longer than 1,000 characters
     */
    public Alert broadcastManualAlert(Priority priority, String text, String sender) throws IOException {
        Alert alert = alertFactory.manual(priority, text, sender);
        log(EventType.ALERT, "Manual " + alert.priority() + " priority alert from "
                + LogSanitizer.clean(sender) + ": " + alert.message());
        broadcast(alert);
        return alert;
    }

    private void broadcast(Alert alert) {
        Instant now = now();
        tracker.recordAlert(alert, now);
        alertCount.incrementAndGet();
        notify(l -> l.alertCreated(alert));
        // Serialise once; each session still encrypts with its own associated data.
        byte[] json = MessageCodec.encode(alert);
        // Decided before the first frame is queued: a writer may log its delivery at once.
        boolean bulk = sessions.size() > PER_CLIENT_LOG_LIMIT;
        if (bulk) {
            bulkAlerts.add(alert.alertId());
            while (bulkAlerts.size() > config.retainedAlerts()) {
                bulkAlerts.pollFirst();
            }
        }
        int queued = 0;
        synchronized (broadcastLock) {
            List<ClientSession> recipients = new ArrayList<>();
            List<AckTracker.Delivery> pending = new ArrayList<>();
            for (ClientSession s : sessions.values()) {
                String user = s.username();
                if (s.isAuthenticated() && user != null) {
                    tracker.recordSent(alert.alertId(), s.id(), user, now);
                    recipients.add(s);
                    pending.add(new AckTracker.Delivery(s.id(), user, now, null));
                }
            }
            // On disk before any client can see it, so a crash cannot lose an alert someone was shown.
            try {
                journal.recordBroadcast(alert, now, pending);
            } catch (IOException e) {
                log(EventType.ERROR, "Alert journal write failed; alert " + alert.alertId()
                        + " is sent but would not survive a crash: " + e.getMessage());
            }
            for (ClientSession s : recipients) {
                if (s.enqueue(new ClientSession.Outbound(json, alert.alertId(), false))) {
                    deliveries.incrementAndGet();
                    queued++;
                }
            }
        }
        if (bulk) {
            log(EventType.BROADCAST, "Alert " + alert.alertId() + " sent to " + queued + " clients (per-client send"
                    + " and ACK lines are logged only while at most " + PER_CLIENT_LOG_LIMIT + " clients are connected)");
        }
    }

    /** Whether each recipient's send and ACK of this alert gets its own log line. */
    boolean logsEachRecipient(long alertId) {
        return !bulkAlerts.contains(alertId);
    }

    public void setAutoAlerts(boolean enabled) {
        autoAlerts = enabled;
        rescheduleAutoAlerts();
        log(EventType.SERVER, "Automatic weather alerts " + (enabled ? "every " + alertInterval.toSeconds() + " s" : "paused"));
    }

    public void setAlertInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        alertInterval = interval;
        rescheduleAutoAlerts();
    }

    /**
     * Turns the wire inspector's capture on or off for every session, present and future. Off by
     * default: capturing decodes and formats every frame a second time.
     */
    public void setWireCapture(boolean on) {
        wireCapture = on;
        for (ClientSession s : sessions.values()) {
            s.applyWireCapture();
        }
        log(EventType.SERVER, "Wire capture " + (on ? "on" : "off"));
    }

    public boolean wireCapture() {
        return wireCapture;
    }

    /** Ends sessions whose socket write has been blocked for three heartbeat intervals. */
    private void closeStalledWriters() {
        long limit = config.heartbeatInterval().multipliedBy(3).toNanos();
        long now = System.nanoTime();
        for (ClientSession s : sessions.values()) {
            s.closeIfWriteStalled(now, limit);
        }
    }

    private void writeJournalBatch() {
        try {
            journal.writePending();
        } catch (IOException e) {
            log(EventType.ERROR, "Alert journal write failed: " + e.getMessage());
        }
    }

    void frameCaptured(ClientSession session, ccn.alerts.protocol.FrameRecord frame) {
        String peer = session.label();
        notify(l -> l.frameCaptured(session.id(), peer, frame));
    }

    public void setWeatherSource(WeatherSource source) {
        weather = Objects.requireNonNull(source, "source");
        log(EventType.SERVER, "Weather source: " + source.describe());
    }

    private synchronized void rescheduleAutoAlerts() {
        autoAlertTask = cancel(autoAlertTask);
        if (autoAlerts && state != ServerState.STOPPED && scheduler != null && !scheduler.isShutdown()) {
            long ms = alertInterval.toMillis();
            autoAlertTask = scheduler.scheduleAtFixedRate(this::broadcastWeatherAlert, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
        return null;
    }

    // ---------------------------------------------------------------- operator actions and views

    /** Disconnects one session (the console's Disconnect button). */
    public boolean kick(String sessionId) {
        ClientSession s = sessions.get(sessionId);
        if (s == null) {
            return false;
        }
        log(EventType.DISCONNECT, "Disconnecting " + s.label() + " at the operator's request");
        s.closeAfter(new Message.ErrorReport(Message.ErrorCode.KICKED, "disconnected by the server operator"), "kicked by operator");
        return true;
    }

    /** Replaces the key; only while stopped, since connected clients would all fail. */
    public synchronized SharedKey regenerateKey() throws IOException {
        if (state != ServerState.STOPPED) {
            throw new IllegalStateException("stop the server before regenerating the key");
        }
        SharedKey fresh = SharedKey.generate();
        fresh.store(config.dataDir());
        key = fresh;
        log(EventType.SERVER, "New encryption key generated, fingerprint " + fresh.fingerprint() + "; clients need the new key");
        return fresh;
    }

    public List<ClientInfo> clients() {
        return sessions.values().stream().map(ClientSession::info).toList();
    }

    public ServerStats stats() {
        long in = closedBytesIn.get();
        long out = closedBytesOut.get();
        int authenticated = 0;
        for (ClientSession s : sessions.values()) {
            ClientInfo info = s.info();
            in += info.bytesIn();
            out += info.bytesOut();
            if (info.authenticated()) {
                authenticated++;
            }
        }
        return new ServerStats(sessions.size(), authenticated, alertCount.get(), deliveries.get(),
                acknowledgements.get(), in, out);
    }

    public List<AckTracker.AlertStatus> recentAlerts() {
        return tracker.statuses();
    }

    public ServerState state() {
        return state;
    }

    /** When the server last started, or null while stopped. */
    public Instant startedAt() {
        return state == ServerState.RUNNING ? startedAt : null;
    }

    /** The bound port (useful with port 0), or the configured port while stopped. */
    public int port() {
        ServerSocket s = serverSocket;
        return s != null && s.isBound() && !s.isClosed() ? s.getLocalPort() : config.port();
    }

    public SharedKey key() {
        return key;
    }

    public UserStore users() {
        return users;
    }

    public EventLog eventLog() {
        return eventLog;
    }

    public ServerConfig config() {
        return config;
    }

    public boolean autoAlerts() {
        return autoAlerts;
    }

    public Duration alertInterval() {
        return alertInterval;
    }

    public WeatherSource weatherSource() {
        return weather;
    }

    /** The thresholds that turn a weather reading into a priority. */
    public PriorityRules priorityRules() {
        return alertFactory.rules();
    }

    public void addListener(ServerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ServerListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- called by sessions

    /**
     * Checks a login on a small pool of platform threads. PBKDF2 at 600,000 iterations keeps a
     * CPU busy for a fraction of a second; on a session's virtual thread it would pin a carrier,
     * and a class reconnecting at once would starve every other session's heartbeats. Waiting for
     * the pool unmounts the virtual thread instead.
     */
    LoginResult authenticate(String username, char[] password, String address, Duration within) throws IOException {
        var check = LOGIN_CHECKS.submit(() -> authenticator.authenticate(username, password, address));
        try {
            return check.get(Math.max(1, within.toMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            check.cancel(false);
            return null; // past the login deadline: the caller lets the deadline close the session
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking a login", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("login check failed", e.getCause());
        }
    }

    Instant now() {
        return clock.instant();
    }

    void log(EventType type, String message) {
        eventLog.log(type, message);
    }

    SessionLoop sessionLoop() {
        return sessionLoop;
    }

    UnauthenticatedQuota unauthenticatedQuota() {
        return unauthenticatedQuota;
    }

    boolean overConnectionLimit() {
        return sessions.size() > config.maxConnections();
    }

    void schedule(Duration delay, Runnable task) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            task.run(); // the scheduler is gone (shutdown): act now rather than never
        }
    }

    void sessionAuthenticated(ClientSession session) {
        notify(l -> l.clientAuthenticated(session.info()));
    }

    /**
     * Queues AUTH_SUCCESS, then the recent alerts this user was sent but never acknowledged, and
     * from then on includes the session in broadcasts — all under the broadcast lock, so an alert
     * broadcast meanwhile is neither skipped, nor doubled, nor sent before AUTH_SUCCESS.
     */
    void joinBroadcasts(ClientSession session, Message.AuthSuccess welcome) {
        synchronized (broadcastLock) {
            session.send(welcome);
            session.markLoggedIn();
            redeliver(session);
        }
    }

    private void redeliver(ClientSession session) {
        List<Alert> missed = tracker.unacknowledgedFor(session.username(), now());
        if (!missed.isEmpty()) {
            log(EventType.BROADCAST, "Re-sending " + missed.size() + " unacknowledged alert(s) to " + session.label());
        }
        for (Alert alert : missed) {
            tracker.recordSent(alert.alertId(), session.id(), session.username(), now());
            journal(j -> j.recordSent(alert.alertId(), session.id(), session.username(), now()));
            if (session.enqueue(new ClientSession.Outbound(MessageCodec.encode(alert.asRedelivery()), alert.alertId(), false))) {
                deliveries.incrementAndGet();
            }
        }
    }

    void sessionEnded(ClientSession session, String reason) {
        if (sessions.remove(session.id()) == null) {
            return;
        }
        ClientInfo info = session.info();
        closedBytesIn.addAndGet(info.bytesIn());
        closedBytesOut.addAndGet(info.bytesOut());
        log(EventType.DISCONNECT, "Removed disconnected client: " + info.label() + ": " + reason);
        notify(l -> l.clientDisconnected(info, reason));
    }

    void clientHeartbeat(ClientSession session) {
        if (!listeners.isEmpty()) {
            ClientInfo info = session.info();
            notify(l -> l.clientHeartbeat(info));
        }
    }

    void logDelivery(ClientSession session, long alertId) {
        if (session.username() != null && logsEachRecipient(alertId)) {
            log(EventType.BROADCAST, "Alert " + alertId + " sent to " + session.label());
        }
    }

    void alertDelivered(ClientSession session, long alertId) {
        if (!listeners.isEmpty()) {
            ClientInfo info = session.info();
            notify(l -> l.alertDelivered(alertId, info));
        }
    }

    /** Records an ACK; the send-to-ACK latency when it was the first ACK of a delivery to this session. */
    java.util.Optional<Duration> acknowledged(ClientSession session, long alertId) {
        var latency = tracker.recordAck(alertId, session.id(), now());
        latency.ifPresent(l -> {
            journal(j -> j.recordAck(alertId, session.id(), now()));
            acknowledgements.incrementAndGet();
            ClientInfo info = session.info();
            notify(listener -> listener.alertAcknowledged(alertId, info, l));
        });
        return latency;
    }

    private interface JournalWrite {
        void to(AlertJournal journal) throws IOException;
    }

    private void journal(JournalWrite write) {
        try {
            write.to(journal);
        } catch (IOException e) {
            log(EventType.ERROR, "Alert journal write failed: " + e.getMessage());
        }
    }

    /** The journal behind {@link #recentAlerts()}; for tests and diagnostics. */
    AlertJournal journal() {
        return journal;
    }

    private void setState(ServerState next) {
        state = next;
        notify(l -> l.stateChanged(next));
    }

    private void notify(Consumer<ServerListener> event) {
        for (ServerListener l : listeners) {
            try {
                event.accept(l);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                // Listeners run on the session loop too: one broken listener must not stop it.
                LOG.warn("A server listener failed; ignoring it", e);
            }
        }
    }

    // ---------------------------------------------------------------- alert summaries

    /**
     * The retained alerts, oldest first, each with its delivered and acknowledged counts: cheap
     * enough to poll (one record per alert, not per delivery). Any thread.
     */
    public List<AckTracker.AlertSummary> alertSummaries() {
        return tracker.summaries();
    }

    /** One retained alert with every delivery, or empty once it is forgotten. Any thread. */
    public Optional<AckTracker.AlertStatus> alertStatus(long alertId) {
        return tracker.status(alertId);
    }
}
