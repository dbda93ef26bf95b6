package ccn.alerts.client.gui.attention;

/**
 * Which ways of drawing attention the person has left on. HIGH alerts use all four; MEDIUM alerts
 * the sound (once) and the notification; LOW alerts none. Immutable.
 *
 * @param bringToFront        a HIGH alert de-iconifies the window and brings it to the front
 * @param banner              a HIGH alert shows a banner over the feed until it is read
 * @param sound               HIGH rings every few seconds until read, MEDIUM once
 * @param desktopNotification an operating-system notification, where the platform has them
 */
public record AttentionChoices(boolean bringToFront, boolean banner, boolean sound, boolean desktopNotification) {
    /** Everything on: what a new installation starts with. */
    public static final AttentionChoices ALL = new AttentionChoices(true, true, true, true);
}
