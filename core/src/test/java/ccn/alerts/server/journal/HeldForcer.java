package ccn.alerts.server.journal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Forces for real, but holds the first force until released, so a test can act while it runs. */
final class HeldForcer implements JournalFile.Forcer {
    final CountDownLatch firstForceStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void force(FileChannel channel) throws IOException {
        if (calls.incrementAndGet() == 1) {
            firstForceStarted.countDown();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("the test never released the first force");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
        }
        channel.force(false);
    }

    void awaitFirstForce() throws InterruptedException {
        if (!firstForceStarted.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no force started");
        }
    }
}
