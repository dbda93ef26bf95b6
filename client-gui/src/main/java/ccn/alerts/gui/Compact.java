package ccn.alerts.gui;

import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.css.PseudoClass;
import javafx.scene.control.Labeled;
import javafx.scene.layout.Region;

import java.util.Objects;

/**
 * Whether a view is narrow enough for its compact layout: the classroom demo tiles three clients
 * side by side on a 1280 px screen, about 426 px each, where the wide layout would cut its texts.
 * The width is measured in em of a label of the view, so a zoomed window (see {@link Zoom}) turns
 * compact sooner, as it should. The view also gets the pseudo-class {@code :compact} for its CSS.
 *
 * <p>Thread-safety: JavaFX Application Thread only.
 */
public final class Compact {
    public static final PseudoClass PSEUDO_CLASS = PseudoClass.getPseudoClass("compact");
    /** About 520 px at the client's 15 px text: below it, the wide rows no longer fit. */
    public static final double BELOW_EM = 35;

    private Compact() {
    }

    /** True while {@code view} is narrower than {@link #BELOW_EM} em of {@code probe}'s font. */
    public static ReadOnlyBooleanProperty track(Region view, Labeled probe) {
        return track(view, probe, BELOW_EM);
    }

    /** True while {@code view} is narrower than {@code ems} em of {@code probe}'s font. */
    public static ReadOnlyBooleanProperty track(Region view, Labeled probe, double ems) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(probe, "probe");
        ReadOnlyBooleanWrapper compact = new ReadOnlyBooleanWrapper(view, "compact");
        // The width of a view comes from its window, not from its content, so switching layouts
        // cannot flip the state back.
        InvalidationListener update = o -> {
            double width = view.getWidth();
            compact.set(width > 0 && width < ems * probe.getFont().getSize());
        };
        view.widthProperty().addListener(update);
        probe.fontProperty().addListener(update);
        compact.addListener((o, was, now) -> view.pseudoClassStateChanged(PSEUDO_CLASS, now));
        update.invalidated(null);
        return compact.getReadOnlyProperty();
    }
}
