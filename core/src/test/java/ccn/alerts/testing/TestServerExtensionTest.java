package ccn.alerts.testing;

import ccn.alerts.client.ClientState;
import ccn.alerts.protocol.Priority;
import ccn.alerts.server.ServerState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The extension driven by hand, so its clean-up can be watched (and made to fail) from outside. */
class TestServerExtensionTest {
    /** The one thing the extension asks of its context: the test's name, for the failure message. */
    private static final ExtensionContext CONTEXT = (ExtensionContext) Proxy.newProxyInstance(
            ExtensionContext.class.getClassLoader(), new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("getDisplayName")) {
                    return "aTest()";
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private TestServerExtension ext;

    @AfterEach
    void cleanUpWhatAFailedAssertionLeft() {
        if (ext != null) {
            ext.afterEach(CONTEXT); // a second clean-up does nothing, so a passing test is not affected
        }
    }

    @Test
    void afterEach_closesWhatItOwnsAndTheServerWithItsClients_andDeletesTheDirectory() throws IOException {
        ext = TestServerExtension.withDefaults();
        TestServer ts = ext.start();
        TestClient admin = ts.connected("admin", "admin123");
        AtomicBoolean ownedClosed = new AtomicBoolean();
        ext.own(() -> ownedClosed.set(true));
        Path dir = ext.dir();

        // when:
        ext.afterEach(CONTEXT);

        // then:
        assertTrue(ownedClosed.get());
        assertTrue(ts.isClosed());
        assertEquals(ServerState.STOPPED, ts.server().state());
        assertEquals(ClientState.DISCONNECTED, admin.state(), "the client the server handed out is closed first: " + admin.states());
        assertFalse(Files.exists(dir), dir + " is deleted");
    }

    @Test
    void restart_startsAnotherServerOnTheSameDirectory_whichReplaysTheJournal() throws IOException {
        ext = TestServerExtension.withDefaults();
        TestServer first = ext.start();
        long id = first.server().broadcastManualAlert(Priority.HIGH, "kept across the restart", "admin").alertId();

        // when:
        TestServer second = ext.restart();

        // then:
        assertTrue(first.isClosed());
        assertEquals(first.dataDir(), second.dataDir());
        assertEquals(id, second.server().recentAlerts().getFirst().alert().alertId());
    }

    @Test
    void theClassConfigurationAppliesToEveryStart_andATestsTweakComesOnTop() throws IOException {
        ext = TestServerExtension.withConfig(c -> c.withLoginTimeout(Duration.ofSeconds(7)).withMaxConnections(5));

        // when:
        TestServer ts = ext.start(c -> c.withMaxConnections(3));

        // then:
        assertEquals(Duration.ofSeconds(7), ts.server().config().loginTimeout());
        assertEquals(3, ts.server().config().maxConnections());
        assertEquals(0, ext.config().port(), "port 0: the system picks a free one");
        assertEquals(ext.dir(), ts.dataDir());
    }

    @Test
    void aSecondStartWhileAServerRuns_isRefused_butGetReturnsTheRunningOne() throws IOException {
        ext = TestServerExtension.withDefaults();
        TestServer ts = ext.start();

        // when:
        IllegalStateException refused = assertThrows(IllegalStateException.class, ext::start);

        // then:
        assertTrue(refused.getMessage().contains("already running"), refused.getMessage());
        assertSame(ts, ext.get());
    }

    @Test
    void get_startsAServerOnFirstUse_andAnotherOnceTheTestClosedIt() throws IOException {
        ext = TestServerExtension.withDefaults();

        // when:
        TestServer first = ext.get();
        first.close();
        TestServer second = ext.get();

        // then:
        assertFalse(second.isClosed());
        assertNotEquals(first, second);
    }

    @Test
    void aResourceThatFailsToClose_failsTheTestNamingIt_andTheServerIsClosedAnyway() throws IOException {
        ext = TestServerExtension.withDefaults();
        TestServer ts = ext.start();
        Path dir = ext.dir();
        ext.own(new AutoCloseable() {
            @Override
            public void close() throws IOException {
                throw new IOException("disk on fire");
            }

            @Override
            public String toString() {
                return "the flaky resource";
            }
        });

        // when:
        AssertionError failure = assertThrows(AssertionError.class, () -> ext.afterEach(CONTEXT));

        // then:
        assertTrue(failure.getMessage().startsWith("after aTest(): closing the flaky resource"), failure.getMessage());
        assertTrue(failure.getMessage().contains("disk on fire"), failure.getMessage());
        assertTrue(ts.isClosed());
        assertFalse(Files.exists(dir));
    }
}
