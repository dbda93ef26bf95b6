package ccn.alerts.server.gui.demo;

import javafx.geometry.Rectangle2D;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where the classroom demo puts its windows. The console takes the full height (its ACK list, the
 * wire frame's detail and the key panel need about 750 px, which half a laptop screen does not
 * have) and the clients share a column on its right, one above the other, as many as get a readable
 * height each: three at 1920×1080 (640×360 each beside a 1280-wide console), two at 1280×800
 * (427×400 beside an 853-wide console, which then lays its side panels out below its tabs).
 * Pure arithmetic, any thread.
 */
public final class DemoTiling {
    /** The console's comfortable width; wider screens give the rest to the clients. */
    static final double CONSOLE_WIDTH = 1280;
    /** The narrowest client column: a third of a 1280-px screen. */
    static final double MIN_CLIENT_WIDTH = 420;
    /** Below this a client shows little more than its header. */
    static final double MIN_CLIENT_HEIGHT = 360;

    private DemoTiling() {
    }

    /** The console's bounds and one bounds per client window, top to bottom. */
    public record Plan(Rectangle2D console, List<Rectangle2D> clients) {
        public Plan {
            Objects.requireNonNull(console, "console");
            clients = List.copyOf(clients);
        }
    }

    /** Tiles {@code screen} (visual bounds) for at most {@code maxClients} clients, at least one. */
    public static Plan plan(Rectangle2D screen, int maxClients) {
        double clientWidth = Math.floor(Math.max(MIN_CLIENT_WIDTH, Math.max(screen.getWidth() / 3,
                screen.getWidth() - CONSOLE_WIDTH)));
        double consoleWidth = screen.getWidth() - clientWidth;
        int count = (int) Math.max(1, Math.min(maxClients, Math.floor(screen.getHeight() / MIN_CLIENT_HEIGHT)));
        double height = Math.floor(screen.getHeight() / count);
        List<Rectangle2D> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double y = screen.getMinY() + i * height;
            double h = i == count - 1 ? screen.getMaxY() - y : height;
            clients.add(new Rectangle2D(screen.getMinX() + consoleWidth, y, clientWidth, h));
        }
        return new Plan(new Rectangle2D(screen.getMinX(), screen.getMinY(), consoleWidth, screen.getHeight()), clients);
    }
}
