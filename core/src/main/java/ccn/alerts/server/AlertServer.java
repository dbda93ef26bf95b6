package ccn.alerts.server;

import ccn.alerts.alert.Audience;


import ccn.alerts.alert.AlertFactory;
import ccn.alerts.alert.PriorityRules;
import ccn.alerts.alert.WeatherSource;
import ccn.alerts.alert.WeatherSources;
import ccn.alerts.alert.WeatherUnavailableException;
import ccn.alerts.auth.Authenticator;
import ccn.alerts.auth.LoginThrottle;
import ccn.alerts.auth.PasswordHasher;
import ccn.alerts.auth.UserStore;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.log.EventLog;
import ccn.alerts.log.EventType;
import ccn.alerts.log.LogSanitizer;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Message.Alert;
import ccn.alerts.protocol.Priority;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The alert server's life-cycle facade: what the console and the headless {@code ServerMain}
 * drive. It owns no job itself; each has its class:
 *
 * <pre>
 *  DataDirectory    key, users, alert ids, event log, journal          (opened by the constructor)
 *  SelectorLoop(s)  accept, read, write, deadlines: every connection    (threads ccn-loop-N)
 *  ClientSession    the protocol of one connection, a state machine     (on its loop)
 *  SessionServices  what sessions may ask of the server; admission      (on the loops)
 *  Broadcaster      alerts to every session; join and redelivery        (thread ccn-broadcast)
 *  DeliveryLedger   ACK tracker + journal, group commit                 (thread ccn-journal)
 *  WeatherAlerts    the automatic weather alerts                        (thread ccn-weather)
 *  ListenerDispatch ServerListener calls, in order                      (thread ccn-listeners)
 * </pre>
 *
 * <p>Life cycle: the constructor opens the data directory; {@link #start()} binds and serves;
 * {@link #stop()} tells every client and closes; the pair may repeat; {@link #close()} stops and
 * releases the files.
 *
 * <p>Thread-safety: every public method may be called from any thread, listeners included.
 * {@code start}/{@code stop} are serialised by a lock that nothing else takes, and no engine lock
 * is held while a listener runs (see {@link ServerListener}).
 */
public final class AlertServer implements AutoCloseable {
    public static final String AGENT = "ccn-alerts-server/0.1";
    /** What this server's WELCOME announces (PROTOCOL.md §6.7). */
    public static final List<String> FEATURES = List.of(Message.LIFECYCLE);
    /** How long a weather alert counts unless told otherwise: the next readings supersede it. */
    public static final Duration WEATHER_EXPIRY = Duration.ofHours(1);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private volatile ServerConfig config;
    private final Clock clock;
    private final DataDirectory data;
    private final AlertFactory alertFactory;
    private final ListenerDispatch listeners = new ListenerDispatch();
    private final SessionRegistry sessions = new SessionRegistry();
    private final DeliveryLedger ledger;
    private final Broadcaster broadcaster;
    private final SessionServices services;
    private final WeatherAlerts weatherAlerts;
    private final ReentrantLock lifecycle = new ReentrantLock();

    private volatile WeatherSource weather;
    private volatile ServerState state = ServerState.STOPPED;
    private volatile boolean wireCapture;
    private volatile Instant startedAt;
    private volatile ServerRun run;

    public AlertServer(ServerConfig config) throws IOException {
        this(config, Clock.systemUTC());
    }

    public AlertServer(ServerConfig config, Clock clock) throws IOException {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.weather = WeatherSources.parse(config.weather());
        PasswordHasher hasher = new PasswordHasher(config.passwordIterations());
        this.data = DataDirectory.open(config, hasher);
        this.alertFactory = new AlertFactory(data.alertIds, PriorityRules.DEFAULTS, clock);
        this.ledger = new DeliveryLedger(data.tracker, data.journal, text -> log(EventType.ERROR, text));
        this.broadcaster = new Broadcaster(ledger, data.alertIds, sessions, data.eventLog, listeners, clock, config.retainedAlerts(),
                this::resolve);
        Authenticator authenticator = new Authenticator(data.users, hasher, new LoginThrottle());
        this.services = new SessionServices(() -> this.config, data, authenticator, clock, sessions, broadcaster,
                ledger, listeners, () -> wireCapture);
        sessions.continueAfter(data.highestSession);
        this.weatherAlerts = new WeatherAlerts(this::broadcastWeatherAlert, config.autoAlerts(), config.alertInterval());
    }

    // ---------------------------------------------------------------- life cycle

    /**
     * Binds and starts serving.
     *
     * @throws IllegalStateException when already running
     * @throws IOException with a plain message when the port is taken or the address invalid
     */
    public void start() throws IOException {
        start(config.bindAddress(), config.port());
    }

    /** Binds to the given address and port (0 for any free port) and starts serving. */
    public void start(String bindAddress, int port) throws IOException {
        lifecycle.lock();
        try {
            if (state != ServerState.STOPPED) {
                throw new IllegalStateException("server is already " + state.name().toLowerCase());
            }
            config = config.withBindAddress(bindAddress).withPort(port);
            setState(ServerState.STARTING);
            ServerRun opened;
            try {
                opened = ServerRun.open(config, services);
            } catch (IOException e) {
                setState(ServerState.STOPPED);
                throw e;
            }
            run = opened;
            services.serveOn(opened.loops());
            startedAt = clock.instant();
            log(EventType.SERVER, "Server started on " + config.bindAddress() + ":" + port());
            log(EventType.SERVER, "Key string fingerprint " + key().fingerprint() + "; weather source: " + weather.describe());
            weatherAlerts.start();
            setState(ServerState.RUNNING);
        } finally {
            lifecycle.unlock();
        }
    }

    /** Sends SERVER_SHUTDOWN to every client, closes everything and waits for it. Idempotent. */
    public void stop() {
        lifecycle.lock();
        try {
            if (state != ServerState.RUNNING) {
                return;
            }
            setState(ServerState.STOPPING);
            log(EventType.SERVER, "Shutting down: notifying " + sessions.size() + " client(s)");
            long deadline = System.nanoTime() + SHUTDOWN_TIMEOUT.toNanos();
            run.stopAccepting();
            weatherAlerts.stop();
            for (ClientSession s : sessions.all()) {
                s.loop().execute(() -> s.closeAfter(new Message.ServerShutdown("Server is shutting down"), "server shutdown"));
            }
            try {
                if (!sessions.awaitEmpty(deadline)) {
                    for (ClientSession s : sessions.all()) {
                        s.loop().execute(() -> s.close("server shutdown"));
                    }
                    sessions.awaitEmpty(System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            services.serveOn(List.of());
            run.close(); // cuts whatever still lingers: no socket outlives stop()
            try {
                ledger.flush(); // every ACK and delivery on disk before we say so
            } catch (IOException e) {
                log(EventType.ERROR, "Alert journal flush failed: " + e.getMessage());
            }
            log(EventType.SERVER, "Server shutdown complete");
            setState(ServerState.STOPPED);
        } finally {
            lifecycle.unlock();
        }
    }

    /** Stops the server and releases its files. The object cannot be used afterwards. */
    @Override
    public void close() {
        stop();
        broadcaster.close();
        ledger.close();
        data.close();
        listeners.close();
    }

    // ---------------------------------------------------------------- alerts

    /** Reads the weather source and broadcasts the resulting alert; on a weather error logs it and returns null. */
    public Alert broadcastWeatherAlert() {
        try {
            var reading = weather.read(); // may wait on the network: not on the broadcasting thread
            return broadcaster.broadcast(() -> alertFactory.fromWeather(reading)
                            .withOptions(false, clock.instant().plus(WEATHER_EXPIRY)),
                    alert -> "Generated " + alert.priority() + " priority alert: " + alert.message());
        } catch (WeatherUnavailableException e) {
            log(EventType.ERROR, "Weather source unavailable: " + e.getMessage());
            return null;
        } catch (IOException e) {
            log(EventType.ERROR, "Cannot reserve an alert id: " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            // On the weather timer an escaping exception would cancel every later weather alert.
            log(EventType.ERROR, "Weather alert failed: " + e);
            return null;
        }
    }

    /**
     * Broadcasts an alert typed by an operator; returns once it is on disk and handed to every session.
     *
     * @throws IllegalArgumentException when the text is empty or longer than 1,000 characters
     */
    public Alert broadcastManualAlert(Priority priority, String text, String sender) throws IOException {
        return broadcastAlert(AlertRequest.of(priority, text, sender));
    }

    /**
     * Sends an alert typed by an operator to its audience, with its expiry and drill mark; returns
     * once it is on disk and handed to every session of the audience.
     *
     * @throws IllegalArgumentException when the text is empty or too long, or the audience names nobody
     */
    public Alert broadcastAlert(AlertRequest request) throws IOException {
        Objects.requireNonNull(request, "request");
        String sender = request.sender();
        return broadcaster.broadcast(() -> alertFactory.manual(request.priority(), request.text(), sender)
                        .withOptions(request.drill(), request.expiresIn() == null ? null : clock.instant().plus(request.expiresIn())),
                request.audience(),
                alert -> (alert.drill() ? "Drill: m" : "M") + "anual " + alert.priority() + " priority alert from "
                        + LogSanitizer.clean(sender) + " to " + request.audience().label()
                        + (alert.expires() == null ? "" : ", expires " + alert.expires()) + ": " + alert.message());
    }

    /**
     * Shows a school alert to every client of this classroom (PROTOCOL.md §6.8): a new local alert
     * carrying the school's name, id and revision, from the school's sender, to everyone. Returns
     * once it is on disk and handed to every session, like {@link #broadcastAlert}.
     *
     * @throws IllegalArgumentException when the text is empty or too long
     */
    public Alert relaySchoolAlert(ccn.alerts.school.SchoolAlert a) throws IOException {
        Objects.requireNonNull(a, "a");
        Message.School origin = new Message.School(a.school(), a.id(), a.revision());
        return broadcaster.broadcast(() -> alertFactory.manual(a.priority(), a.message(), a.sender())
                        .withOptions(a.drill(), a.expiresAt()).withSchool(origin)
                        .withTimestamp(java.time.Instant.ofEpochMilli(a.issued())),
                alert -> (alert.drill() ? "Drill from" : "Alert from") + " the school (" + LogSanitizer.clean(a.school())
                        + ", school alert " + a.id() + ", from " + LogSanitizer.clean(a.sender()) + "): "
                        + alert.priority() + " " + alert.message());
    }

    /**
     * Applies a later revision of a relayed school alert (an update, an all clear, a cancel) to its
     * local alert {@code alertId}, in place on every client that has it.
     *
     * @throws IllegalArgumentException when the alert is no longer kept
     */
    public Alert reviseFromSchool(long alertId, ccn.alerts.school.SchoolAlert a) throws IOException {
        Objects.requireNonNull(a, "a");
        Message.School origin = new Message.School(a.school(), a.id(), a.revision());
        return broadcaster.revise(alertId, current -> current.revise(a.priority(), a.message().strip(), a.expiresAt(),
                        a.state(), clock.instant()).withSchool(origin),
                next -> "School alert " + a.id() + " (here alert " + alertId + ") "
                        + (a.state() == Message.AlertState.ACTIVE ? "updated" : a.state() == Message.AlertState.ALL_CLEAR
                        ? "all clear" : "cancelled") + " by the school: " + next.priority() + " " + next.message());
    }

    /**
     * Corrects an active alert's text, priority or expiry (null {@code expires}: none); clients
     * that were sent it update the card in place, and those offline get it at their next login.
     *
     * @throws IllegalArgumentException when the alert is not kept, has ended, or the text is invalid
     */
    public Alert updateAlert(long alertId, Priority priority, String text, Instant expires) throws IOException {
        Objects.requireNonNull(priority, "priority");
        String trimmed = Objects.requireNonNull(text, "text").strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("alert text is empty");
        }
        return broadcaster.revise(alertId, current -> {
            if (current.state().ended()) {
                throw new IllegalArgumentException("alert " + alertId + " has ended; send a new alert instead");
            }
            return current.revise(priority, trimmed, expires, Message.AlertState.ACTIVE, clock.instant());
        }, next -> "Alert " + alertId + " updated (revision " + next.revision() + "): " + next.priority() + " "
                + next.message());
    }

    /**
     * Ends an alert: {@code ALL_CLEAR} (the danger is over) or {@code CANCELLED} (sent in error).
     * It stops ringing everywhere; {@code text} (null: keep) says what now.
     *
     * @throws IllegalArgumentException when the alert is not kept or has ended already
     */
    public Alert endAlert(long alertId, Message.AlertState how, String text) throws IOException {
        if (how != Message.AlertState.ALL_CLEAR && how != Message.AlertState.CANCELLED) {
            throw new IllegalArgumentException("an alert ends as ALL_CLEAR or CANCELLED");
        }
        return broadcaster.revise(alertId, current -> {
            if (current.state().ended()) {
                throw new IllegalArgumentException("alert " + alertId + " has ended already");
            }
            return current.revise(current.priority(), text == null || text.isBlank() ? current.message() : text.strip(),
                    current.expiresAt(), how, clock.instant());
        }, next -> "Alert " + alertId + (how == Message.AlertState.ALL_CLEAR ? " all clear" : " cancelled")
                + ": " + next.message());
    }

    /**
     * Rings an active alert again for the users of its audience who have not read it yet.
     *
     * @return how many users were rung, and how many more are not logged in
     */
    public Reminder remind(long alertId) throws IOException {
        Broadcaster.Reminder r = broadcaster.remind(alertId);
        return new Reminder(r.reminded(), r.offline());
    }

    /** What {@link #remind} did. */
    public record Reminder(int reminded, int offline) {
    }

    /** Who the alert is for, who has it and who read it; empty once it is forgotten. */
    public Optional<Roster> roster(long alertId) {
        return ledger.status(alertId).map(Roster::of);
    }

    /** Every retained alert's roster, oldest first. */
    public List<Roster> rosters() {
        return ledger.statuses().stream().map(Roster::of).toList();
    }

    /** The usernames an audience names today. */
    Set<String> resolve(Audience audience) {
        return audience.resolve(data.users.usernames(), data.users::members);
    }

    public void setAutoAlerts(boolean enabled) {
        weatherAlerts.setEnabled(enabled);
        log(EventType.SERVER, "Automatic weather alerts "
                + (enabled ? "every " + weatherAlerts.interval().toSeconds() + " s" : "paused"));
    }

    public void setAlertInterval(Duration interval) {
        weatherAlerts.setInterval(interval);
    }

    /** Turns the wire inspector's capture on or off for every session, present and future (off by default). */
    public void setWireCapture(boolean on) {
        wireCapture = on;
        for (ClientSession s : sessions.all()) {
            s.applyWireCapture();
        }
        log(EventType.SERVER, "Wire capture " + (on ? "on" : "off"));
    }

    public boolean wireCapture() {
        return wireCapture;
    }

    public void setWeatherSource(WeatherSource source) {
        weather = Objects.requireNonNull(source, "source");
        log(EventType.SERVER, "Weather source: " + source.describe());
    }

    // ---------------------------------------------------------------- operator actions and views

    /** Disconnects one session (the console's Disconnect button). */
    public boolean kick(String sessionId) {
        return services.kick(sessionId);
    }

    /** Renews both the class key and the server identity; see {@link #regenerateKey(boolean, boolean)}. */
    public SharedKey regenerateKey() throws IOException {
        return regenerateKey(true, true);
    }

    /**
     * Renews the class key (a leaked key string), the server identity (a copied data directory),
     * or both; only while stopped. Every student needs the new key string afterwards.
     */
    public SharedKey regenerateKey(boolean classKey, boolean identity) throws IOException {
        if (!classKey && !identity) {
            throw new IllegalArgumentException("renew the class key, the server identity, or both");
        }
        lifecycle.lock();
        try {
            if (state != ServerState.STOPPED) {
                throw new IllegalStateException("stop the server before regenerating the key");
            }
            SharedKey fresh = data.regenerate(classKey, identity);
            String what = classKey && identity ? "New class key and server identity" : classKey ? "New class key" : "New server identity";
            log(EventType.SERVER, what + " generated, fingerprint " + fresh.fingerprint() + "; clients need the new key string");
            return fresh;
        } finally {
            lifecycle.unlock();
        }
    }

    public List<ClientInfo> clients() {
        return sessions.infos();
    }

    public ServerStats stats() {
        return sessions.stats(broadcaster.alerts(), broadcaster.deliveries(), services.acknowledgements());
    }

    public List<AckTracker.AlertStatus> recentAlerts() {
        return ledger.statuses();
    }

    /**
     * The retained alerts, oldest first, each with its delivered and acknowledged counts: cheap
     * enough to poll (one record per alert, not per delivery).
     */
    public List<AckTracker.AlertSummary> alertSummaries() {
        return ledger.tracker().summaries();
    }

    /** One retained alert with every delivery, or empty once it is forgotten. */
    public Optional<AckTracker.AlertStatus> alertStatus(long alertId) {
        return ledger.status(alertId);
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
        ServerRun r = run;
        int bound = r == null ? -1 : r.port();
        return bound >= 0 ? bound : config.port();
    }

    public SharedKey key() {
        return data.key();
    }

    public UserStore users() {
        return data.users;
    }

    public EventLog eventLog() {
        return data.eventLog;
    }

    public ServerConfig config() {
        return config;
    }

    public boolean autoAlerts() {
        return weatherAlerts.enabled();
    }

    public Duration alertInterval() {
        return weatherAlerts.interval();
    }

    public WeatherSource weatherSource() {
        return weather;
    }

    /** The thresholds that turn a weather reading into a priority. */
    public PriorityRules priorityRules() {
        return alertFactory.rules();
    }

    /** Adds a listener; it is called on the thread {@code ccn-listeners}, in event order. */
    public void addListener(ServerListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ServerListener listener) {
        listeners.remove(listener);
    }

    /**
     * Waits (at most {@code timeout}) until every listener event that happened before this call
     * has been delivered: listeners run on their own thread, a little after the event.
     *
     * @return false when the wait timed out
     */
    public boolean awaitListeners(Duration timeout) {
        try {
            return listeners.awaitDelivered(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void log(EventType type, String message) {
        data.eventLog.log(type, message);
    }

    private void setState(ServerState next) {
        state = next;
        listeners.fire(l -> l.stateChanged(next));
    }
}
