package ccn.alerts.school;

import ccn.alerts.alert.AlertIdSequence;
import ccn.alerts.protocol.Message.AlertState;
import ccn.alerts.protocol.Priority;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.MessageConsumer;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.OrderedConsumerConfiguration;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The school's side (docs/SCHOOL.md): publishes school alerts to every classroom or to chosen
 * ones, updates and ends them, and gathers each room's counts into one roster ("delivered 812 /
 * 840 · read 790 / 840 across 28 rooms"). Used by the school console and {@code SchoolMain}.
 *
 * <p>Each send returns once the stream has stored it (JetStream's publish acknowledgement: on a
 * three-node cluster, two nodes have it). Ids come from {@value AlertIdSequence#FILE_NAME} in the
 * school's data directory and continue after the highest id the stream holds. One school
 * console per school: two would hand out the same ids.
 *
 * <p>Thread-safety: sends run one at a time on a thread of their own; alerts and rosters are read from
 * concurrent maps that jnats's dispatcher thread fills; listeners run on that thread.
 */
public final class School implements AutoCloseable {

    /** @param name the school's name as classrooms show it ("From Lincoln High") */
    public record Settings(List<String> servers, String user, char[] password, SchoolSubjects subjects, String name,
                           int replicas, Path dataDir) {
        public Settings {
            servers = List.copyOf(servers);
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("no NATS server given (e.g. --nats nats://school:4222)");
            }
            Objects.requireNonNull(subjects, "subjects");
            SchoolAlert.require("school name", name, 80);
            Objects.requireNonNull(dataDir, "dataDir");
        }
    }

    /** One school alert's roster summed over the rooms that reported it. */
    public record Totals(long id, int revision, int rooms, int audience, int delivered, int read) {
        public String sentence() {
            return "delivered " + delivered + " / " + audience + " · read " + read + " / " + audience + " across "
                    + rooms + (rooms == 1 ? " room" : " rooms");
        }
    }

    /** How long a send keeps trying while the cluster fails over. */
    public static final Duration PUBLISH_PATIENCE = Duration.ofSeconds(20);

    private final Settings settings;
    private final Connection nc;
    private final JetStream js;
    private final AlertIdSequence ids;
    private final Clock clock;
    private final Map<Long, SchoolAlert> alerts = new ConcurrentHashMap<>();
    private final Map<Long, Map<String, RoomRoster>> rosters = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Dispatcher dispatcher;
    private final List<MessageConsumer> consumers = new ArrayList<>();

    private School(Settings settings, Connection nc, AlertIdSequence ids, Clock clock) throws IOException {
        this.settings = settings;
        this.nc = nc;
        this.js = nc.jetStream();
        this.ids = ids;
        this.clock = clock;
        this.dispatcher = nc.createDispatcher();
    }

    /**
     * Connects, creates the streams when missing, and reads what the stream holds (every alert's
     * latest revision, every room's latest counts).
     *
     * @throws IOException with a sentence when no node of the cluster answers
     */
    public static School connect(Settings settings) throws IOException, InterruptedException {
        return connect(settings, Clock.systemUTC());
    }

    static School connect(Settings settings, Clock clock) throws IOException, InterruptedException {
        Options.Builder b = new Options.Builder()
                .servers(settings.servers().toArray(String[]::new))
                .connectionName("ccn-school " + settings.name())
                .connectionTimeout(Duration.ofSeconds(2))
                .reconnectWait(Duration.ofMillis(500))
                .maxReconnects(-1)
                .errorListener(new io.nats.client.ErrorListener() {
                });
        if (settings.user() != null) {
            b.userInfo(settings.user().toCharArray(), settings.password() == null ? new char[0] : settings.password());
        }
        Connection nc;
        try {
            nc = Nats.connect(b.build());
        } catch (IOException e) {
            throw new IOException("No server of the school's cluster answers at " + String.join(", ", settings.servers())
                    + " (" + SchoolAlert.firstLine(e.getMessage()) + ")", e);
        }
        AlertIdSequence ids = null;
        try {
            SchoolStreams.ensure(nc.jetStreamManagement(), settings.subjects(), settings.replicas());
            ids = AlertIdSequence.open(settings.dataDir());
            School school = new School(settings, nc, ids, clock);
            school.follow(true);
            school.watch();
            long highest = school.alerts.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            ids.advancePast(highest);
            return school;
        } catch (JetStreamApiException e) {
            nc.close();
            if (ids != null) {
                ids.close();
            }
            throw new IOException("The school's cluster refused to set up its streams: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            nc.close();
            if (ids != null) {
                ids.close();
            }
            throw e;
        }
    }

    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicLong alertSeen = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong rosterSeen = new java.util.concurrent.atomic.AtomicLong();
    /** How long a stream may hold messages our consumer has not delivered before it is followed again. */
    static final Duration STALL = Duration.ofSeconds(2);

    /**
     * Once a second, compares each stream's last sequence with the last one our consumers
     * delivered; behind for longer than {@link #STALL}, they are made again, from the latest
     * message of each subject. That covers a reconnect to another node and a consumer led by a node
     * that died, which can go quiet without our connection noticing anything (the school's totals
     * stopped moving in a cluster run). Making them again can fail while a new leader is elected:
     * the next look tries again.
     */
    private void watch() {
        Thread.ofVirtual().name("ccn-school-watch").start(() -> {
            long behindSince = 0;
            while (!closed) {
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                try {
                    var jsm = nc.jetStreamManagement();
                    boolean behind = jsm.getStreamInfo(settings.subjects().alertStream()).getStreamState().getLastSequence()
                            > alertSeen.get()
                            || jsm.getStreamInfo(settings.subjects().rosterStream()).getStreamState().getLastSequence()
                            > rosterSeen.get();
                    long now = System.nanoTime();
                    if (!behind) {
                        behindSince = 0;
                    } else if (behindSince == 0) {
                        behindSince = now;
                    } else if (now - behindSince > STALL.toNanos()) {
                        behindSince = 0;
                        follow(false);
                    }
                } catch (IOException | JetStreamApiException | RuntimeException e) {
                    // the cluster is busy or away: look again in a second
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }
    /** Sends run here one at a time (ids and revisions in order) without a lock held across I/O. */
    private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("ccn-school-send").factory());

    private interface Send {
        SchoolAlert run() throws IOException;
    }

    private SchoolAlert onSender(Send send) throws IOException {
        try {
            return sender.submit(send::run).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Follows both streams from what they hold; with {@code awaitAlerts}, returns once the alerts held are read. */
    private void follow(boolean awaitAlerts) throws IOException, JetStreamApiException, InterruptedException {
        consumers.forEach(c -> {
            try {
                c.stop();
            } catch (RuntimeException ignored) {
                // replaced below
            }
        });
        consumers.clear();
        CountDownLatch caughtUp = new CountDownLatch(awaitAlerts ? 1 : 0);
        long held = nc.jetStreamManagement().getStreamInfo(settings.subjects().alertStream()).getStreamState().getMsgCount();
        if (held == 0) {
            caughtUp.countDown();
        }
        consumers.add(nc.getStreamContext(settings.subjects().alertStream())
                .createOrderedConsumer(new OrderedConsumerConfiguration()
                        .filterSubject(settings.subjects().allAlerts())
                        .deliverPolicy(DeliverPolicy.LastPerSubject))
                .consume(dispatcher, m -> {
                    alertSeen.accumulateAndGet(m.metaData().streamSequence(), Math::max);
                    try {
                        SchoolAlert a = SchoolAlert.parse(m.getData());
                        alerts.merge(a.id(), a, (x, y) -> x.revision() >= y.revision() ? x : y);
                        changed();
                    } catch (IllegalArgumentException ignored) {
                        // not ours to show; classrooms set it aside too
                    }
                    if (m.metaData().pendingCount() == 0) {
                        caughtUp.countDown();
                    }
                }));
        consumers.add(nc.getStreamContext(settings.subjects().rosterStream())
                .createOrderedConsumer(new OrderedConsumerConfiguration()
                        .filterSubject(settings.subjects().allRosters())
                        .deliverPolicy(DeliverPolicy.LastPerSubject))
                .consume(dispatcher, m -> {
                    rosterSeen.accumulateAndGet(m.metaData().streamSequence(), Math::max);
                    try {
                        RoomRoster r = RoomRoster.parse(m.getData());
                        rosters.computeIfAbsent(r.id(), id -> new ConcurrentHashMap<>())
                                .merge(r.room(), r, (x, y) -> y.at() >= x.at() ? y : x);
                        changed();
                    } catch (IllegalArgumentException ignored) {
                        // a room that sent garbage counts as not reporting
                    }
                }));
        if (!caughtUp.await(10, TimeUnit.SECONDS)) {
            throw new IOException("the school's alert stream did not deliver what it holds within 10 s");
        }
    }

    /** Sends a new school alert; {@code rooms} empty: every classroom. Returns once the stream has it. */
    public SchoolAlert send(Priority priority, String text, String sender, boolean drill, List<String> rooms,
                            Duration expiresIn) throws IOException {
        return onSender(() -> {
            Instant now = clock.instant();
            SchoolAlert a = SchoolAlert.first(ids.next(), settings.name(), sender, priority, text, drill, rooms, now,
                    expiresIn == null ? null : now.plus(expiresIn));
            publish(a);
            return a;
        });
    }

    /** Corrects an active school alert in every room that has it. */
    public SchoolAlert update(long id, Priority priority, String text) throws IOException {
        return onSender(() -> {
            SchoolAlert next = active(id).next(priority, text, AlertState.ACTIVE, clock.instant());
            publish(next);
            return next;
        });
    }

    /** Ends a school alert everywhere: ALL_CLEAR (the danger is over) or CANCELLED (sent in error). */
    public SchoolAlert end(long id, AlertState how, String text) throws IOException {
        if (how != AlertState.ALL_CLEAR && how != AlertState.CANCELLED) {
            throw new IllegalArgumentException("a school alert ends as ALL_CLEAR or CANCELLED");
        }
        return onSender(() -> {
            SchoolAlert current = active(id);
            SchoolAlert next = current.next(current.priority(), text == null || text.isBlank() ? current.message() : text,
                    how, clock.instant());
            publish(next);
            return next;
        });
    }

    private SchoolAlert active(long id) {
        SchoolAlert current = alerts.get(id);
        if (current == null) {
            throw new IllegalArgumentException("there is no school alert " + id);
        }
        if (current.state().ended()) {
            throw new IllegalArgumentException("school alert " + id + " has ended; send a new one instead");
        }
        return current;
    }

    /**
     * Publishes and waits for the stream's acknowledgement, trying again for up to
     * {@link #PUBLISH_PATIENCE} while the cluster moves to another node or elects a leader. The
     * message id makes every repeat of one revision a single stored message.
     */
    private void publish(SchoolAlert a) throws IOException {
        long deadline = System.nanoTime() + PUBLISH_PATIENCE.toNanos();
        PublishOptions options = PublishOptions.builder().messageId(a.id() + "-" + a.revision()).build();
        while (true) {
            try {
                js.publish(settings.subjects().alertSubject(a.id()), a.toJson(), options);
                break;
            } catch (JetStreamApiException e) {
                throw new IOException("The school's stream did not store school alert " + a.id() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("The school's cluster did not confirm school alert " + a.id() + " within "
                            + PUBLISH_PATIENCE.toSeconds() + " s (" + SchoolAlert.firstLine(e.getMessage()) + ")", e);
                }
            }
        }
        alerts.merge(a.id(), a, (x, y) -> x.revision() >= y.revision() ? x : y);
        changed();
    }

    /** Every school alert the stream holds, latest revision, newest first. */
    public List<SchoolAlert> alerts() {
        List<SchoolAlert> out = new ArrayList<>(alerts.values());
        out.sort(Comparator.comparingLong(SchoolAlert::id).reversed());
        return out;
    }

    public Optional<SchoolAlert> alert(long id) {
        return Optional.ofNullable(alerts.get(id));
    }

    /** Each room's latest counts for an alert, by room name. */
    public Map<String, RoomRoster> rosters(long id) {
        return new TreeMap<>(rosters.getOrDefault(id, Map.of()));
    }

    public Totals totals(long id) {
        int audience = 0, delivered = 0, read = 0, revision = 0;
        Map<String, RoomRoster> rooms = rosters.getOrDefault(id, Map.of());
        for (RoomRoster r : rooms.values()) {
            audience += r.audience();
            delivered += r.delivered();
            read += r.read();
            revision = Math.max(revision, r.revision());
        }
        return new Totals(id, revision, rooms.size(), audience, delivered, read);
    }

    /** Called (on jnats's dispatcher thread, no lock held) whenever an alert or a roster changed. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        closed = true;
        sender.shutdown();
        consumers.forEach(c -> {
            try {
                c.stop();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        });
        try {
            nc.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            ids.close();
        } catch (IOException ignored) {
            // the next start continues after the stream's highest id
        }
    }
}
