package ccn.alerts.gui;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

import java.util.List;
import java.util.Objects;

/**
 * Text size for projection, shared by the console and the client: Ctrl+plus, Ctrl+minus and
 * Ctrl+0 (Cmd on macOS) scale every text of a scene by setting the root's font size, from which
 * every size in our stylesheets is derived ({@code em}). One instance per window.
 *
 * <p>Thread-safety: JavaFX Application Thread only.
 */
public final class Zoom {
    /** The steps a press moves through; 1.0 is the platform's default size. */
    public static final List<Double> STEPS = List.of(0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5);
    /** Modena's default font size in px, the base of 1.0. */
    static final double BASE_PX = javafx.scene.text.Font.getDefault().getSize();

    private final Scene scene;
    private double normal = 1.0;
    private final ReadOnlyDoubleWrapper factor = new ReadOnlyDoubleWrapper(this, "factor", 1.0);

    private Zoom(Scene scene) {
        this.scene = scene;
    }

    /** Adds the zoom keys to {@code scene} and applies {@code initial}; Ctrl+0 goes back to 1.0. */
    public static Zoom install(Scene scene, double initial) {
        return install(scene, initial, 1.0);
    }

    /**
     * Adds the zoom keys to {@code scene} and applies {@code initial} (snapped to the nearest
     * step); Ctrl+0 goes back to {@code normal}, the size the window is designed for.
     */
    public static Zoom install(Scene scene, double initial, double normal) {
        Objects.requireNonNull(scene, "scene");
        Zoom zoom = new Zoom(scene);
        Runnable in = zoom::in;
        Runnable out = zoom::out;
        for (KeyCode k : List.of(KeyCode.PLUS, KeyCode.EQUALS, KeyCode.ADD)) {
            scene.getAccelerators().put(new KeyCodeCombination(k, KeyCombination.SHORTCUT_DOWN), in);
        }
        for (KeyCode k : List.of(KeyCode.MINUS, KeyCode.SUBTRACT)) {
            scene.getAccelerators().put(new KeyCodeCombination(k, KeyCombination.SHORTCUT_DOWN), out);
        }
        for (KeyCode k : List.of(KeyCode.DIGIT0, KeyCode.NUMPAD0)) {
            scene.getAccelerators().put(new KeyCodeCombination(k, KeyCombination.SHORTCUT_DOWN), zoom::reset);
        }
        scene.rootProperty().addListener((o, old, root) -> zoom.apply());
        zoom.set(normal);
        zoom.normal = zoom.factor();
        zoom.set(initial);
        return zoom;
    }

    public ReadOnlyDoubleProperty factorProperty() {
        return factor.getReadOnlyProperty();
    }

    public double factor() {
        return factor.get();
    }

    public void in() {
        int i = STEPS.indexOf(factor.get());
        set(STEPS.get(Math.min(STEPS.size() - 1, i + 1)));
    }

    public void out() {
        int i = STEPS.indexOf(factor.get());
        set(STEPS.get(Math.max(0, i - 1)));
    }

    /** Back to the size the window opened at (Ctrl+0). */
    public void reset() {
        set(normal);
    }

    /** Sets the nearest step to {@code wanted}. */
    public void set(double wanted) {
        double nearest = STEPS.getFirst();
        for (double s : STEPS) {
            if (Math.abs(s - wanted) < Math.abs(nearest - wanted)) {
                nearest = s;
            }
        }
        factor.set(nearest);
        apply();
    }

    private void apply() {
        if (scene.getRoot() != null) {
            // A size, not a colour: every em in our stylesheets follows it.
            scene.getRoot().setStyle(String.format(java.util.Locale.ROOT, "-fx-font-size: %.1fpx;", BASE_PX * factor.get()));
        }
    }
}
