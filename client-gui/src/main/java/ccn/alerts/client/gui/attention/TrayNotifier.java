package ccn.alerts.client.gui.attention;

import ccn.alerts.protocol.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.AWTException;
import java.awt.GraphicsEnvironment;
import java.awt.Image;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Operating-system notifications through AWT's {@link SystemTray} ({@link TrayIcon#displayMessage}),
 * where the platform has one: Windows, most Linux desktops, macOS. All AWT calls run on one daemon
 * thread of this class, never on the FX Application Thread (AWT's start-up can wait on the
 * desktop). The tray icon is added for the first notification and removed a minute after the
 * last, so no icon lingers and AWT may shut down with the last window.
 *
 * <p>Without a system tray (headless, no desktop, tests) the first notification logs one line
 * and the notifier is {@link Availability#UNAVAILABLE} from then on; nothing reaches the caller.
 * Thread-safe.
 */
public final class TrayNotifier implements DesktopNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(TrayNotifier.class);
    private static final String ICON = "/ccn/alerts/styles/ccn-alerts.png";
    static final long REMOVE_AFTER_SECONDS = 60;
    private static volatile TrayNotifier shared;

    private final BooleanSupplier supported;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ccn-client-notify").daemon().factory());
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile Availability availability = Availability.UNKNOWN;
    /** Worker thread only. */
    private TrayIcon icon;
    private ScheduledFuture<?> removal;

    /** @param supported whether a system tray can be used (called on the worker thread) */
    TrayNotifier(BooleanSupplier supported) {
        this.supported = supported;
    }

    /** The notifier all windows of this process share: one tray icon. */
    public static TrayNotifier shared() {
        TrayNotifier n = shared;
        if (n == null) {
            synchronized (TrayNotifier.class) {
                n = shared;
                if (n == null) {
                    n = new TrayNotifier(TrayNotifier::systemTraySupported);
                    shared = n;
                }
            }
        }
        return n;
    }

    /** Whether this desktop has a system tray; AWT starts up to answer, so never on the FX thread. */
    static boolean systemTraySupported() {
        return !GraphicsEnvironment.isHeadless() && SystemTray.isSupported();
    }

    @Override
    public void show(String title, String text, Priority priority) {
        if (availability == Availability.UNAVAILABLE) {
            return;
        }
        worker.execute(() -> display(title, text, priority));
    }

    @Override
    public Availability availability() {
        return availability;
    }

    /** Removes the tray icon now (the app is ending); any thread, returns at once. */
    public void close() {
        worker.execute(this::removeIcon);
    }

    private void display(String title, String text, Priority priority) {
        if (availability == Availability.UNAVAILABLE) {
            return;
        }
        try {
            if (icon == null) {
                if (!supported.getAsBoolean()) {
                    unavailable("this desktop has no system tray");
                    return;
                }
                TrayIcon made = new TrayIcon(image(), "CCN Alerts");
                made.setImageAutoSize(true);
                SystemTray.getSystemTray().add(made);
                icon = made;
            }
            icon.displayMessage(title, text, switch (priority) {
                case HIGH -> TrayIcon.MessageType.ERROR;
                case MEDIUM -> TrayIcon.MessageType.WARNING;
                case LOW -> TrayIcon.MessageType.INFO;
            });
            availability = Availability.AVAILABLE;
            if (removal != null) {
                removal.cancel(false);
            }
            removal = worker.schedule(this::removeIcon, REMOVE_AFTER_SECONDS, TimeUnit.SECONDS);
        } catch (AWTException | RuntimeException e) {
            // HeadlessException, UnsupportedOperationException, SecurityException: no tray for us.
            unavailable(ToneSound.describe(e));
        }
    }

    private void unavailable(String why) {
        availability = Availability.UNAVAILABLE;
        if (reported.compareAndSet(false, true)) {
            LOG.info("No desktop notifications ({}): alerts are shown in the window only", why);
        }
    }

    private void removeIcon() {
        if (icon != null) {
            try {
                SystemTray.getSystemTray().remove(icon);
            } catch (RuntimeException e) {
                LOG.debug("Tray icon not removed: {}", ToneSound.describe(e));
            }
            icon = null;
        }
    }

    private static Image image() {
        try (InputStream in = TrayNotifier.class.getResourceAsStream(ICON)) {
            if (in != null) {
                Image read = ImageIO.read(in);
                if (read != null) {
                    return read;
                }
            }
        } catch (IOException e) {
            LOG.debug("Tray icon image not read: {}", e.getMessage());
        }
        return new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
    }
}
