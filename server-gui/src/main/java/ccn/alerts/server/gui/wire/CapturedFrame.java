package ccn.alerts.server.gui.wire;

import ccn.alerts.gui.FrameText;
import ccn.alerts.protocol.Direction;
import ccn.alerts.protocol.FrameRecord;

/** A frame seen by the wire inspector, with the session it belongs to. Immutable. */
public record CapturedFrame(String sessionId, String peer, FrameRecord frame) implements TimelineItem {

    /** {@code server → client} or {@code client → server}, as the inspector and timeline print it. */
    public String arrow() {
        return frame.direction() == Direction.SERVER_TO_CLIENT ? "server → client" : "client → server";
    }

    /** The user before the address once logged in, else the address: short enough for a column. */
    public String shortPeer() {
        int paren = peer.indexOf(" (");
        return paren > 0 ? peer.substring(0, paren) : peer;
    }

    /** The message type, or a plain note when the frame meant nothing or was refused (see {@link FrameText#type}). */
    public String typeOrFailure() {
        return FrameText.type(frame);
    }
}
