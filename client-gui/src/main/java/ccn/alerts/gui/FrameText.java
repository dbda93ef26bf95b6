package ccn.alerts.gui;

import ccn.alerts.protocol.FrameDecoder;
import ccn.alerts.protocol.FrameRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Objects;

/**
 * How a captured frame reads in a wire inspector, the console's and the client's alike: its type
 * (or why it meant nothing), where it stands in its direction, and for the handshake frames
 * before the first sealed frame, what their keys are, in words and grouped hex a class can read
 * off a projector.
 *
 * <p>A sealed frame that does not decrypt reads {@code ✗ undecryptable}; a refused handshake reads
 * as refused, with its reason ({@code ✗ wrong class key}): the handshake never got as far as
 * encryption, so "undecryptable" would teach the wrong thing.
 *
 * <p>Stateless and thread-safe.
 */
public final class FrameText {
    /** What the wire inspectors show instead of a sequence number for the handshake's frames. */
    public static final String HANDSHAKE = "handshake";
    public static final String INIT = "HANDSHAKE_INIT";
    public static final String RESPONSE = "HANDSHAKE_RESPONSE";
    public static final String REJECT = "HANDSHAKE_REJECT";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Four 4-byte groups a line: 32 bytes of key in two lines of 35 characters, which fit the client's side panel. */
    private static final int GROUPS_PER_LINE = 4;

    private FrameText() {
    }

    /**
     * The message type ({@code ALERT}, {@code HANDSHAKE_INIT}, …), or what went wrong:
     * {@code ✗ wrong class key} for a refused handshake message, {@code ✗ undecryptable} for a
     * sealed frame that failed to decrypt, {@code ✗ invalid message} for one that decrypted to nonsense.
     * A REJECT keeps its type: it is the server's well-formed answer, saying no.
     */
    public static String type(FrameRecord f) {
        Objects.requireNonNull(f, "f");
        if (f.handshake()) {
            if (REJECT.equals(f.type()) || !f.failed() && f.type() != null) {
                return f.type();
            }
            return "✗ " + refusal(f);
        }
        if (f.type() != null) {
            return f.type();
        }
        return f.error() != null && f.error().contains("decrypt") ? "✗ undecryptable" : "✗ invalid message";
    }

    /** {@code handshake}, or {@code frame 3} for the fourth sealed frame in its direction. */
    public static String position(FrameRecord f) {
        return f.handshake() ? HANDSHAKE : "frame " + f.sequence();
    }

    /** The payload's hex as captured, with "…" when the frame is longer than what was kept. */
    public static String hex(FrameRecord f) {
        return f.cipherHex() + (cut(f) ? "…" : "");
    }

    /** True when only the first {@link FrameRecord#PREVIEW_BYTES} bytes of the payload were kept. */
    public static boolean cut(FrameRecord f) {
        return f.frameLength() - FrameDecoder.HEADER_LENGTH > f.cipherHex().length() / 2;
    }

    /** Short: {@code hs}, or the sequence number, for a narrow column. */
    public static String shortPosition(FrameRecord f) {
        return f.handshake() ? "hs" : Long.toString(f.sequence());
    }

    /**
     * Why a handshake was refused, in a few words: {@code wrong class key}, {@code key string
     * names another server}, {@code server identity not proven}, {@code malformed handshake}.
     * Null for a frame that was not refused.
     */
    public static String refusal(FrameRecord f) {
        if (!f.handshake() || !f.failed()) {
            return null;
        }
        String why = f.error();
        // The words come from ccn.alerts.protocol.Handshake, on either side of the connection.
        if (why.contains("did not prove")) {
            return "server identity not proven";
        }
        if (why.contains("class key")) {
            return "wrong class key";
        }
        if (why.contains("another server")) {
            return "key string names another server";
        }
        return "malformed handshake";
    }

