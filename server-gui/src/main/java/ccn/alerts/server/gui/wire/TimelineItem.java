package ccn.alerts.server.gui.wire;

/** One line of a session's protocol timeline: a frame, or a note where frames are missing. Immutable. */
public sealed interface TimelineItem permits CapturedFrame, TimelineItem.Gap {

    /** Frames that were not kept here: {@code frames} of them, for the reason {@code why} says. */
    record Gap(int frames, String why) implements TimelineItem {
        /** The marker a paused display leaves where it dropped frames. */
        public static Gap paused(int frames) {
            return new Gap(frames, frames + (frames == 1 ? " frame" : " frames") + " while paused");
        }

        /** The marker where a long session's older frames were let go, to stay bounded. */
        public static Gap trimmed(int frames) {
            return new Gap(frames, frames + (frames == 1 ? " older frame" : " older frames") + " not kept");
        }
    }
}
