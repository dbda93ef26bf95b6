package ccn.alerts.client.gui.wire;

import ccn.alerts.client.AlertClient;
import ccn.alerts.client.gui.FxEventQueue;
import ccn.alerts.protocol.Direction;
import ccn.alerts.protocol.FrameRecord;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client's own wire inspector: off until switched on, then the newest {@link #MAX_FRAMES}
 * frames this client sent and received.
 *
 * <p>The panel can only be switched on after the login, when the handshake is over; so the frame
 * tap is installed for the session's whole life and keeps the latest connection's handshake
 * frames (two or three records), which head the list once the panel is switched on. While the
 * panel is off every other record is dropped at once. That costs the engine one record per frame
 * (a copy of 32 bytes and, for a sent frame, a second decode of its JSON: microseconds, at the few
 * frames a minute a student's client exchanges), which buys a handshake the class can see.
 *
 * <p>Properties and the list belong to the FX thread; frames arrive from the engine in batches.
 */
public final class ClientWireModel {
    public static final int MAX_FRAMES = 500;

    private final ObservableList<FrameRecord> frames = FXCollections.observableArrayList();
    private final ObservableList<FrameRecord> framesView = FXCollections.unmodifiableObservableList(frames);
    private final BooleanProperty capturing = new SimpleBooleanProperty(this, "capturing", false);
    private final FxEventQueue<FrameRecord> events = new FxEventQueue<>(this::append);
    /** The latest connection's handshake frames, oldest first; written on the engine's threads. */
    private final AtomicReference<List<FrameRecord>> lastHandshake = new AtomicReference<>(List.of());
    /** {@link #capturing} for the engine's threads. */
    private volatile boolean showing;

    public ClientWireModel(AlertClient client) {
        Objects.requireNonNull(client, "client");
        client.setFrameTap(this::tapped);
        capturing.addListener((o, was, on) -> {
            showing = on;
            if (on) {
                addHandshake();
            }
        });
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

    /** On the engine's threads: must be quick. */
    private void tapped(FrameRecord r) {
        if (r.handshake()) {
            // The client's INIT opens every handshake: it starts the list anew.
            lastHandshake.updateAndGet(kept -> {
                if (r.direction() == Direction.CLIENT_TO_SERVER) {
                    return List.of(r);
                }
                List<FrameRecord> more = new ArrayList<>(kept);
                more.add(r);
                return List.copyOf(more);
            });
        }
        if (showing) {
            events.post(r);
        }
    }

    /** Switched on: the handshake of the connection the frames that follow belong to, unless shown already. */
    private void addHandshake() {
        FrameRecord last = frames.isEmpty() ? null : frames.getLast();
        List<FrameRecord> add = new ArrayList<>();
        for (FrameRecord r : lastHandshake.get()) {
            if (!frames.contains(r) && (last == null || r.time().isAfter(last.time()))) {
                add.add(r);
            }
        }
        addAll(add);
    }

    private void append(List<FrameRecord> batch) {
        if (!capturing.get()) {
            return;
        }
        List<FrameRecord> add = new ArrayList<>(batch.size());
        for (FrameRecord r : batch.size() > MAX_FRAMES ? batch.subList(batch.size() - MAX_FRAMES, batch.size()) : batch) {
            // A handshake tapped while the panel was being switched on was added by addHandshake already.
            if (!r.handshake() || !frames.contains(r)) {
                add.add(r);
            }
        }
        addAll(add);
    }

    /** One change for the list's listeners, the oldest frames let go first. */
    private void addAll(List<FrameRecord> add) {
        int overflow = frames.size() + add.size() - MAX_FRAMES;
        if (overflow > 0) {
            frames.remove(0, Math.min(overflow, frames.size()));
        }
        frames.addAll(add);
    }
}
