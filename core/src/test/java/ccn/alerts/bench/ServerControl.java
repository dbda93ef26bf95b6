package ccn.alerts.bench;

import ccn.alerts.crypto.SharedKey;

import java.io.IOException;
import java.time.Duration;

/**
 * The load generator's handle on the server under test: the same in this JVM
 * ({@link BenchServer}) or in a separate one ({@link ServerProcess}).
 */
interface ServerControl extends AutoCloseable {

    /** One broadcast: when it started, when the last expected ACK arrived, how many ACKs came. */
    record FanOut(long alertId, long startNanos, long lastAckNanos, int acks, int expected) {
        long nanos() {
            return lastAckNanos - startNanos;
        }

        boolean complete() {
            return acks >= expected;
        }
    }

    /**
     * The server JVM's resources at one moment.
     *
     * @param cpuNanos     process CPU time (user + system) since the JVM started
     * @param heapAfterGc  heap in use right after a full GC, bytes
     * @param threads      live platform threads (virtual threads are not counted by the JVM)
     * @param peakThreads  most live platform threads at any moment since the JVM started
     * @param sessions     open connections
     * @param clients      authenticated sessions
     * @param heartbeats   HEARTBEATs received since the server started
     */
    record Metrics(long cpuNanos, long heapAfterGc, int threads, int peakThreads, int sessions, int clients,
                   long heartbeats) {
    }

    int port();

    SharedKey key();

    /** Broadcasts one alert and waits until {@code expectedAcks} sessions acknowledged it, or the timeout. */
    FanOut broadcast(int expectedAcks, Duration timeout) throws IOException;

    /** Measures; runs a full GC first, so do not call it inside a timed section. */
    Metrics metrics() throws IOException;

    /** Stops the server (and its JVM, if separate). */
    @Override
    void close();
}
