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

    /**
     * {@link #waitFor}, with the condition evaluated on the FX thread: for state the FX thread
     * changes meanwhile (an observable list it trims), which the test thread must not read.
     */
    public static void waitForOnFx(Callable<Boolean> condition) throws TimeoutException {
        waitFor(() -> WaitForAsyncUtils.asyncFx(condition).get());
    }
}
