package ccn.alerts.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The frames of one {@link Connection} that the socket has not taken yet, up to a capacity, and
 * the clock of the oldest: a write is "stalled" when the frame at the head has waited too long,
 * however many single bytes the peer takes meanwhile. Not thread-safe: its connection's loop only.
 */
final class OutboundQueue {
    /** A sealed frame (or the preamble); {@code alertId} is 0 for anything but an alert. */
    record Frame(ByteBuffer bytes, long alertId, boolean last) {
    }

    /** Told of each frame the socket took whole, in order. */
    interface Written {
        void written(Frame frame) throws IOException;
    }

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final int capacity;
    private long headWaitingSinceNanos;

    OutboundQueue(int capacity) {
        this.capacity = capacity;
    }

    boolean isFull() {
        return frames.size() >= capacity;
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    void add(Frame frame) {
        if (frames.isEmpty()) {
            headWaitingSinceNanos = System.nanoTime();
        }
        frames.add(frame);
    }

    void clear() {
        frames.clear();
        headWaitingSinceNanos = 0;
    }

    /**
     * Writes frames until the socket is full, or a last frame has been written.
     *
     * @return true when nothing is left to write
     */
    boolean writeTo(SocketChannel socket, Written written) throws IOException {
        while (!frames.isEmpty()) {
            Frame head = frames.peek();
            socket.write(head.bytes());
            if (head.bytes().hasRemaining()) {
                return false;
            }
            frames.poll();
            headWaitingSinceNanos = frames.isEmpty() ? 0 : System.nanoTime(); // a new head starts waiting
            written.written(head);
            if (head.last()) {
                return true;
            }
        }
        return true;
    }

    /** How long the head frame has waited for the socket; 0 while nothing waits. */
    long headWaitingNanos(long nowNanos) {
        return headWaitingSinceNanos == 0 || frames.isEmpty() ? 0 : Math.max(0, nowNanos - headWaitingSinceNanos);
    }
}
