package ccn.alerts.server;

import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Listeners run on one named thread, in event order, and may call back into the server at any time. */
class ListenerDispatchTest {
    @TempDir
    Path dir;
    private AlertServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_listener_that_calls_back_into_the_server_from_another_thread_during_start_and_stop_does_not_deadlock()
            throws Exception {
        server = new AlertServer(TestServer.config(dir));
        List<String> calledBack = new CopyOnWriteArrayList<>();
        server.addListener(new ServerListener() {
            @Override
            public void stateChanged(ServerState state) {
                // The listener waits for another thread that calls the server: under an engine lock
                // held by start() or stop() that thread would wait for ever.
                Thread other = Thread.ofPlatform().start(() -> {
                    server.setAutoAlerts(false);
                    server.setAlertInterval(java.time.Duration.ofSeconds(5));
                    server.clients();
                    server.stats();
                    server.recentAlerts();
                    server.kick("s-404");
                    calledBack.add(state.name());
                });
                try {
                    other.join(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });

        // when:
        Thread lifeCycle = Thread.ofPlatform().start(() -> {
            try {
                server.start();
                server.broadcastManualAlert(Priority.LOW, "while listeners call back", "admin");
                server.stop();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        lifeCycle.join(TimeUnit.SECONDS.toMillis(20));

        // then:
        assertTrue(!lifeCycle.isAlive(), "start, broadcast and stop finished");
        Await.until(() -> calledBack.size() == 4, "every state change was called back: " + calledBack);
        assertEquals(List.of("STARTING", "RUNNING", "STOPPING", "STOPPED"), calledBack);
    }

    @Test
    void listeners_run_on_the_dispatch_thread_in_event_order() throws IOException {
        server = new AlertServer(TestServer.config(dir));
        List<String> seen = new CopyOnWriteArrayList<>();
        server.addListener(new ServerListener() {
            @Override
            public void stateChanged(ServerState state) {
                seen.add(Thread.currentThread().getName() + ":" + state);
            }

            @Override
            public void alertCreated(ccn.alerts.protocol.Message.Alert alert) {
                seen.add(Thread.currentThread().getName() + ":alert " + alert.message());
            }
        });

        // when:
        server.start();
        server.broadcastManualAlert(Priority.LOW, "one", "admin");
        server.broadcastManualAlert(Priority.LOW, "two", "admin");
        server.stop();

        // then:
        Await.until(() -> seen.size() == 6, "six events: " + seen);
        assertEquals(List.of("ccn-listeners:STARTING", "ccn-listeners:RUNNING", "ccn-listeners:alert one",
                "ccn-listeners:alert two", "ccn-listeners:STOPPING", "ccn-listeners:STOPPED"), seen);
    }

    @Test
    void awaitListeners_returns_once_the_events_that_happened_before_it_were_delivered() throws IOException {
        server = new AlertServer(TestServer.config(dir));
        List<String> seen = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);
        server.addListener(new ServerListener() {
            @Override
            public void alertCreated(ccn.alerts.protocol.Message.Alert alert) {
                try {
                    slow.await(50, TimeUnit.MILLISECONDS); // a listener that takes its time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.add(alert.message());
            }
        });
        server.start();

        // when:
        server.broadcastManualAlert(Priority.LOW, "seen before the wait ends", "admin");
        boolean delivered = server.awaitListeners(java.time.Duration.ofSeconds(10));

        // then:
        assertTrue(delivered);
        assertEquals(List.of("seen before the wait ends"), seen);
    }
}
