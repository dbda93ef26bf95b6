package ccn.alerts.server.gui;

import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one wait of the console's GUI tests: TestFX polls the condition on the test thread until it
 * holds. One bound for all of them, set by the slowest (the classroom test, three windows at once
 * on a shared two-core machine); a passing wait returns as soon as its condition holds.
 */
public final class ConsoleWait {
    public static final int SECONDS = 20;

    private ConsoleWait() {
    }

    public static void waitFor(Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(SECONDS, TimeUnit.SECONDS, condition);
    }
}
