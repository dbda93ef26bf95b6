package ccn.alerts.protocol;

/**
 * Sees every frame a {@link SecureChannel} writes or reads, for the wire inspector. Called on the
 * thread that wrote or read the frame; must be quick and must not throw. Installed only while
 * someone is watching: an idle channel pays one null check per frame.
 */
@FunctionalInterface
public interface FrameTap {
    void frame(FrameRecord record);

    /**
     * Shows a frame to {@code tap} if someone watches (null: nobody, and the record is not even
     * built). The inspector is a spectator: whatever it does wrong must not break the connection.
     */
    static void show(FrameTap tap, java.util.function.Supplier<FrameRecord> record) {
        if (tap == null) {
            return;
        }
        try {
            tap.frame(record.get());
        } catch (RuntimeException ignored) {
            // a broken view loses one row, the connection loses nothing
        }
    }
}
