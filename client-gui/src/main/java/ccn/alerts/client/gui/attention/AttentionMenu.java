package ccn.alerts.client.gui.attention;

import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.layout.Region;

import java.util.Objects;

/**
 * "Alert settings": the four ways of drawing attention, each switched on or off here and
 * remembered (the app saves {@link AttentionSettings} changes). Says so when this computer has no
 * sound or no desktop notifications. FX Application Thread only.
 */
public final class AttentionMenu extends MenuButton {
    public AttentionMenu(AttentionSettings settings, AlertSound sound, DesktopNotifier notifier) {
        super("Alert settings");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(sound, "sound");
        Objects.requireNonNull(notifier, "notifier");
        setId("attentionMenu");
        getStyleClass().add("attention-menu");
        setMinWidth(Region.USE_PREF_SIZE);

        CheckMenuItem front = item("settingFront", "Bring the window to the front (HIGH)", settings.bringToFrontProperty());
        CheckMenuItem banner = item("settingBanner", "Banner until read (HIGH)", settings.bannerProperty());
        CheckMenuItem ring = item("settingSound", "Sound: HIGH repeats until read, MEDIUM once", settings.soundProperty());
        CheckMenuItem notify = item("settingNotification", "Desktop notification (HIGH, MEDIUM)",
                settings.desktopNotificationProperty());
        MenuItem note = new MenuItem();
        note.setId("settingNote");
        note.setDisable(true);
        note.setVisible(false);
        SeparatorMenuItem line = new SeparatorMenuItem();
        line.visibleProperty().bind(note.visibleProperty());
        getItems().addAll(front, banner, ring, notify, line, note);
        // What the services found out so far (they learn it on their first use).
        setOnShowing(e -> {
            boolean noSound = sound.availability() == Availability.UNAVAILABLE;
            boolean noTray = notifier.availability() == Availability.UNAVAILABLE;
            note.setText(noSound && noTray ? "This computer has no sound device and no desktop notifications"
                    : noSound ? "This computer has no sound device"
                    : noTray ? "This computer has no desktop notifications" : "");
            note.setVisible(noSound || noTray);
        });
    }

    private static CheckMenuItem item(String id, String text, javafx.beans.property.BooleanProperty property) {
        CheckMenuItem item = new CheckMenuItem(text);
        item.setId(id);
        item.selectedProperty().bindBidirectional(property);
        return item;
    }
}
