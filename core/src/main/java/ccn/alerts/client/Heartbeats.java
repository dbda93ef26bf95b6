package ccn.alerts.client;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.SecureChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heartbeats of one logged-in connection: a sender that writes a HEARTBEAT every interval, the
 * round trip of each HEARTBEAT_OK, and a watchdog that closes the connection when no frame has
 * arrived for three intervals.
 *
 * <p>Thread-safety: thread-safe. {@link #start} and {@link #stop} are called by the connection
 * thread; {@link #received()} and {@link #answered} by the reader; the sender and the watchdog run
 * on their own virtual threads until {@link #stop}.
 */
final class Heartbeats {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeats.class);

    private final Duration interval;
    private final long silenceLimitNanos;
    private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong nextSeq = new AtomicLong();
    private final CountDownLatch over = new CountDownLatch(1);
    /** When the reader last got a frame. */
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile boolean serverSilent;

    Heartbeats(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive: " + interval);
        }
        this.interval = interval;
        this.silenceLimitNanos = interval.multipliedBy(3).toNanos();
    }

    /** The read timeout that matches the watchdog: three intervals. */
    Duration silenceLimit() {
        return interval.multipliedBy(3);
    }

    /** Starts the sender and the watchdog on {@code ch}; they end at {@link #stop()}. */
    void start(SecureChannel ch) {
        lastReceivedNanos = System.nanoTime();
        Thread.ofVirtual().name("ccn-client-heartbeat").start(() -> send(ch));
        Thread.ofVirtual().name("ccn-client-watchdog").start(() -> watch(ch));
    }

    /** The connection is over: stops the sender and the watchdog. Idempotent. */
    void stop() {
        over.countDown();
    }

    /** The reader got a frame. */
    void received() {
        lastReceivedNanos = System.nanoTime();
    }

    /** Whether the watchdog closed the connection because the server went silent. */
    boolean serverSilent() {
        return serverSilent;
    }

    /** Records a HEARTBEAT about to be sent and returns its sequence number. */
    long nextBeat() {
        long seq = nextSeq.getAndIncrement();
        inFlight.put(seq, System.nanoTime());
        return seq;
    }

    /** The round trip of the HEARTBEAT answered by this HEARTBEAT_OK; empty for a sequence not in flight. */
    Optional<Duration> answered(long seq) {
        Long sent = inFlight.remove(seq);
        return sent == null ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - sent));
    }

    /** Whether no frame has arrived for three intervals before {@code nowNanos}. */
    boolean overdue(long nowNanos) {
        return nowNanos - lastReceivedNanos > silenceLimitNanos;
    }

    private void send(SecureChannel ch) {
        try {
            while (!over.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                ch.send(new Message.Heartbeat(nextBeat()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The reader notices the broken connection and handles it.
            LOG.debug("heartbeat not sent", e);
        }
    }

    /**
     * Closes the connection when no frame has arrived for three heartbeat intervals. The read
     * timeout covers a silent server while the reader is reading; this covers the reader stuck in
     * a write (an ACK to a server that stopped reading), where no read timeout can fire.
     */
    private void watch(SecureChannel ch) {
        try {
            while (!over.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                if (overdue(System.nanoTime())) {
                    serverSilent = true;
                    ClientConnection.closeQuietly(ch);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
