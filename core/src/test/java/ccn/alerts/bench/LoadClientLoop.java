package ccn.alerts.bench;

import ccn.alerts.net.SelectorLoop;
import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.MessageCodec;

import java.time.Duration;

/**
 * The one thread that runs every {@link LoadClient} of a run: one engine {@link SelectorLoop}, the
 * transport the server runs its sessions on, here with every simulated client a
 * {@link ccn.alerts.net.Connection} on it. A thread per client cost the machine under test
 * 25–30 µs of CPU per received alert in wake-ups alone (round 2); here one {@code epoll_wait}
 * serves every client that has something to read, and the protocol runs where the bytes arrive.
 *
 * <p>Thread-safety: {@link #close} may be called from any thread; {@link #ack} runs on the loop
 * thread only (clients call it from their handlers).
 */
public final class LoadClientLoop implements AutoCloseable {
    /**
     * A client whose oldest unsent frame waits longer is cut: the server stopped reading. Far
     * above anything a live server makes an ACK wait, even with 10,000 clients on 2 cores.
     */
    static final Duration STALL_LIMIT = Duration.ofSeconds(30);

    private final SelectorLoop loop = new SelectorLoop("load-client-loop", STALL_LIMIT);
    private final boolean reads;
    private long ackId = -1;
    private byte[] ackJson;
    private byte[] readJson;

    public LoadClientLoop() {
        this(false);
    }

    /** @param reads whether each client also confirms reading each alert (READ) right after its ACK */
    public LoadClientLoop(boolean reads) {
        this.reads = reads;
    }

    boolean reads() {
        return reads;
    }

    /** The READ for {@code alertId}, encoded once with its ACK. Loop thread only. */
    byte[] read(long alertId) {
        ack(alertId);
        return readJson;
    }

    SelectorLoop selector() {
        return loop;
    }

    /**
     * The ACK for {@code alertId}, encoded once for all clients: they all acknowledge the same
     * alert one after the other. Loop thread only.
     */
    byte[] ack(long alertId) {
        if (alertId != ackId) {
            ackJson = MessageCodec.encode(new Message.Ack(alertId));
            readJson = MessageCodec.encode(new Message.Read(alertId));
            ackId = alertId;
        }
        return ackJson;
    }

    /** Cuts every client still open and ends the thread. */
    @Override
    public void close() {
        loop.close();
    }
}
