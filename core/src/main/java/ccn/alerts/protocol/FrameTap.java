package ccn.alerts.protocol;

/**
 * Sees every frame a {@link SecureChannel} writes or reads, for the wire inspector. Called on the
 * thread that wrote or read the frame; must be quick and must not throw. Installed only while
 * someone is watching: an idle channel pays one null check per frame.
 */
@FunctionalInterface
public interface FrameTap {
    void frame(FrameRecord record);
}
