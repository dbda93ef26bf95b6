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
    /** How much wider than the threshold a compact view must get before it turns wide again. */
    static final double HYSTERESIS_EM = 8;

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
        // Hysteresis: a node that a layout switch moves is restyled a pulse later, so the probe's
        // font (the em) can read 13 px in one pulse and 15 px in the next; near the threshold
        // that flipped the layout every pulse and left the bar unstyled (seen at 640 px wide).
        InvalidationListener update = o -> {
            double width = view.getWidth();
            double em = probe.getFont().getSize();
            if (width <= 0) {
                compact.set(false);
            } else if (compact.get()) {
                compact.set(width < (ems + HYSTERESIS_EM) * em);
            } else {
                compact.set(width < ems * em);
            }
        };
        view.widthProperty().addListener(update);
        probe.fontProperty().addListener(update);
        compact.addListener((o, was, now) -> view.pseudoClassStateChanged(PSEUDO_CLASS, now));
        update.invalidated(null);
        return compact.getReadOnlyProperty();
    }
}
