package ccn.alerts.server.gui.wire;

import ccn.alerts.protocol.FrameRecord;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ServerListener;
import ccn.alerts.server.gui.CommandRunner;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the wire inspector and the protocol timeline show: frames captured by the engine, handed
 * over through a queue and drained by the console's refresh pulse, bounded in total and per session.
 * Capture is off until switched on; pausing freezes the display while capture goes on.
 *
 * <p>Thread-safety: FX thread only, except the engine listener, which only queues.
 */
public final class WireModel {
    public static final int MAX_FRAMES = 2_000;
    public static final int MAX_FRAMES_PER_SESSION = 500;
    public static final int MAX_SESSIONS = 50;

    private final AlertServer server;
    private final CommandRunner commands;
    private final ConcurrentLinkedQueue<CapturedFrame> pending = new ConcurrentLinkedQueue<>();
    private final ReadOnlyBooleanWrapper capturing = new ReadOnlyBooleanWrapper();
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    private final ObservableList<CapturedFrame> frames = FXCollections.observableArrayList();
    private final ObservableList<CapturedFrame> framesView = FXCollections.unmodifiableObservableList(frames);
    private final ObservableList<String> sessions = FXCollections.observableArrayList();
    private final ObservableList<String> sessionsView = FXCollections.unmodifiableObservableList(sessions);
    private final Map<String, List<CapturedFrame>> bySession = new LinkedHashMap<>();
    private final Map<String, String> peers = new LinkedHashMap<>();
    private long version;

    public WireModel(AlertServer server, CommandRunner commands) {
        this.server = Objects.requireNonNull(server, "server");
        this.commands = Objects.requireNonNull(commands, "commands");
        capturing.set(server.wireCapture());
        server.addListener(new ServerListener() {
            @Override
            public void frameCaptured(String sessionId, String peer, FrameRecord frame) {
                pending.add(new CapturedFrame(sessionId, peer, frame));
            }
        });
    }

    /** Switches capture on or off in the engine, on the settings thread (it writes the log). */
    public void setCapturing(boolean on) {
        capturing.set(on);
        // In order with other settings: quick on/off clicks must end in the state the button shows.
        commands.runInOrder(() -> {
            server.setWireCapture(on);
            return null;
        }, "Wire capture not changed");
    }

    public ReadOnlyBooleanProperty capturingProperty() {
        return capturing.getReadOnlyProperty();
    }

    /** While paused the lists stand still; frames arriving meanwhile are dropped, not queued up. */
    public BooleanProperty pausedProperty() {
        return paused;
    }

    public ObservableList<CapturedFrame> frames() {
        return framesView;
    }

    /** Session ids seen, oldest first, for the timeline's list. */
    public ObservableList<String> sessions() {
        return sessionsView;
    }

    /** The peer label last seen for a session, e.g. {@code admin (/127.0.0.1:54321)}. */
    public String peer(String sessionId) {
        return peers.getOrDefault(sessionId, sessionId);
    }

    /** A session's frames, oldest first (at most {@link #MAX_FRAMES_PER_SESSION}, the newest). */
    public List<CapturedFrame> framesOf(String sessionId) {
        return List.copyOf(bySession.getOrDefault(sessionId, List.of()));
    }

    /** Grows whenever new frames arrive: views compare it to know when to redraw. */
    public long version() {
        return version;
    }

    public void clear() {
        frames.clear();
        bySession.clear();
        peers.clear();
        sessions.clear();
        version++;
    }

    /** Moves queued frames into the lists; the console's refresh pulse calls it. */
    public void drain() {
        List<CapturedFrame> batch = new ArrayList<>();
        for (CapturedFrame f; (f = pending.poll()) != null; ) {
            batch.add(f);
        }
        if (batch.isEmpty() || paused.get() || !capturing.get()) {
            return;
        }
        for (CapturedFrame f : batch) {
            List<CapturedFrame> list = bySession.get(f.sessionId());
            if (list == null) {
                if (bySession.size() >= MAX_SESSIONS) {
                    String oldest = bySession.keySet().iterator().next();
                    bySession.remove(oldest);
                    peers.remove(oldest);
                    sessions.remove(oldest);
                }
                list = new ArrayList<>();
                bySession.put(f.sessionId(), list);
                sessions.add(f.sessionId());
            }
            list.add(f);
            if (list.size() > MAX_FRAMES_PER_SESSION) {
                list.remove(0);
            }
            peers.put(f.sessionId(), f.peer());
        }
        List<CapturedFrame> keep = batch.size() > MAX_FRAMES ? batch.subList(batch.size() - MAX_FRAMES, batch.size()) : batch;
        int overflow = frames.size() + keep.size() - MAX_FRAMES;
        if (overflow > 0) {
            frames.remove(0, Math.min(overflow, frames.size()));
        }
        frames.addAll(keep);
        version++;
    }

}
