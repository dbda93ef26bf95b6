package ccn.alerts.client.gui.attention;

import ccn.alerts.protocol.Priority;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A notifier that only writes down each notification. Thread-safe. */
public final class RecordingNotifier implements DesktopNotifier {
    public record Shown(String title, String text, Priority priority) {
    }

    private final List<Shown> shown = new CopyOnWriteArrayList<>();

    @Override
    public void show(String title, String text, Priority priority) {
        shown.add(new Shown(title, text, priority));
    }

    public List<Shown> shown() {
        return List.copyOf(shown);
    }
}
