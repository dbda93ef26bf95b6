package ccn.alerts.server.gui;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's command runner on its own: threads, busy, and failures as sentences. */
@ExtendWith(ApplicationExtension.class)
class CommandRunnerTest {
    private final AtomicInteger refreshes = new AtomicInteger();
    private final CommandRunner commands = new CommandRunner(refreshes::incrementAndGet);

    @AfterEach
    void tearDown() {
        commands.shutdown();
    }

    @Test
    void busy_lastsUntilTheLastOfOverlappingCommandsEnds(FxRobot robot) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        robot.interact(() -> {
            commands.run(() -> {
                release.await();
                return null;
            }, "Slow");
            commands.run(() -> null, "Quick");
        });

        // when: the quick one has finished and refreshed
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> refreshes.get() == 1);
        WaitForAsyncUtils.waitForFxEvents();

        // then:
        assertTrue(commands.busyProperty().get(), "the slow command still runs");
        release.countDown();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> refreshes.get() == 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(commands.busyProperty().get());
    }

    @Test
    void commands_runOffTheFxThreadOnNamedDaemonThreads_settingsOnOne(FxRobot robot) throws Exception {
        AtomicReference<Thread> action = new AtomicReference<>();
        AtomicReference<Thread> setting = new AtomicReference<>();

        // when:
        robot.interact(() -> {
            commands.run(() -> action.getAndSet(Thread.currentThread()), "Action");
            commands.runInOrder(() -> setting.getAndSet(Thread.currentThread()), "Setting");
        });

        // then:
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> action.get() != null && setting.get() != null);
        assertTrue(action.get().getName().startsWith("ccn-console-io-"), action.get().getName());
        assertEquals("ccn-console-settings", setting.get().getName());
        assertTrue(action.get().isDaemon() && setting.get().isDaemon());
    }

    @Test
    void failure_becomesOneSentence_withoutExceptionNames(FxRobot robot) throws Exception {
        // when:
        robot.interact(() -> commands.run(() -> {
            throw new IOException("port 8888 on 127.0.0.1 is already in use");
        }, "Cannot start"));

        // then:
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !commands.problemProperty().get().isEmpty());
        assertEquals("Cannot start: port 8888 on 127.0.0.1 is already in use", commands.problemProperty().get());
    }

    @Test
    void failureWithoutAMessage_isNamedPlainly(FxRobot robot) throws Exception {
        // when:
        robot.interact(() -> commands.run(() -> {
            throw new NullPointerException();
        }, "Not sent"));

        // then:
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !commands.problemProperty().get().isEmpty());
        assertEquals("Not sent: unexpected NullPointerException", commands.problemProperty().get());
    }
}
