package ccn.alerts.server.gui.wire;

import ccn.alerts.protocol.FrameRecord;
import ccn.alerts.server.AlertServer;
import ccn.alerts.server.ClientInfo;
import ccn.alerts.server.ServerListener;
import ccn.alerts.server.gui.CommandRunner;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the wire inspector and the protocol timeline show: frames captured by the engine, handed
 * over through a queue and drained by the console's refresh pulse.
 *
 * <p>The engine's frame tap is on for as long as the console runs, so the Timeline has every
 * session's exchange from its first frame without anyone pressing "Start capture"; that button
 * only decides whether frames also fill the inspector's table. Memory stays bounded: at most
 * {@link #MAX_SESSIONS} sessions (closed ones go first), each keeping its first
 * {@link #HEAD_FRAMES} frames (the login exchange) and its newest ones up to
 * {@link #MAX_FRAMES_PER_SESSION}, with a marker where frames were let go; the table keeps
 * {@link #MAX_FRAMES}. Pausing freezes both; the timeline shows "N frames while paused" where the
 * gap is.
 *
 * <p>Thread-safety: FX thread only, except the engine listener, which only queues.
 */
public final class WireModel {
    public static final int MAX_FRAMES = 2_000;
    public static final int MAX_FRAMES_PER_SESSION = 500;
    public static final int HEAD_FRAMES = 12;
    public static final int MAX_SESSIONS = 50;

    private final CommandRunner commands;
    private final AlertServer server;
    private final ConcurrentLinkedQueue<CapturedFrame> pending = new ConcurrentLinkedQueue<>();
    private final ReadOnlyBooleanWrapper capturing = new ReadOnlyBooleanWrapper();
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    private final ObservableList<CapturedFrame> frames = FXCollections.observableArrayList();
    private final ObservableList<CapturedFrame> framesView = FXCollections.unmodifiableObservableList(frames);
    private final ObservableList<String> sessions = FXCollections.observableArrayList();
    private final ObservableList<String> sessionsView = FXCollections.unmodifiableObservableList(sessions);
    private final Map<String, SessionTimeline> bySession = new LinkedHashMap<>();
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper();
    private Set<String> live = Set.of();

    public WireModel(AlertServer server, CommandRunner commands) {
        this.server = Objects.requireNonNull(server, "server");
        this.commands = Objects.requireNonNull(commands, "commands");
        server.addListener(new ServerListener() {
            @Override
            public void frameCaptured(String sessionId, String peer, FrameRecord frame) {
                pending.add(new CapturedFrame(sessionId, peer, frame));
            }
        });
        // On the settings thread, like every engine setting (it writes the log).
        commands.runInOrder(() -> {
            server.setWireCapture(true);
            return null;
        }, "Wire capture not started");
        paused.addListener((o, was, now) -> {
            if (!now) {
                markPausedGaps();
            }
        });
    }

    /** Shows frames in the inspector's table, or stops (the timeline records either way). */
    public void setCapturing(boolean on) {
        capturing.set(on);
    }

    public ReadOnlyBooleanProperty capturingProperty() {
        return capturing.getReadOnlyProperty();
    }

    /** While paused the lists stand still; frames arriving meanwhile are counted and dropped, not queued up. */
    public BooleanProperty pausedProperty() {
        return paused;
    }

    /** The inspector's table: frames since "Start capture", newest last. */
    public ObservableList<CapturedFrame> frames() {
        return framesView;
    }

    /** Session ids seen, oldest first, for the timeline's list. */
    public ObservableList<String> sessions() {
        return sessionsView;
    }

    /** How to name a session: its user, as {@link ClientInfo#label()} does, e.g. {@code admin (/127.0.0.1:54321)}. */
    public ReadOnlyStringProperty labelOf(String sessionId) {
        SessionTimeline s = bySession.get(sessionId);
        return s == null ? new ReadOnlyStringWrapper(sessionId).getReadOnlyProperty() : s.label.getReadOnlyProperty();
    }

    /** The label as text, for titles and exports. */
    public String peer(String sessionId) {
        return labelOf(sessionId).get();
    }

    /** A session's timeline, oldest first: frames, and gaps where frames were not kept. */
    public List<TimelineItem> itemsOf(String sessionId) {
        SessionTimeline s = bySession.get(sessionId);
        return s == null ? List.of() : List.copyOf(s.items);
    }

    /** Grows whenever a timeline or the table changes: views listen to redraw. */
    public ReadOnlyLongProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    public long version() {
        return version.get();
    }

    public void clear() {
        frames.clear();
        bySession.clear();
        sessions.clear();
        version.set(version.get() + 1);
    }

    /** Names sessions after their users and tells open sessions from closed ones; the refresh pulse calls it. */
    public void sessionsNow(List<ClientInfo> clients) {
        Set<String> open = new HashSet<>();
        for (ClientInfo c : clients) {
            open.add(c.sessionId());
            SessionTimeline s = bySession.get(c.sessionId());
            if (s != null) {
                s.label.set(c.label());
            }
        }
        live = open;
    }

    /** Moves queued frames into the lists; the console's refresh pulse calls it. */
    public void drain() {
        List<CapturedFrame> batch = new ArrayList<>();
        for (CapturedFrame f; (f = pending.poll()) != null; ) {
            batch.add(f);
        }
        if (batch.isEmpty()) {
            return;
        }
        boolean changed = false;
        for (CapturedFrame f : batch) {
            SessionTimeline s = timelineOf(f);
            if (s == null) {
                continue; // more open sessions than we keep: the newest wait for a place
            }
            if (paused.get()) {
                s.droppedWhilePaused++;
            } else {
                s.add(f);
                changed = true;
            }
        }
        if (capturing.get() && !paused.get()) {
            List<CapturedFrame> keep = batch.size() > MAX_FRAMES ? batch.subList(batch.size() - MAX_FRAMES, batch.size()) : batch;
            int overflow = frames.size() + keep.size() - MAX_FRAMES;
            if (overflow > 0) {
                frames.remove(0, Math.min(overflow, frames.size()));
            }
            frames.addAll(keep);
            changed = true;
        }
        if (changed) {
            version.set(version.get() + 1);
        }
    }

    private SessionTimeline timelineOf(CapturedFrame f) {
        SessionTimeline s = bySession.get(f.sessionId());
        if (s != null) {
            if (!f.peer().startsWith("/")) {
                s.label.set(f.peer()); // logged in since: the frame's label names the user
            }
            return s;
        }
        if (bySession.size() >= MAX_SESSIONS) {
            String closed = bySession.keySet().stream().filter(id -> !live.contains(id)).findFirst().orElse(null);
            if (closed == null) {
                return null;
            }
            bySession.remove(closed);
            sessions.remove(closed);
        }
        s = new SessionTimeline(f.peer());
        bySession.put(f.sessionId(), s);
        sessions.add(f.sessionId());
        return s;
    }

    private void markPausedGaps() {
        boolean changed = false;
        for (SessionTimeline s : bySession.values()) {
            if (s.droppedWhilePaused > 0) {
                s.items.add(TimelineItem.Gap.paused(s.droppedWhilePaused));
                s.droppedWhilePaused = 0;
                changed = true;
            }
        }
        if (changed) {
            version.set(version.get() + 1);
        }
    }

    /** One session's kept items: the head, a trimmed-gap marker once frames were let go, the newest. */
    private static final class SessionTimeline {
        final ReadOnlyStringWrapper label;
        final List<TimelineItem> items = new ArrayList<>();
        int frameItems;
        int trimmed;
        int droppedWhilePaused;

        SessionTimeline(String label) {
            this.label = new ReadOnlyStringWrapper(label);
        }

        void add(CapturedFrame f) {
            items.add(f);
            frameItems++;
            if (frameItems <= MAX_FRAMES_PER_SESSION) {
                return;
            }
            // Keep the login exchange at the head; let the oldest frame after it go.
            if (trimmed == 0) {
                items.add(HEAD_FRAMES, TimelineItem.Gap.trimmed(0));
            }
            int first = HEAD_FRAMES + 1;
            while (first < items.size() && !(items.get(first) instanceof CapturedFrame)) {
                first++; // a paused gap next to the trimmed marker goes with the frames around it
            }
            items.remove(first);
            frameItems--;
            trimmed++;
            items.set(HEAD_FRAMES, TimelineItem.Gap.trimmed(trimmed));
        }
    }
}
