package ccn.alerts.outsider;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.school.SchoolSubjects;
import ccn.alerts.school.Upstream;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.NatsCluster;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docs/SCHOOL.md checked from outside: {@link MiniSchool} is a school participant written from the
 * document alone (raw jnats + Jackson), and the classroom side ({@link Upstream}) is the black box
 * under test. To show that something was <em>not</em> shown, a test publishes a later "marker"
 * school alert and waits for it: the doc says the consumer relays one message at a time in the
 * school's order (§6 "at most one unacknowledged message"), so whatever came before the marker
 * has been handled by then.
 */
class SpecSchoolTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static final String ROOM = "room-101";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger RUN = new AtomicInteger();

    @TempDir
    static Path natsDir;
    private static NatsCluster nats;

    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();

    private String prefix;
    private MiniSchool school;

    @BeforeAll
    static void startNats() throws Exception {
        assumeTrue(NatsCluster.binary().isPresent(), NatsCluster.missingMessage());
        nats = NatsCluster.start(natsDir, 1);
    }

    @AfterAll
    static void stopNats() {
        if (nats != null) {
            nats.close();
        }
    }

    @BeforeEach
    void newPrefix() throws Exception {
        // a '-' in the prefix checks §2's rule for B ('.' and '-' become '_')
        prefix = "spec-s" + ProcessHandle.current().pid() + "-" + RUN.incrementAndGet() + ".school";
        school = new MiniSchool(nats.url(0), prefix);
    }

    @AfterEach
    void closeSchool() {
        if (school != null) {
            school.close();
        }
    }

    // ------------------------------------------------------------------ the school participant

    /** A school written from docs/SCHOOL.md §2–§5 alone. */
    static final class MiniSchool implements AutoCloseable {
        final String prefix;
        final String base;
        final Connection nc;
        final JetStream js;
        final JetStreamManagement jsm;

        MiniSchool(String url, String prefix) throws IOException, InterruptedException {
            this.prefix = prefix;
            this.base = prefix.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            this.nc = Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5)).build());
            this.js = nc.jetStream();
            this.jsm = nc.jetStreamManagement();
        }

        String alertStream() {
            return base + "_ALERTS";
        }

        String rosterStream() {
            return base + "_ROSTERS";
        }

        String alertSubject(long id) {
            return prefix + ".alert." + id;
        }

        String rosterSubject(long id, String room) {
            return prefix + ".roster." + id + "." + room;
        }

        /** §5: a missing stream is created (file, limits, 7 days, replicas); an existing one is used. */
        void ensureStreams() throws IOException, JetStreamApiException {
            ensure(StreamConfiguration.builder().name(alertStream()).subjects(prefix + ".alert.>"));
            ensure(StreamConfiguration.builder().name(rosterStream()).subjects(prefix + ".roster.>").maxMessagesPerSubject(1));
        }

        private void ensure(StreamConfiguration.Builder b) throws IOException, JetStreamApiException {
            StreamConfiguration c = b.storageType(StorageType.File).retentionPolicy(RetentionPolicy.Limits)
                    .maxAge(Duration.ofDays(7)).replicas(1).duplicateWindow(Duration.ofMinutes(10)).build();
            if (streamInfo(c.getName()) == null) {
                jsm.addStream(c);
            }
        }

        StreamInfo streamInfo(String name) throws IOException {
            try {
                return jsm.getStreamInfo(name);
            } catch (JetStreamApiException e) {
                return null;
            }
        }

        ConsumerInfo consumer(String room) {
            try {
                return jsm.getConsumerInfo(alertStream(), "room-" + room);
            } catch (IOException | JetStreamApiException e) {
                return null;
            }
        }

        PublishAck publish(ObjectNode alert) throws IOException, JetStreamApiException {
            return publish(alert, alert.get("id").asLong() + "-" + alert.get("revision").asInt());
        }

        PublishAck publish(ObjectNode alert, String msgId) throws IOException, JetStreamApiException {
            return publishRaw(alert.get("id").asLong(), JSON.writeValueAsBytes(alert), msgId);
        }

        PublishAck publishRaw(long id, byte[] data, String msgId) throws IOException, JetStreamApiException {
            Headers h = new Headers();
            if (msgId != null) {
                h.add("Nats-Msg-Id", msgId);
            }
            return js.publish(NatsMessage.builder().subject(alertSubject(id)).headers(h).data(data).build());
        }

        /** §4: the latest counts of a room for an alert, or null when the room published none. */
        JsonNode roster(long id, String room) {
            try {
                MessageInfo mi = jsm.getLastMessage(rosterStream(), rosterSubject(id, room));
                return JSON.readTree(mi.getData());
            } catch (JetStreamApiException e) {
                return null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        MessageInfo rosterInfo(long id, String room) {
            try {
                return jsm.getLastMessage(rosterStream(), rosterSubject(id, room));
            } catch (JetStreamApiException | IOException e) {
                return null;
            }
        }

        @Override
        public void close() {
            try {
                nc.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Revision 1 of school alert {@code id}, every required member as §3 lists them. */
    static ObjectNode alert(long id, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", 1).put("id", id).put("revision", 1).put("school", "Lincoln High").put("sender", "head")
                .put("priority", "HIGH").put("message", message).put("state", "ACTIVE").put("drill", false);
        n.putArray("rooms");
        n.put("issued", System.currentTimeMillis() - 1_000);
        return n;
    }

    /** The next revision of {@code prev}, changed by {@code change}. */
    static ObjectNode revise(ObjectNode prev, Consumer<ObjectNode> change) {
        ObjectNode n = prev.deepCopy();
        n.put("revision", prev.get("revision").asInt() + 1).put("updated", System.currentTimeMillis());
        change.accept(n);
        return n;
    }

    static ObjectNode rooms(ObjectNode n, String... rooms) {
        var a = n.putArray("rooms");
        for (String r : rooms) {
            a.add(r);
        }
        return n;
    }

    // ------------------------------------------------------------------ the classroom under test

    private TestServer ts;

    private Upstream upstream(String room) throws IOException {
        if (ts == null) {
            ts = server.start();
        }
        return server.own(Upstream.start(ts.server(), new Upstream.Settings(nats.urls(), null, null,
                new SchoolSubjects(prefix), room, 1)));
    }

    private TestClient user1() throws IOException {
        if (ts == null) {
            ts = server.start();
        }
        return ts.connected("user1", "pass123");
    }

    /** What the client was shown of school alert {@code schoolId}, every revision in order. */
    static List<Message.Alert> shown(TestClient c, long schoolId) {
        return c.alerts.stream().filter(a -> a.school() != null && a.school().id() == schoolId).toList();
    }

    static Message.Alert awaitSchool(TestClient c, long schoolId, int schoolRevision) {
        return Await.value(T, () -> shown(c, schoolId).stream().filter(a -> a.school().revision() >= schoolRevision)
                        .findFirst().orElse(null),
                () -> "client shows school alert " + schoolId + " revision " + schoolRevision + "; it has " + c.alerts);
    }

    private JsonNode awaitRoster(long id, String what, java.util.function.Predicate<JsonNode> p) {
        return Await.value(T, () -> {
            JsonNode r = school.roster(id, ROOM);
            return r != null && p.test(r) ? r : null;
        }, () -> "roster of " + ROOM + " for school alert " + id + " " + what + "; latest is " + school.roster(id, ROOM));
    }

    // ------------------------------------------------------------------ tests

    @Test
    void schoolAlertReachesClientWithSchoolAndSenderAndRevisionsChangeItInPlace() throws Exception {
        school.ensureStreams();
        TestClient c = user1();
        upstream(ROOM);

        ObjectNode r1 = alert(12, "Evacuate block B");
        r1.put("drill", true);
        r1.put("colour", "red"); // §3: unknown members are ignored
        school.publish(r1);
        Message.Alert a1 = awaitSchool(c, 12, 1);
        assertEquals("Lincoln High", a1.school().name());
        assertEquals(12, a1.school().id());
        assertEquals(1, a1.school().revision());
        assertEquals("head", a1.sender(), "§3: sender is shown as the alert's sender");
        assertEquals(Priority.HIGH, a1.priority());
        assertEquals("Evacuate block B", a1.message());
        assertEquals(Message.AlertState.ACTIVE, a1.state());
        assertTrue(a1.drill());
        assertEquals(1, a1.revision());

        ObjectNode r2 = revise(r1, n -> n.put("message", "Evacuate block B by the west exit").put("priority", "MEDIUM"));
        school.publish(r2);
        Message.Alert a2 = awaitSchool(c, 12, 2);
        assertEquals(a1.alertId(), a2.alertId(), "PROTOCOL §6.8: a school update is the next revision of the same alertId");
        assertEquals(2, a2.revision());
        assertEquals(2, a2.school().revision());
        assertEquals("Evacuate block B by the west exit", a2.message());
        assertEquals(Priority.MEDIUM, a2.priority());
        assertNotNull(a2.updated());

        school.publish(revise(r2, n -> n.put("state", "ALL_CLEAR")));
        Message.Alert a3 = awaitSchool(c, 12, 3);
        assertEquals(a1.alertId(), a3.alertId());
        assertEquals(3, a3.revision());
        assertEquals(Message.AlertState.ALL_CLEAR, a3.state());

        ObjectNode other = alert(13, "Sent in error");
        school.publish(other);
        Message.Alert b1 = awaitSchool(c, 13, 1);
        school.publish(revise(other, n -> n.put("state", "CANCELLED")));
        Message.Alert b2 = awaitSchool(c, 13, 2);
        assertEquals(b1.alertId(), b2.alertId());
        assertEquals(Message.AlertState.CANCELLED, b2.state());
        assertEquals(List.of(1, 2, 3), shown(c, 12).stream().map(a -> a.school().revision()).toList(), "each revision once");
    }

    @Test
    void roomsTargeting() throws Exception {
        school.ensureStreams();
        TestClient c = user1();
        upstream(ROOM);
        school.publish(rooms(alert(1, "lab only"), "lab-a"));
        school.publish(rooms(alert(2, "lab and 101"), "lab-a", ROOM));
        school.publish(alert(3, "everyone (rooms empty)"));
        awaitSchool(c, 2, 1);
        awaitSchool(c, 3, 1);
        awaitRoster(3, "exists", r -> true);
        assertEquals(List.of(), shown(c, 1), "an alert for another room is not shown");
        assertNull(school.roster(1, ROOM), "§4: counts only for alerts the room shows");
        assertNotNull(school.roster(2, ROOM));
    }

    @Test
    void rosterMessageHasTheDocumentedMembersAndCounts() throws Exception {
        school.ensureStreams();
        TestClient c = user1();
        upstream(ROOM);
        long before = System.currentTimeMillis();
        ObjectNode r1 = alert(7, "Lockdown");
        school.publish(r1);
        Message.Alert a = awaitSchool(c, 7, 1);
        c.awaitAckConfirmed(a.alertId());

        JsonNode r = awaitRoster(7, "counts user1's delivery", n -> n.path("delivered").asInt() == 1);
        assertEquals(1, r.get("v").asInt());
        assertTrue(r.get("v").isIntegralNumber());
        assertEquals(7, r.get("id").asLong());
        assertEquals(1, r.get("revision").asInt());
        assertEquals(ROOM, r.get("room").asText());
        assertEquals(3, r.get("audience").asInt(), "admin, user1, user2: every user of the server");
        assertEquals(0, r.get("read").asInt());
        assertTrue(r.get("at").isIntegralNumber());
        long at = r.get("at").asLong();
        assertTrue(at >= before - 1_000 && at <= System.currentTimeMillis() + 1_000, "at is ms since the epoch: " + at);

        assertTrue(c.engine.confirmRead(a.alertId()));
        c.awaitReadConfirmed(a.alertId());
        awaitRoster(7, "counts user1's read", n -> n.path("read").asInt() == 1 && n.path("delivered").asInt() == 1);

        TestClient u2 = ts.connected("user2", "pass456"); // caught up at login
        awaitSchool(u2, 7, 1);
        awaitRoster(7, "counts user2's delivery", n -> n.path("delivered").asInt() == 2);

        school.publish(revise(r1, n -> n.put("message", "Lockdown: stay inside")));
        awaitSchool(c, 7, 2);
        JsonNode r2 = awaitRoster(7, "names school revision 2", n -> n.path("revision").asInt() == 2);
        assertEquals(3, r2.get("audience").asInt());
        assertTrue(r2.get("delivered").asInt() <= 3 && r2.get("read").asInt() <= 3);
    }

    @Test
    void malformedMessagesAreSetAsideAndDoNotBlockLaterAlerts() throws Exception {
        school.ensureStreams();
        TestClient c = user1();
        upstream(ROOM);
        List<String> bad = new ArrayList<>();
        school.publishRaw(101, "not json at all".getBytes(StandardCharsets.UTF_8), "101-1");
        school.publishRaw(102, "[1,2,3]".getBytes(StandardCharsets.UTF_8), "102-1");
        school.publishRaw(103, new byte[]{(byte) 0xff, (byte) 0xfe, '{', '}'}, "103-1");
        ObjectNode missing = alert(104, "no message member");
        missing.remove("message");
        school.publish(missing);
        ObjectNode missingState = alert(105, "no state member");
        missingState.remove("state");
        school.publish(missingState);
        ObjectNode wrongType = alert(106, "drill as a string");
        wrongType.put("drill", "yes");
        school.publish(wrongType);
        ObjectNode unknownState = alert(107, "unknown state");
        unknownState.put("state", "PAUSED");
        school.publish(unknownState);
        ObjectNode stateUnknown = alert(112, "state UNKNOWN");
        stateUnknown.put("state", "UNKNOWN");
        school.publish(stateUnknown);
        ObjectNode unknownPriority = alert(108, "unknown priority");
        unknownPriority.put("priority", "URGENT");
        school.publish(unknownPriority);
        ObjectNode roomsNotArray = alert(109, "rooms is a string");
        roomsNotArray.put("rooms", ROOM);
        school.publish(roomsNotArray);
        ObjectNode revisionText = alert(110, "revision is text");
        revisionText.put("revision", "one");
        school.publish(revisionText, "110-1");
        for (long id = 101; id <= 110; id++) {
            bad.add(Long.toString(id));
        }

        school.publish(alert(111, "the good one"));
        awaitSchool(c, 111, 1);
        assertEquals(List.of(), shown(c, 112), "state UNKNOWN is not one of §3's states");
        for (long id = 101; id <= 110; id++) {
            assertEquals(List.of(), shown(c, id), "malformed school alert " + id + " must not be shown");
        }
        // §3 "term: never delivered again": nothing is pending or waiting for an ack
        Await.until(T, () -> {
            ConsumerInfo ci = school.consumer(ROOM);
            return ci != null && ci.getNumAckPending() == 0 && ci.getNumPending() == 0;
        }, () -> "consumer room-" + ROOM + " has nothing pending: " + school.consumer(ROOM));
        assertTrue(school.consumer(ROOM).getRedelivered() == 0, "set aside, not retried: " + school.consumer(ROOM));
        // §3: one [ERROR] line, "Ignored a message on SUBJECT: not a school alert: WHAT"
        for (long id = 101; id <= 110; id++) {
            String subject = school.alertSubject(id);
            assertEquals(1, ts.logLines().stream().filter(l -> l.contains("[ERROR] Ignored a message on " + subject
                            + ": not a school alert: ")).count(),
                    "one log line for the bad message on " + subject + ": " + ts.logLines());
        }
    }

    @Test
    void valuesOutOfTheDocumentedRangesAreSetAside() throws Exception {
        school.ensureStreams();
        TestClient c = user1();
        upstream(ROOM);
        List<ObjectNode> bad = new ArrayList<>();
        bad.add(alert(201, "revision 0").put("revision", 0));
        bad.add(alert(202, "empty school").put("school", ""));
        bad.add(alert(203, "school of 81").put("school", "x".repeat(81)));
        bad.add(alert(204, "").put("message", ""));
        bad.add(alert(205, "message of 1001").put("message", "m".repeat(1_001)));
        bad.add(alert(206, "sender of 65").put("sender", "s".repeat(65)));
        bad.add(alert(207, "empty sender").put("sender", ""));
        bad.add(rooms(alert(208, "bad room name"), "room 101!"));
        bad.add(alert(209, "format 2").put("v", 2));
        for (ObjectNode n : bad) {
            school.publish(n);
        }
        ObjectNode zero = alert(0, "id 0");
        school.publish(zero, "0-1");
        school.publish(alert(211, "the good one"));
        awaitSchool(c, 211, 1);
        List<String> shownBad = new ArrayList<>();
        for (ObjectNode n : bad) {
            if (!shown(c, n.get("id").asLong()).isEmpty()) {
                shownBad.add(n.get("id").asLong() + " (" + n.get("message").asText() + ")");
            }
        }
        if (!shown(c, 0).isEmpty()) {
            shownBad.add("0 (id 0)");
        }
        assertEquals(List.of(), shownBad, "out-of-range school alerts shown");
    }

    @Test
    void aDuplicatePublishOrARepeatedRevisionIsShownOnce() throws Exception {
        TestClient c = user1();
        upstream(ROOM); // the classroom creates the streams here: its duplicate window is what counts
        Await.until(T, () -> {
            try {
                return school.streamInfo(school.alertStream()) != null;
            } catch (IOException e) {
                return false;
            }
        }, "the classroom creates " + school.alertStream());
        ObjectNode r1 = alert(5, "Fire alarm");
        PublishAck first = school.publish(r1);
        PublishAck again = school.publish(r1);
        assertFalse(first.isDuplicate());
        assertTrue(again.isDuplicate(), "§3: the same Nats-Msg-Id is stored once");
        assertEquals(first.getSeqno(), again.getSeqno());
        // Shown before the rest is published: a room that never had an alert jumps to its latest revision (§6).
        awaitSchool(c, 5, 1);

        school.publish(r1, "5-1-retyped");          // the same revision, stored a second time
        ObjectNode r2 = revise(r1, n -> n.put("message", "Fire alarm: assemble in the yard"));
        school.publish(r2);
        school.publish(r1, "5-1-late");             // an older revision after a newer one
        school.publish(r2, "5-2-again");            // the same newer revision again
        school.publish(alert(6, "marker"));
        awaitSchool(c, 6, 1);
        assertEquals(List.of(1, 2), shown(c, 5).stream().map(a -> a.school().revision()).toList(),
                "each school revision shown once, in order; has " + shown(c, 5));
        assertEquals(1, shown(c, 5).stream().map(Message.Alert::alertId).distinct().count());
    }

    @Test
    void theClassroomCreatesMissingStreamsAndItsConsumerAsDocumented() throws Exception {
        upstream(ROOM);
        StreamInfo alerts = Await.value(T, () -> info(school.alertStream()), () -> "stream " + school.alertStream());
        StreamInfo rosters = Await.value(T, () -> info(school.rosterStream()), () -> "stream " + school.rosterStream());
        for (StreamInfo si : List.of(alerts, rosters)) {
            StreamConfiguration sc = si.getConfiguration();
            assertEquals(StorageType.File, sc.getStorageType(), sc.getName());
            assertEquals(RetentionPolicy.Limits, sc.getRetentionPolicy(), sc.getName());
            assertEquals(Duration.ofDays(7), sc.getMaxAge(), sc.getName());
            assertEquals(1, sc.getReplicas(), sc.getName());
        }
        assertEquals(List.of(prefix + ".alert.>"), alerts.getConfiguration().getSubjects());
        assertEquals(List.of(prefix + ".roster.>"), rosters.getConfiguration().getSubjects());
        assertEquals(Duration.ofMinutes(10), alerts.getConfiguration().getDuplicateWindow(), "§3: 10 minutes");
        assertEquals(1, rosters.getConfiguration().getMaxMsgsPerSubject(), "§4: only the last message per subject");

        ConsumerInfo ci = Await.value(T, () -> school.consumer(ROOM), () -> "consumer room-" + ROOM);
        var cc = ci.getConsumerConfiguration();
        assertEquals("room-" + ROOM, cc.getDurable());
        assertEquals(prefix + ".alert.>", cc.getFilterSubject());
        assertEquals(DeliverPolicy.All, cc.getDeliverPolicy());
        assertEquals(AckPolicy.Explicit, cc.getAckPolicy());
        assertEquals(Duration.ofSeconds(5), cc.getAckWait());
        assertEquals(1, cc.getMaxAckPending());
    }

    private StreamInfo info(String name) {
        try {
            return school.streamInfo(name);
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void anAlertEndedBeforeTheRoomGotItIsNotShown() throws Exception {
        school.ensureStreams();
        ObjectNode cancelled = alert(31, "cancelled before the room connected");
        school.publish(cancelled);
        school.publish(revise(cancelled, n -> n.put("state", "CANCELLED")));
        ObjectNode cleared = alert(32, "all clear before the room connected");
        school.publish(cleared);
        school.publish(revise(cleared, n -> n.put("state", "ALL_CLEAR")));
        school.publish(alert(35, "marker"));

        TestClient c = user1();
        upstream(ROOM);
        awaitSchool(c, 35, 1);
        assertEquals(List.of(), shown(c, 31), "ended (cancelled) before arrival: not shown");
        assertEquals(List.of(), shown(c, 32), "ended (all clear) before arrival: not shown");
    }

    @Test
    void anEndRevisionOfAnAlertTheRoomNeverHadIsNotShown() throws Exception {
        // the narrow reading of §6's last bullet: the first message the room gets for it is an end
        school.ensureStreams();
        TestClient c = user1();
        upstream(ROOM);
        ObjectNode r1 = rooms(alert(36, "for the lab only at first"), "lab-a");
        school.publish(r1);
        school.publish(rooms(revise(r1, n -> n.put("state", "CANCELLED")), "lab-a", ROOM));
        school.publish(alert(37, "marker"));
        awaitSchool(c, 37, 1);
        assertEquals(List.of(), shown(c, 36));
    }

    @Test
    void anEndedAlertIsNotRevisedAgain() throws Exception {
        // PROTOCOL §6.7 "An ended alert is not revised again"; SCHOOL.md §6: a revision after an end is not shown
        school.ensureStreams();
        TestClient c = user1();
        upstream(ROOM);
        ObjectNode r1 = alert(38, "ends, then is revived");
        school.publish(r1);
        awaitSchool(c, 38, 1); // the room has it before the rest (a room that never had it jumps to the latest, §6)
        ObjectNode r2 = revise(r1, n -> n.put("state", "ALL_CLEAR"));
        school.publish(r2);
        awaitSchool(c, 38, 2);
        school.publish(revise(r2, n -> n.put("state", "ACTIVE").put("message", "revived")));
        school.publish(alert(39, "marker"));
        awaitSchool(c, 39, 1);
        assertEquals(List.of(1, 2), shown(c, 38).stream().map(a -> a.school().revision()).toList(),
                "nothing after the end: " + shown(c, 38));
    }

    @Test
    void anAlertExpiredBeforeTheRoomGotItIsNotShown() throws Exception {
        school.ensureStreams();
        school.publish(alert(33, "expired before the room connected").put("expires", System.currentTimeMillis() - 60_000));
        school.publish(alert(35, "marker"));
        TestClient c = user1();
        upstream(ROOM);
        awaitSchool(c, 35, 1);
        assertEquals(List.of(), shown(c, 33), "expired before arrival: not shown");
    }

    @Test
    void aRoomThatNeverHadAnAlertShowsItsLatestRevisionOnce() throws Exception {
        school.ensureStreams();
        ObjectNode updated = alert(34, "first text");
        school.publish(updated);
        school.publish(revise(updated, n -> n.put("message", "second text")));
        school.publish(alert(35, "marker"));
        TestClient c = user1();
        upstream(ROOM);
        awaitSchool(c, 35, 1);
        List<Message.Alert> s34 = shown(c, 34);
        assertEquals(1, s34.size(), "a room that never had it shows the latest revision once: " + s34);
        assertEquals(2, s34.getFirst().school().revision());
        assertEquals("second text", s34.getFirst().message());
    }

    @Test
    void everyRequiredMemberIsRequired() throws Exception {
        school.ensureStreams();
        TestClient c = user1();
        upstream(ROOM);
        List<String> members = List.of("v", "id", "revision", "school", "sender", "priority", "message", "state",
                "drill", "issued"); // rooms is optional (§3: absent, every classroom)
        long id = 300;
        List<String> published = new ArrayList<>();
        for (String m : members) {
            id++;
            ObjectNode n = alert(id, "without " + m);
            n.remove(m);
            school.publishRaw(id, JSON.writeValueAsBytes(n), id + "-1");
            published.add(id + ":" + m);
        }
        school.publish(alert(399, "marker"));
        awaitSchool(c, 399, 1);
        List<String> shownWithout = new ArrayList<>();
        for (Message.Alert a : c.alerts) {
            if (a.message().startsWith("without ")) {
                shownWithout.add(a.message());
            }
        }
        assertEquals(List.of(), shownWithout, "school alerts missing a required member were shown");
    }

    @Test
    void aMessageWhoseIdDisagreesWithItsSubjectIsSetAside() throws Exception {
        school.ensureStreams();
        TestClient c = user1();
        upstream(ROOM);
        school.publishRaw(61, JSON.writeValueAsBytes(alert(62, "id 62 on the subject of 61")), "62-1");
        school.publish(alert(63, "marker"));
        awaitSchool(c, 63, 1);
        assertEquals(List.of(), c.alerts.stream().filter(a -> a.message().startsWith("id 62")).toList(),
                "§3: a message whose id is not the one its subject names is set aside");
    }

    @Test
    void theLocalAlertCarriesTheSchoolTimesAndExpiry() throws Exception {
        school.ensureStreams();
        TestClient c = user1();
        upstream(ROOM);
        long issued = System.currentTimeMillis() - 123_457; // a recognisable past time
        long expires = System.currentTimeMillis() + 3_600_000L;
        ObjectNode r1 = alert(41, "with times").put("issued", issued).put("expires", expires);
        school.publish(r1);
        Message.Alert a = awaitSchool(c, 41, 1);
        assertNotNull(a.expires(), "expires reaches the client");
        assertEquals(expires, java.time.Instant.parse(a.expires()).toEpochMilli());
        assertEquals(issued, a.time().toEpochMilli(), "§6: the local timestamp is the school's issued");
    }

    @Test
    void theRosterIsPublishedAgainAfterAReconnect() throws Exception {
        school.ensureStreams();
        TestClient c = user1();
        upstream(ROOM);
        school.publish(alert(51, "before the outage"));
        awaitSchool(c, 51, 1);
        awaitRoster(51, "counts the delivery", n -> n.path("delivered").asInt() == 1);
        long seq = school.rosterInfo(51, ROOM).getSeq();
        // §4 "whenever they change": unchanged counts are not published again (four checks a second)
        assertFalse(Await.within(Duration.ofSeconds(1), () -> school.rosterInfo(51, ROOM).getSeq() != seq),
                "the roster was published again without a change or a reconnect");
        school.close();
        school = null;
        nats.stop(0);
        nats.restart(0);
        school = new MiniSchool(nats.url(0), prefix);
        Await.until(T, () -> {
            MessageInfo mi = school.rosterInfo(51, ROOM);
            return mi != null && mi.getSeq() > seq;
        }, () -> "§4: the roster for 51 is published again after the reconnect (seq was " + seq + ")");
        school.publish(alert(52, "after the outage"));
        awaitSchool(c, 52, 1);
    }
}
