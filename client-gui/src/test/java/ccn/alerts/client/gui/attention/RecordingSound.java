package ccn.alerts.client.gui.attention;

import ccn.alerts.protocol.Priority;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sound that only writes down each ring. Thread-safe. */
public final class RecordingSound implements AlertSound {
    private final List<Priority> rings = new CopyOnWriteArrayList<>();

    @Override
    public void ring(Priority priority) {
        rings.add(priority);
    }

    public List<Priority> rings() {
        return List.copyOf(rings);
    }

    public int count() {
        return rings.size();
    }
}
