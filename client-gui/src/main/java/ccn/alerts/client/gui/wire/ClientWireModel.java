package ccn.alerts.client.gui.wire;

import ccn.alerts.client.AlertClient;
import ccn.alerts.client.gui.FxEventQueue;
import ccn.alerts.protocol.FrameRecord;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;
import java.util.Objects;

/**
 * The client's own wire inspector: off until switched on (capturing costs a second decode per
 * frame), then the newest {@link #MAX_FRAMES} frames this client sent and received. Properties
 * and the list belong to the FX thread; frames arrive from the engine in batches.
 */
public final class ClientWireModel {
    public static final int MAX_FRAMES = 500;

    private final ObservableList<FrameRecord> frames = FXCollections.observableArrayList();
    private final ObservableList<FrameRecord> framesView = FXCollections.unmodifiableObservableList(frames);
    private final BooleanProperty capturing = new SimpleBooleanProperty(this, "capturing", false);
    private final FxEventQueue<FrameRecord> events = new FxEventQueue<>(this::append);

    public ClientWireModel(AlertClient client) {
        Objects.requireNonNull(client, "client");
        capturing.addListener((o, was, on) -> client.setFrameTap(on ? events::post : null));
    }

    public BooleanProperty capturingProperty() {
        return capturing;
    }

    /** Oldest first. */
    public ObservableList<FrameRecord> frames() {
        return framesView;
    }

    public void clear() {
        frames.clear();
    }

    private void append(List<FrameRecord> batch) {
        if (!capturing.get()) {
            return;
        }
        int overflow = frames.size() + batch.size() - MAX_FRAMES;
        if (overflow > 0) {
            frames.remove(0, Math.min(overflow, frames.size()));
        }
        frames.addAll(batch.size() > MAX_FRAMES ? batch.subList(batch.size() - MAX_FRAMES, batch.size()) : batch);
    }
}
