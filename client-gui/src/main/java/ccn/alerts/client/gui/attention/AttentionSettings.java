package ccn.alerts.client.gui.attention;

import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The person's {@link AttentionChoices} as properties the settings menu binds to and
 * {@link Attention} reads. FX Application Thread only.
 */
public final class AttentionSettings {
    private final BooleanProperty bringToFront = new SimpleBooleanProperty(this, "bringToFront");
    private final BooleanProperty banner = new SimpleBooleanProperty(this, "banner");
    private final BooleanProperty sound = new SimpleBooleanProperty(this, "sound");
    private final BooleanProperty desktopNotification = new SimpleBooleanProperty(this, "desktopNotification");

    public AttentionSettings(AttentionChoices initial) {
        Objects.requireNonNull(initial, "initial");
        bringToFront.set(initial.bringToFront());
        banner.set(initial.banner());
        sound.set(initial.sound());
        desktopNotification.set(initial.desktopNotification());
    }

    public BooleanProperty bringToFrontProperty() {
        return bringToFront;
    }

    public BooleanProperty bannerProperty() {
        return banner;
    }

    public BooleanProperty soundProperty() {
        return sound;
    }

    public BooleanProperty desktopNotificationProperty() {
        return desktopNotification;
    }

    public AttentionChoices choices() {
        return new AttentionChoices(bringToFront.get(), banner.get(), sound.get(), desktopNotification.get());
    }

    /** Calls {@code listener} with the new choices after each change (the app saves them). */
    public void onChange(Consumer<AttentionChoices> listener) {
        Objects.requireNonNull(listener, "listener");
        InvalidationListener changed = o -> listener.accept(choices());
        bringToFront.addListener(changed);
        banner.addListener(changed);
        sound.addListener(changed);
        desktopNotification.addListener(changed);
    }
}