    /**
     * One line for a table cell: the decrypted JSON of a sealed frame, why it was refused, or for a
     * handshake frame, its keys in short.
     */
    public static String summary(FrameRecord f) {
        if (!f.handshake()) {
            return f.json() != null ? f.json() : f.error();
        }
        if (f.failed()) {
            return "refused: " + refusal(f) + (f.error().equalsIgnoreCase(refusal(f)) ? "" : " — " + f.error());
        }
        JsonNode d = description(f);
        if (RESPONSE.equals(f.type())) {
            return "not encrypted · server identity proven · server ephemeral key " + shortHex(d, "serverEphemeral")
                    + " · handshake hash " + shortHex(d, "handshakeHash");
        }
        return "not encrypted · client ephemeral key " + shortHex(d, "clientEphemeral")
                + " · for server key id " + text(d, "serverKeyId");
    }

    /**
     * Several lines on a handshake frame: its keys as grouped hex, whether the server's identity
     * was proven, the handshake hash; or, refused, the reason and the whole message. Each line
     * that holds a key is indented and at most 35 characters, so it wraps where a reader expects.
     */
    public static String handshakeDetail(FrameRecord f) {
        if (!f.handshake()) {
            throw new IllegalArgumentException("not a handshake frame: " + f.type());
        }
        if (f.failed()) {
            String refused = "Refused: " + refusal(f) + "."
                    + (f.error().equalsIgnoreCase(refusal(f)) ? "" : "\n" + capitalise(f.error()) + ".");
            if (REJECT.equals(f.type())) {
                return refused + "\n(A REJECT is not authenticated: the client takes it as a reason to stop, never as proof.)";
            }
            return refused + "\nNo encrypted frame follows: the connection ends here.";
        }
        JsonNode d = description(f);
        StringBuilder b = new StringBuilder();
        if (RESPONSE.equals(f.type())) {
            b.append("Noise message 2 of 2, not encrypted with a frame key (its keys are public).\n\n");
            b.append("Server ephemeral public key (X25519, new for every connection):\n")
                    .append(groupedHex(text(d, "serverEphemeral"))).append("\n\n");
            b.append("proven".equals(text(d, "serverIdentity"))
                    ? "Server identity proven: only the holder of the private key the key string names could answer so.\n\n"
                    : "Server identity: " + text(d, "serverIdentity") + "\n\n");
            b.append("Handshake hash (the same on both sides; every frame after this is bound to it):\n")
                    .append(groupedHex(text(d, "handshakeHash")));
        } else {
            b.append(d.hasNonNull("noise") ? d.get("noise").asText() + ", message 1 of 2" : "Noise message 1 of 2")
                    .append(", not encrypted with a frame key (its keys are public).\n\n");
            b.append("Client ephemeral public key (X25519, new for every connection):\n")
                    .append(groupedHex(text(d, "clientEphemeral"))).append("\n\n");
            b.append("Asks for the server with key id ").append(groupedHex(text(d, "serverKeyId")).strip());
            if ("right".equals(text(d, "classKey"))) {
                b.append("\n\nClass key right: the message opened with this server's class key.");
            }
        }
        return b.toString();
    }

    /** Hex in groups of 8 digits (4 bytes), four groups a line, each line indented by two spaces. */
    public static String groupedHex(String hex) {
        if (hex == null || hex.isEmpty()) {
            return "  (none)";
        }
        StringBuilder b = new StringBuilder("  ");
        for (int i = 0, group = 0; i < hex.length(); i += 8, group++) {
            if (group > 0) {
                b.append(group % GROUPS_PER_LINE == 0 ? "\n  " : " ");
            }
            b.append(hex, i, Math.min(hex.length(), i + 8));
        }
        return b.toString();
    }

    private static JsonNode description(FrameRecord f) {
        if (f.json() == null) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(f.json());
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode(); // the engine wrote it; a broken one shows as "(none)"
        }
    }

    private static String text(JsonNode d, String field) {
        return d.hasNonNull(field) ? d.get(field).asText() : "";
    }

    private static String shortHex(JsonNode d, String field) {
        String hex = text(d, field);
        return hex.length() > 16 ? hex.substring(0, 16) + "…" : hex.isEmpty() ? "(none)" : hex;
    }

    private static String capitalise(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
