package ccn.alerts.gui;

import javafx.beans.InvalidationListener;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Label;
import javafx.scene.text.Text;

/**
 * A key fingerprint ({@code 3F2A-91C4-…}, eight groups of four hex digits, 39 characters) shown
 * whole: on one line where it fits, else on two lines of four groups, broken after the fourth
 * group's hyphen. A label would otherwise cut it to {@code 3F2A-91C4-0B…} in a narrow window
 * (a demo tile, the console's side panel on 1280 × 800), and the line-breaking rules do not break
 * reliably at its hyphens (not before a digit). Both windows use it, so the teacher's and the
 * students' fingerprints look the same.
 *
 * <p>Set {@link #fingerprintProperty()}, not the text. The label takes all the width its parent
 * offers, so the choice depends on the room, never on its own text. FX thread only.
 */
public final class FingerprintLabel extends Label {
    private static final int GROUPS_PER_LINE = 4;

    private final StringProperty fingerprint = new SimpleStringProperty(this, "fingerprint", "");

    public FingerprintLabel() {
        getStyleClass().add("fingerprint-value");
        setMaxWidth(Double.MAX_VALUE);
        InvalidationListener update = o -> update();
        fingerprint.addListener(update);
        widthProperty().addListener(update);
        fontProperty().addListener(update);
        update();
    }

    public StringProperty fingerprintProperty() {
        return fingerprint;
    }

    public String getFingerprint() {
        return fingerprint.get();
    }

    public void setFingerprint(String value) {
        fingerprint.set(value);
    }

    /** The fingerprint on two lines of four groups: {@code 3F2A-91C4-0B7E-5D12-} and the rest. */
    public static String twoLines(String fingerprint) {
        int cut = -1;
        for (int i = 0; i < GROUPS_PER_LINE && (cut = fingerprint.indexOf('-', cut + 1)) >= 0; i++) {
            // the fourth hyphen ends the first line
        }
        return cut < 0 ? fingerprint : fingerprint.substring(0, cut + 1) + "\n" + fingerprint.substring(cut + 1);
    }

    /** Never narrower than the two-line form: a parent with less room must not cut it. */
    @Override
    protected double computeMinWidth(double height) {
        String fp = fingerprint.get() == null ? "" : fingerprint.get();
        return fp.isEmpty() ? super.computeMinWidth(height) : textWidth(twoLines(fp)) + snappedLeftInset() + snappedRightInset();
    }

    private void update() {
        String fp = fingerprint.get() == null ? "" : fingerprint.get();
        setText(fp.isEmpty() || fitsOnOneLine(fp) ? fp : twoLines(fp));
    }

    private boolean fitsOnOneLine(String fp) {
        if (getWidth() <= 0) {
            return true; // not laid out yet: ask for one line, and look again once the width is known
        }
        return textWidth(fp) + snappedLeftInset() + snappedRightInset() <= getWidth();
    }

    private double textWidth(String text) {
        Text probe = new Text(text);
        probe.setFont(getFont());
        return Math.ceil(probe.getLayoutBounds().getWidth());
    }
}
