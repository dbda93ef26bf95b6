package ccn.alerts.server;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger: the only way to change tracker and journal, and what its futures promise. */
class DeliveryLedgerTest {
    private static final Instant T0 = Instant.now();

    @TempDir
    Path dir;
    private AlertJournal journal;
    private DeliveryLedger ledger;
    private final List<String> errors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws IOException {
        journal = AlertJournal.open(dir, tracker(), AlertJournal.DEFAULT_COMPACT_BYTES);
        ledger = new DeliveryLedger(tracker(), journal, errors::add);
    }

    @AfterEach
    void close() throws IOException {
        ledger.close();
        journal.close();
    }

    private static AckTracker tracker() {
        return new AckTracker(100, Duration.ofHours(1));
    }

    private static Message.Alert alert(long id) {
        return new Message.Alert(id, Priority.HIGH, "alert " + id, T0.toString(), Message.AlertSource.MANUAL,
                "admin", null, false);
    }

    /** What a server restarted on this data directory would know. */
    private AckTracker replayed() throws IOException {
        AckTracker fresh = tracker();
        try (AlertJournal again = AlertJournal.open(dir.resolve("copy"), fresh, AlertJournal.DEFAULT_COMPACT_BYTES)) {
            // opened only to create the directory
        }
        java.nio.file.Files.copy(journal.file(), dir.resolve("copy").resolve(AlertJournal.FILE_NAME),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        AckTracker restored = tracker();
        AlertJournal.open(dir.resolve("copy"), restored, AlertJournal.DEFAULT_COMPACT_BYTES).close();
        return restored;
    }

    @Test
    void a_broadcast_is_on_disk_when_recordBroadcast_returns() throws IOException {
        // when:
        ledger.recordBroadcast(alert(1), T0, List.of(new DeliveryLedger.Recipient("s-1", "user1")));

        // then:
        assertEquals(1, replayed().status(1).orElseThrow().deliveries().size());
    }

    @Test
    void an_ack_is_on_disk_when_its_future_completes_and_the_latency_is_that_of_the_first_ack() throws Exception {
        ledger.recordBroadcast(alert(1), T0, List.of(new DeliveryLedger.Recipient("s-1", "user1")));

        // when:
        Optional<Duration> first = ledger.acknowledge(1, "s-1", T0.plusMillis(40)).get(10, TimeUnit.SECONDS);
        Optional<Duration> again = ledger.acknowledge(1, "s-1", T0.plusMillis(90)).get(10, TimeUnit.SECONDS);

        // then:
        assertEquals(Optional.of(Duration.ofMillis(40)), first);
        assertEquals(Optional.empty(), again);
        assertEquals(1, replayed().status(1).orElseThrow().acknowledged());
    }

    @Test
    void acks_arriving_while_the_journal_thread_is_busy_share_one_write_and_one_force() throws Exception {
        List<DeliveryLedger.Recipient> to = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            to.add(new DeliveryLedger.Recipient("s-" + i, "user1"));
        }
        ledger.recordBroadcast(alert(1), T0, to);
        CountDownLatch release = holdJournalThread();
        long forcesBefore = journal.forces();

        // when:
        List<CompletableFuture<Optional<Duration>>> acks = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            acks.add(ledger.acknowledge(1, "s-" + i, T0.plusMillis(5)));
        }
        assertFalse(acks.getFirst().isDone(), "not confirmed before it is on disk");
        release.countDown();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        // then: one force for all 1,000 ACKs (the blocked round wrote nothing, so it forced nothing)
        assertEquals(1, journal.forces() - forcesBefore);
        assertEquals(1_000, replayed().status(1).orElseThrow().acknowledged());
    }

    @Test
    void a_new_session_takes_over_a_gone_sessions_pending_delivery_and_that_survives_a_restart() throws IOException {
        ledger.recordBroadcast(alert(1), T0, List.of(new DeliveryLedger.Recipient("s-1", "user1"),
                new DeliveryLedger.Recipient("s-2", "user1")));

        // when: the first window comes back as s-3 while s-2 is still gone, then s-2's as s-4
        var third = ledger.takeOver("user1", "s-3", Set.of(), T0);
        var fourth = ledger.takeOver("user1", "s-4", Set.of("s-3"), T0);
        var fifth = ledger.takeOver("user1", "s-5", Set.of("s-3", "s-4"), T0);
        ledger.flush();

        // then: each gone delivery is taken over once; a fifth window, opened while both are
        // still unconfirmed, gets it alongside them
        assertEquals(List.of("s-1"), third.stream().map(AckTracker.TakeOver::fromSession).toList());
        assertEquals(List.of("s-2"), fourth.stream().map(AckTracker.TakeOver::fromSession).toList());
        assertEquals(java.util.Arrays.asList((String) null), fifth.stream().map(AckTracker.TakeOver::fromSession).toList());
        assertEquals(List.of("s-3", "s-4", "s-5"), replayed().status(1).orElseThrow().deliveries().stream()
                .map(AckTracker.Delivery::sessionId).toList());
    }

    @Test
    void a_window_opened_after_a_live_window_confirmed_the_alert_gets_nothing_again() throws Exception {
        ledger.recordBroadcast(alert(1), T0, List.of(new DeliveryLedger.Recipient("s-1", "user1"),
                new DeliveryLedger.Recipient("s-2", "user1")));
        ledger.acknowledge(1, "s-1", T0).get(10, TimeUnit.SECONDS);

        // when: s-2 is still connected and unconfirmed, s-1 confirmed it
        var third = ledger.takeOver("user1", "s-3", Set.of("s-1", "s-2"), T0);

        // then:
        assertEquals(List.of(), third);
    }

    /** Holds the journal thread inside a task until the returned latch is counted down. */
    private CountDownLatch holdJournalThread() throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ledger.submit(j -> {
            busy.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(busy.await(10, TimeUnit.SECONDS));
        return release;
    }

    @Test
    void an_alert_not_yet_on_disk_is_not_re_sent_to_a_logging_in_session() throws Exception {
        CountDownLatch release = holdJournalThread();
        CompletableFuture<Void> broadcast = CompletableFuture.runAsync(() -> {
            try {
                ledger.recordBroadcast(alert(7), T0, List.of(new DeliveryLedger.Recipient("s-1", "alice")));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Await.until(() -> ledger.status(7).isPresent(), "the alert is in the tracker");

        // when: alice logs in again while the alert's record waits for the disk
        var early = ledger.takeOver("alice", "s-2", Set.of("s-1"), T0);
        release.countDown();
        broadcast.get(10, TimeUnit.SECONDS);
        var later = ledger.takeOver("alice", "s-3", Set.of("s-1", "s-2"), T0);

        // then: nothing before it is durable; once it is, a new session gets it alongside s-1
        assertEquals(List.of(), early);
        assertEquals(List.of(7L), later.stream().map(t -> t.alert().alertId()).toList());
    }

    @Test
    void an_ack_whose_write_fails_is_not_confirmed_and_its_delivery_is_pending_again() throws Exception {
        ledger.recordBroadcast(alert(1), T0, List.of(new DeliveryLedger.Recipient("s-1", "user1")));
        CountDownLatch release = holdJournalThread();

        // when: the round that carries the ACK (and a repeat of it) fails to write
        ledger.submit(j -> {
            throw new IOException("disk full");
        });
        CompletableFuture<Optional<Duration>> first = ledger.acknowledge(1, "s-1", T0.plusMillis(10));
        CompletableFuture<Optional<Duration>> repeat = ledger.acknowledge(1, "s-1", T0.plusMillis(20));
        release.countDown();

        // then: neither is confirmed, and a new session of the user is sent the alert again
        assertTrue(assertThrowsCause(first).contains("disk full"));
        assertTrue(assertThrowsCause(repeat).contains("disk full"));
        assertEquals(0, ledger.status(1).orElseThrow().acknowledged());
        assertEquals(List.of("s-1"), ledger.takeOver("user1", "s-2", Set.of(), T0).stream()
                .map(AckTracker.TakeOver::fromSession).toList());
        assertFalse(errors.isEmpty(), "the failure is reported");
    }

    @Test
    void a_repeated_read_written_while_the_first_fails_is_not_confirmed_either() throws Exception {
        ledger.recordBroadcast(alert(1), T0, List.of(new DeliveryLedger.Recipient("s-1", "user1")));
        CountDownLatch roundStarted = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        CountDownLatch release = holdJournalThread();
        CompletableFuture<Boolean> first = ledger.read(1, "user1", "s-1", T0.plusMillis(10));
        ledger.submit(j -> { // in the first read's round: it fails once the repeat is queued behind it
            roundStarted.countDown();
            try {
                fail.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("disk full");
        });
        release.countDown();
        assertTrue(roundStarted.await(10, TimeUnit.SECONDS));

        // when: the same user confirms again from another window, in the next round
        CompletableFuture<Boolean> repeat = ledger.read(1, "user1", "s-2", T0.plusMillis(20));
        fail.countDown();

        // then: neither is answered, and the read is not kept (the client sends it again later)
        assertTrue(assertThrowsCause(first).contains("disk full"));
        assertTrue(assertThrowsCause(repeat).contains("disk full"), "a repeat must not confirm what the first did not save");
        assertFalse(ledger.tracker().hasRead(1, "user1"));
    }

    private static String assertThrowsCause(CompletableFuture<?> future) {
        var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                () -> future.get(10, TimeUnit.SECONDS));
        return String.valueOf(e.getCause().getMessage());
    }
}
