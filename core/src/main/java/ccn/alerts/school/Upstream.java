package ccn.alerts.school;

import ccn.alerts.log.EventType;
import ccn.alerts.protocol.Message;
import ccn.alerts.server.AckTracker;
import ccn.alerts.server.AlertServer;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A classroom server's link to its school (docs/SCHOOL.md §6): takes school alerts from a durable
 * JetStream consumer, relays each to the server's own clients, tells the stream only once the
 * alert is in the server's journal, and publishes the room's counts for every school alert.
 * Without an upstream nothing of this runs.
 *
 * <p>One thread owns the NATS connection: it waits at most a second for a school message and
 * relays it (the server's broadcast returns once the alert is on disk and handed to every
 * session); a second thread publishes changed counts four times a second. When the school cannot
 * be reached it says so ({@link Status}), keeps trying every {@link #RETRY} and catches up from the consumer,
 * which remembers what this room has not acknowledged. The class keeps being served throughout: no
 * server lock is held while this thread talks to NATS.
 */
public final class Upstream implements AutoCloseable {
    public static final Duration RETRY = Duration.ofSeconds(2);
    /** How often changed counts are published to the school. */
    public static final Duration ROSTER_PERIOD = Duration.ofMillis(250);
    /**
     * The stream sends a message again when not acknowledged within this: after a crash
     * mid-relay, the restarted server gets it at most this late (and, one at a time, everything
     * after it). A relay takes milliseconds (one journal force); one slower than this is sent
     * again and recognised as shown.
     */
    public static final Duration ACK_WAIT = Duration.ofSeconds(5);

    /**
     * @param servers   NATS URLs of the school's cluster ({@code nats://host:4222}), any node will do
     * @param user      with {@code password}, or null for none
     * @param room      this classroom's name in the school (letters, digits, '-', '_')
     * @param replicas  copies of each stream if this server creates them (3 for a three-node cluster)
     */
    public record Settings(List<String> servers, String user, char[] password, SchoolSubjects subjects, String room,
                           int replicas) {
        public Settings {
            servers = List.copyOf(servers);
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("no upstream server given (e.g. --upstream nats://school:4222)");
            }
            Objects.requireNonNull(subjects, "subjects");
            SchoolSubjects.room(room);
            if (replicas < 1 || replicas > 5) {
                throw new IllegalArgumentException("replicas must be 1 to 5, got " + replicas);
            }
        }
    }

    public enum State { CONNECTING, CONNECTED, LOST, STOPPED }

    /** What the console shows: "School: connected to nats://…" or "School unreachable since 10:02: …". */
    public record Status(State state, String detail, Instant since) {
        public String sentence() {
            return switch (state) {
                case CONNECTING -> "School: connecting to " + detail + "…";
                case CONNECTED -> "School: connected (" + detail + ")";
                case LOST -> "School unreachable since " + since.toString().substring(11, 19) + " UTC: " + detail
                        + " — this class is still served; school alerts follow when it is back";
                case STOPPED -> "School: link stopped";
            };
        }
    }

    private final AlertServer server;
    private final Settings settings;
    private final RelayIndex index;
    private final Clock clock;
    private final Thread thread;
    private final CopyOnWriteArrayList<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile Status status;
    private volatile Connection connection;
    /** What the school was last told per school alert (the roster thread; cleared on set-up). */
    private final Map<Long, RoomRoster> published = new java.util.concurrent.ConcurrentHashMap<>();
    private final Object pause = new Object();
    private final java.util.concurrent.atomic.AtomicBoolean reconnected = new java.util.concurrent.atomic.AtomicBoolean();

    private Upstream(AlertServer server, Settings settings, RelayIndex index, Clock clock) {
        this.server = server;
        this.settings = settings;
        this.index = index;
        this.clock = clock;
        this.status = new Status(State.CONNECTING, String.join(", ", settings.servers()), clock.instant());
        this.thread = Thread.ofPlatform().daemon().name("ccn-upstream").unstarted(this::run);
    }

    /**
     * Starts the link of a started server. Reads {@value RelayIndex#FILE_NAME} and learns the school
     * origin of every alert the journal holds, so nothing relayed before a crash is shown again.
     *
     * @throws IOException when the relay index is damaged
     */
    public static Upstream start(AlertServer server, Settings settings) throws IOException {
        return start(server, settings, Clock.systemUTC());
    }

    static Upstream start(AlertServer server, Settings settings, Clock clock) throws IOException {
        Path dataDir = server.config().dataDir();
        RelayIndex index = RelayIndex.open(dataDir);
        for (AckTracker.AlertStatus s : server.recentAlerts()) {
            Message.School origin = s.alert().school();
            if (origin != null) {
                index.remember(new RelayIndex.Relayed(origin.id(), origin.revision(), s.alert().alertId()));
            }
        }
        Upstream up = new Upstream(server, settings, index, clock);
        up.thread.start();
        return up;
    }

    public Status status() {
        return status;
    }

    /** Called on the upstream thread with no lock held, on every change of {@link #status()}. */
    public void addListener(Consumer<Status> listener) {
        listeners.add(listener);
        listener.accept(status);
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        running = false;
        synchronized (pause) {
            pause.notifyAll();
        }
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        setStatus(State.STOPPED, "");
    }

    // ------------------------------------------------------------------ the upstream thread

    private void run() {
        while (running) {
            try (Connection nc = connect()) {
                connection = nc;
                ConsumerContext consumer = setUp(nc);
                setStatus(State.CONNECTED, nc.getConnectedUrl() == null ? "" : nc.getConnectedUrl());
                JetStream js = nc.jetStream();
                Thread rosters = Thread.ofVirtual().name("ccn-upstream-rosters").start(() -> publishRostersWhile(nc, js));
                try {
                    while (running) {
                        if (reconnected.getAndSet(false)) {
                            // jnats moved to another node, or the node came back: a node that lost
                            // unsynced state may have lost our consumer too, so declare it again.
                            consumer = setUp(nc);
                        }
                        io.nats.client.Message m = consumer.next(Duration.ofSeconds(1)); // jnats: at least 1 s
                        if (m != null) {
                            handle(m, nc.jetStreamManagement());
                        }
                    }
                } finally {
                    rosters.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                setStatus(State.LOST, reason(e));
                pauseBeforeRetry();
            } finally {
                connection = null;
            }
        }
    }

    /** Streams and this room's durable consumer, created when missing; counts are told again. */
    private ConsumerContext setUp(Connection nc) throws IOException, JetStreamApiException {
        SchoolStreams.ensure(nc.jetStreamManagement(), settings.subjects(), settings.replicas());
        published.clear();
        return nc.getStreamContext(settings.subjects().alertStream())
                .createOrUpdateConsumer(ConsumerConfiguration.builder()
                        .durable(settings.subjects().consumer(settings.room()))
                        .filterSubject(settings.subjects().allAlerts())
                        .deliverPolicy(DeliverPolicy.All)
                        .ackPolicy(AckPolicy.Explicit)
                        .ackWait(ACK_WAIT)
                        .maxAckPending(1) // one at a time, in the school's order
                        .build());
    }

    private Connection connect() throws IOException, InterruptedException {
        Options.Builder b = new Options.Builder()
                .servers(settings.servers().toArray(String[]::new))
                .connectionName("ccn-classroom " + settings.room())
                .connectionTimeout(Duration.ofSeconds(2))
                .reconnectWait(Duration.ofMillis(500))
                .maxReconnects(-1) // a cluster node going away: jnats moves to another one
                .connectionListener((conn, event) -> {
                    if (event == ConnectionListener.Events.DISCONNECTED && running) {
                        setStatus(State.LOST, "connection to the school's cluster lost; reconnecting");
                    } else if (event == ConnectionListener.Events.RECONNECTED) {
                        reconnected.set(true);
                        setStatus(State.CONNECTED, conn.getConnectedUrl() == null ? "" : conn.getConnectedUrl());
                    }
                })
                .errorListener(new io.nats.client.ErrorListener() {
                    // jnats's default prints to stderr; errors reach us as exceptions anyway.
                });
        if (settings.user() != null) {
            b.userInfo(settings.user().toCharArray(), settings.password() == null ? new char[0] : settings.password());
        }
        return Nats.connect(b.build());
    }

    /** One school message: relayed once, then acknowledged; a broken one is set aside, not retried. */
    private void handle(io.nats.client.Message m, io.nats.client.JetStreamManagement jsm) throws InterruptedException {
        SchoolAlert a;
        try {
            a = SchoolAlert.parse(m.getData());
            if (!m.getSubject().equals(settings.subjects().alertSubject(a.id()))) {
                throw new IllegalArgumentException("its id " + a.id() + " is not the one its subject names");
            }
        } catch (IllegalArgumentException e) {
            log(EventType.ERROR, "Ignored a message on " + m.getSubject() + ": " + e.getMessage());
            m.term(); // never again: it would fail the same way
            return;
        }
        try {
            relay(a, id -> latest(jsm, id));
        } catch (IOException | RuntimeException e) {
            log(EventType.ERROR, "Could not relay school alert " + a.id() + " (revision " + a.revision() + "): "
                    + e.getMessage() + "; the school's stream will send it again");
            m.nakWithDelay(RETRY);
            return;
        }
        try {
            m.ackSync(Duration.ofSeconds(5));
        } catch (java.util.concurrent.TimeoutException e) {
            // Not confirmed: the stream may send it again, and the index says it is done.
            log(EventType.ERROR, "The school did not confirm school alert " + a.id() + "; it may be sent again (shown once)");
        }
    }

    /** The latest revision the stream holds of a school alert, or null. */
    private SchoolAlert latest(io.nats.client.JetStreamManagement jsm, long id) {
        try {
            return SchoolAlert.parse(jsm.getLastMessage(settings.subjects().alertStream(),
                    settings.subjects().alertSubject(id)).getData());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            return null; // then the message at hand is the latest we know
        }
    }

    /**
     * Shows {@code a} here unless it is shown already; returns once it is on disk. For an alert
     * this room never had, {@code latest} gives the stream's latest revision of it: a room that
     * joins (or comes back after a week) shows each alert still active once, at its latest
     * revision, and nothing of alerts that have ended since.
     */
    void relay(SchoolAlert a, java.util.function.LongFunction<SchoolAlert> latest) throws IOException {
        if (!a.isFor(settings.room())) {
            return;
        }
        Optional<RelayIndex.Relayed> known = index.get(a.id());
        if (known.isPresent() && known.get().revision() >= a.revision()) {
            return; // a redelivery, or a revision this room already shows
        }
        Instant now = clock.instant();
        Message.Alert local;
        Optional<AckTracker.AlertStatus> kept = known.flatMap(k -> server.alertStatus(k.alert()));
        if (kept.isPresent() && kept.get().alert().state().ended()) {
            // An ended alert is not revised again (PROTOCOL.md §6.7): a school revision after its end is set aside.
            log(EventType.ERROR, "School alert " + a.id() + " revision " + a.revision() + " came after its end; not shown");
            index.record(new RelayIndex.Relayed(a.id(), a.revision(), known.get().alert()));
            return;
        }
        if (kept.isEmpty()) {
            SchoolAlert newest = latest.apply(a.id());
            if (newest != null && newest.id() == a.id() && newest.revision() > a.revision()) {
                a = newest; // show the latest revision once, not each one in turn
            }
        }
        if (kept.isPresent()) {
            local = server.reviseFromSchool(known.get().alert(), a);
        } else if (a.activeAt(now)) {
            local = server.relaySchoolAlert(a);
        } else {
            // Ended or expired before this room got it: nothing to show, remember it as seen.
            index.record(new RelayIndex.Relayed(a.id(), a.revision(), known.map(RelayIndex.Relayed::alert).orElse(0L)));
            return;
        }
        index.record(new RelayIndex.Relayed(a.id(), a.revision(), local.alertId()));
    }

    /**
     * Every {@link #ROSTER_PERIOD}, on its own thread (jnats connections are thread-safe), while
     * {@code nc} is this link's connection: changed counts go to the school. A failure waits for
     * the next period; losing the connection is the main loop's business.
     */
    private void publishRostersWhile(Connection nc, JetStream js) {
        while (running && connection == nc && !Thread.currentThread().isInterrupted()) {
            try {
                publishRosters(js);
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                // the next period tries again with whatever changed by then
            }
            LockSupport.parkNanos(ROSTER_PERIOD.toNanos());
        }
    }

    private void publishRosters(JetStream js) throws IOException, JetStreamApiException {
        long now = clock.millis();
        for (AckTracker.AlertSummary s : server.alertSummaries()) {
            Message.School origin = s.alert().school();
            if (origin == null) {
                continue;
            }
            RoomRoster r = new RoomRoster(SchoolAlert.VERSION, origin.id(), origin.revision(), settings.room(),
                    s.audienceSize(), Math.min(s.usersDelivered(), s.audienceSize()),
                    Math.min(s.usersRead(), s.audienceSize()), now);
            if (!r.sameCounts(published.get(origin.id()))) {
                js.publish(settings.subjects().rosterSubject(origin.id(), settings.room()), r.toJson());
                published.put(origin.id(), r);
            }
        }
    }

    private void pauseBeforeRetry() {
        long deadline = System.nanoTime() + RETRY.toNanos();
        synchronized (pause) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    pause.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void setStatus(State state, String detail) {
        Status old = status;
        if (old.state() == state && old.detail().equals(detail)) {
            return;
        }
        Status next = new Status(state, detail, state == old.state() ? old.since() : clock.instant());
        status = next;
        if (state != State.CONNECTING) {
            log(state == State.LOST ? EventType.ERROR : EventType.SERVER, next.sentence());
        }
        for (Consumer<Status> l : listeners) {
            l.accept(next);
        }
    }

    private void log(EventType type, String text) {
        server.eventLog().log(type, text);
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        if (e instanceof IOException && m != null && m.contains("Unable to connect")) {
            return "no server of the school's cluster answers";
        }
        return m == null ? e.getClass().getSimpleName() : SchoolAlert.firstLine(m);
    }
}
