package ccn.alerts.outsider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A CCN protocol v2 client written from {@code docs/PROTOCOL.md} alone, without the project's
 * protocol or crypto classes: raw {@link Socket}, {@link SpecNoise} (the Noise handshake on JDK
 * primitives), JDK AES-256-GCM for the sealed frames, Jackson for JSON. It can speak the protocol
 * correctly (preamble and INIT, RESPONSE, HELLO, LOGIN, ACK, HEARTBEAT, LOGOUT) and also send
 * anything else: arbitrary JSON text in a correctly sealed frame, frames with a chosen key,
 * direction, handshake hash or sequence number, and raw bytes.
 *
 * <p>The handshake runs on the caller's thread ({@link #handshake()}); once RESPONSE is verified a
 * reader thread decrypts every server frame and keeps it in {@link #received()}; when the stream
 * ends it records how ({@link #closedHow()}).
 */
public final class SpecClient implements AutoCloseable {
    public static final byte VERSION = 0x02;
    public static final byte[] MAGIC = {0x43, 0x43, 0x4E};
    public static final int PREAMBLE_LENGTH = 4;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    public static final int MAX_FRAME = 65536;
    public static final byte CLIENT_TO_SERVER = 0x43;
    public static final byte SERVER_TO_CLIENT = 0x53;
    public static final byte INIT = 0x01;
    public static final byte RESPONSE = 0x02;
    public static final byte REJECT = 0x03;
    public static final int INIT_LENGTH = 57;
    public static final int RESPONSE_LENGTH = 49;
    public static final int REJECT_TEXT_MAX = 200;
    public static final String KEY_PREFIX = "ccn2-";
    public static final String AGENT = "spec-outsider/2";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How the server's stream (or the handshake) ended, as §2, §3 and §4.5 distinguish it. */
    public enum Closed {
        /** The stream ended exactly between frames: a normal close. */
        BETWEEN_FRAMES,
        /** The stream ended inside a frame. */
        INSIDE_FRAME,
        /** A sealed frame failed to decrypt. */
        DECRYPT_FAILED,
        /** A frame length of 0, with the top bit set, or outside the bounds of §3.1. */
        BAD_LENGTH,
        /** The connection was reset (or another I/O error). */
        RESET,
        /** The stream ended before the first byte of the server's preamble. */
        BEFORE_PREAMBLE,
        /** Not {@code CCN 02}, or the stream ended inside the preamble. */
        BAD_PREAMBLE,
        /** The server answered INIT with REJECT (§4.3): {@link #rejectReason()}, {@link #rejectText()}. */
        REJECTED,
        /** The server's answer is neither a REJECT nor a 49-byte RESPONSE (§4.5 "malformed answer"). */
        BAD_ANSWER,
        /** A RESPONSE whose Noise message 2 does not open: the peer lacks the identity's private key (§4.5). */
        IMPOSTOR
    }

    /** §4.1: the two public parts of a key string. */
    public record Keys(byte[] classKey, byte[] serverPublicKey) {
        public Keys {
            if (classKey.length != 32 || serverPublicKey.length != 32) {
                throw new IllegalArgumentException("class key and server public key are 32 bytes each");
            }
            classKey = classKey.clone();
            serverPublicKey = serverPublicKey.clone();
        }

        @Override
        public byte[] classKey() {
            return classKey.clone();
        }

        @Override
        public byte[] serverPublicKey() {
            return serverPublicKey.clone();
        }

        public byte[] keyId() {
            return SpecClient.keyId(serverPublicKey);
        }
    }

    /** {@link #preambled} and the methods built on it throw this when the handshake does not complete. */
    public static final class HandshakeFailed extends IOException {
        private final Closed how;

        HandshakeFailed(Closed how, String detail) {
            super("handshake failed: " + how + (detail == null ? "" : " " + detail));
            this.how = how;
        }

        public Closed how() {
            return how;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Keys keys;
    private final byte[] ephemeralPrivate;
    private SpecNoise noise;
    private byte[] k1;
    private byte[] k2;
    private byte[] handshakeHash;
    private long sendSeq;
    private final AtomicLong heartbeatSeq = new AtomicLong();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<String> receivedText = new CopyOnWriteArrayList<>();
    private volatile Closed closed;
    private volatile String closeDetail;
    private volatile int rejectReason = -1;
    private volatile String rejectText;
    private volatile boolean rawEndedWithEof;
    private volatile boolean closing;
    private volatile Thread heartbeats;
    private volatile java.util.function.Consumer<JsonNode> onMessage = m -> { };
    private volatile List<String> announced = List.of();

    private SpecClient(Socket socket, Keys keys, byte[] ephemeralPrivate) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.keys = keys;
        this.ephemeralPrivate = ephemeralPrivate;
    }

    // ------------------------------------------------------------------ opening

    /** A TCP connection and nothing else: the caller runs {@link #handshake()} or writes raw bytes. */
    public static SpecClient tcp(int port, String keyString) throws IOException {
        return tcp(port, decodeKey(keyString));
    }

    public static SpecClient tcp(int port, Keys keys) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setTcpNoDelay(true);
        return new SpecClient(s, keys, SpecNoise.randomPrivate());
    }

    /**
     * §2, §4.3: both preambles exchanged and the handshake complete (RESPONSE verified); the reader
     * thread runs. No sealed frame sent yet. (The name is version 1's; in version 2 the preamble
     * and the handshake cannot be separated.) Throws {@link HandshakeFailed} on REJECT and the rest.
     */
    public static SpecClient preambled(int port, String keyString) throws IOException {
        SpecClient c = tcp(port, keyString);
        try {
            if (!c.handshake()) {
                throw new HandshakeFailed(c.closed, c.closeDetail);
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Preambles, handshake, then {@code HELLO}; WELCOME arrives in {@link #received()}. */
    public static SpecClient hello(int port, String keyString) throws IOException {
        SpecClient c = preambled(port, keyString);
        c.send(c.object("HELLO").put("agent", AGENT));
        return c;
    }

    /**
     * Preambles, handshake, then {@code HELLO} with {@code features} (§5, §6.7); {@code null} omits
     * the member, as a client from before the life cycle does.
     */
    public static SpecClient hello(int port, String keyString, List<String> features) throws IOException {
        SpecClient c = preambled(port, keyString);
        ObjectNode hello = c.object("HELLO").put("agent", AGENT);
        if (features != null) {
            var array = hello.putArray("features");
            features.forEach(array::add);
            c.announced = List.copyOf(features);
        }
        c.send(hello);
        return c;
    }

    /** Preambles, handshake, HELLO, LOGIN, and waits for AUTH_SUCCESS; fails on anything else. */
    public static SpecClient login(int port, String keyString, String user, String password, Duration timeout) throws IOException {
        return login(port, keyString, user, password, timeout, null);
    }

    /** {@link #login(int, String, String, String, Duration)} with a HELLO naming {@code features} (null: none). */
    public static SpecClient login(int port, String keyString, String user, String password, Duration timeout,
                                   List<String> features) throws IOException {
        SpecClient c = hello(port, keyString, features);
        c.send(c.object("LOGIN").put("username", user).put("password", password));
        JsonNode answer = c.awaitMessage(m -> type(m).startsWith("AUTH_") || type(m).equals("ERROR"), timeout);
        if (!"AUTH_SUCCESS".equals(type(answer))) {
            c.close();
            throw new AssertionError("login as " + user + " answered " + answer);
        }
        return c;
    }

    public static byte[] preamble(byte version) {
        return new byte[]{MAGIC[0], MAGIC[1], MAGIC[2], version};
    }

    /** §4.4: client preamble || server preamble. */
    public static byte[] prologue() {
        return concat(preamble(VERSION), preamble(VERSION));
    }

    /** §4.3 INIT as a whole frame (length prefix included). */
    public static byte[] initFrame(byte[] keyId, byte[] noiseMessage1) {
        return ByteBuffer.allocate(4 + INIT_LENGTH).putInt(INIT_LENGTH).put(INIT).put(keyId).put(noiseMessage1).array();
    }

    /**
     * §4.3 steps 1, 3 and 4: writes the preamble and INIT in one write, reads the server's preamble
     * and one frame. True when RESPONSE was verified (k1, k2 and the handshake hash are set and the
     * reader thread runs); false otherwise, with {@link #closedHow()} saying why. After an
     * impostor's RESPONSE the socket is closed at once: nothing follows the INIT.
     */
    public boolean handshake() throws IOException {
        try {
            noise = SpecNoise.initiator(prologue(), keys.classKey(), keys.serverPublicKey(), ephemeralPrivate);
            byte[] init = initFrame(keys.keyId(), noise.writeMessage1());
            out.write(concat(preamble(VERSION), init));
            out.flush();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("our own message 1", e);
        }
        DataInputStream data = new DataInputStream(in);
        if (!readServerPreamble(data)) {
            return false;
        }
        byte[] answer;
        try {
            long n = readLength(data);
            if (n < 0) {
                return fail(Closed.BETWEEN_FRAMES, "the server closed after its preamble, without a handshake answer");
            }
            if (n == 0 || n >= (1L << 31) || n > MAX_FRAME) {
                return fail(Closed.BAD_LENGTH, "handshake answer length " + n);
            }
            answer = new byte[(int) n];
            data.readFully(answer);
        } catch (EOFException e) {
            return fail(Closed.INSIDE_FRAME, "inside the handshake answer");
        } catch (IOException e) {
            return fail(Closed.RESET, e.toString());
        }
        if (answer.length >= 2 && answer[0] == REJECT) {
            int reason = answer[1] & 0xFF;
            rejectReason = reason >= 1 && reason <= 3 ? reason : 3;
            int textLength = Math.min(answer.length - 2, REJECT_TEXT_MAX);
            rejectText = new String(answer, 2, textLength, StandardCharsets.UTF_8);
            return fail(Closed.REJECTED, "reason " + reason + " \"" + rejectText + "\"");
        }
        if (answer.length != RESPONSE_LENGTH || answer[0] != RESPONSE) {
            return fail(Closed.BAD_ANSWER, answer.length + " bytes of type " + (answer[0] & 0xFF));
        }
        try {
            noise.readMessage2(Arrays.copyOfRange(answer, 1, RESPONSE_LENGTH));
            byte[][] split = noise.split();
            k1 = split[0];
            k2 = split[1];
            handshakeHash = noise.handshakeHash();
        } catch (GeneralSecurityException e) {
            fail(Closed.IMPOSTOR, e.toString());
            socket.close(); // §4.3: a password never reaches a server that could not prove its identity
            return false;
        }
        Thread.ofVirtual().name("spec-client-reader").start(this::readLoop);
        return true;
    }

    /** §2: checks each byte as it arrives and reads no further than the 4th. */
    private boolean readServerPreamble(DataInputStream data) {
        byte[] expected = preamble(VERSION);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            for (int i = 0; i < PREAMBLE_LENGTH; i++) {
                int b = data.read();
                if (b < 0) {
                    return i == 0 ? fail(Closed.BEFORE_PREAMBLE, null)
                            : fail(Closed.BAD_PREAMBLE, "stream ended after " + i + " of 4 bytes");
                }
                got.write(b);
                if (i < 3 && b != (expected[i] & 0xFF)) {
                    return fail(Closed.BAD_PREAMBLE, "not a CCN alert peer: its first bytes are 0x" + hex(got.toByteArray()));
                }
                if (i == 3 && b != VERSION) {
                    return fail(Closed.BAD_PREAMBLE, "the peer speaks protocol version " + b + "; this side speaks version 2");
                }
            }
            return true;
        } catch (IOException e) {
            return fail(Closed.RESET, e.toString());
        }
    }

    private boolean fail(Closed how, String detail) {
        closeDetail = detail;
        closed = how;
        return false;
    }

    // ------------------------------------------------------------------ sending

    public ObjectNode object(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    public void send(JsonNode message) throws IOException {
        sendJson(message.toString());
    }

    /** Any text, valid JSON or not, sealed correctly as the next client frame. */
    public void sendJson(String text) throws IOException {
        sendPlaintext(text.getBytes(StandardCharsets.UTF_8));
    }

    public synchronized void sendPlaintext(byte[] plaintext) throws IOException {
        requireHandshake();
        byte[] frame = seal(k1, CLIENT_TO_SERVER, handshakeHash, sendSeq, randomBytes(NONCE_LENGTH), plaintext);
        sendSeq++;
        out.write(frame);
        out.flush();
    }

    /** A frame sealed with k1, a chosen direction and sequence number; does not advance the counter. */
    public synchronized void sendSealedAs(byte direction, long seq, byte[] plaintext) throws IOException {
        sendSealedWith(k1, direction, handshakeHash, seq, plaintext);
    }

    /** A frame sealed with anything chosen; does not advance the counter. */
    public synchronized void sendSealedWith(byte[] key, byte direction, byte[] hash, long seq, byte[] plaintext) throws IOException {
        requireHandshake();
        out.write(seal(key, direction, hash, seq, randomBytes(NONCE_LENGTH), plaintext));
        out.flush();
    }

    public synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void ack(long alertId) throws IOException {
        send(object("ACK").put("alertId", alertId));
    }

    // ------------------------------------------------------------------ §6.7 the alert life cycle

    /** §6.7: the feature name of the alert life cycle, in HELLO's and WELCOME's {@code features}. */
    public static final String LIFECYCLE = "lifecycle";

    /** §6.7: {@code ACK} of one revision of an alert. */
    public void ack(long alertId, long revision) throws IOException {
        send(object("ACK").put("alertId", alertId).put("revision", revision));
    }

    /** §6.7: the person confirmed reading the alert. */
    public void read(long alertId) throws IOException {
        send(object("READ").put("alertId", alertId));
    }

    /** What this client's HELLO named in {@code features} (empty when it sent none). */
    public List<String> announced() {
        return announced;
    }

    /** §5: WELCOME's {@code features}; absent stands for none. */
    public List<String> welcomeFeatures(Duration timeout) {
        JsonNode f = awaitType("WELCOME", timeout).get("features");
        List<String> out = new ArrayList<>();
        if (f != null && !f.isNull()) {
            if (!f.isArray()) {
                throw new AssertionError("WELCOME's features is not an array: " + f);
            }
            for (JsonNode e : f) {
                if (!e.isTextual()) {
                    throw new AssertionError("WELCOME's features holds a non-string: " + f);
                }
                out.add(e.asText());
            }
        }
        return out;
    }

    /** §6.7: both sides named {@code lifecycle}, so READ and ACK's revision may be sent. */
    public boolean speaksLifecycle(Duration timeout) {
        return announced.contains(LIFECYCLE) && welcomeFeatures(timeout).contains(LIFECYCLE);
    }

    /**
     * §6.7 "ACKs every ALERT with its revision": from now on, every ALERT received is answered with
     * an ACK on the reader thread, with {@code revision} only when both sides speak the life cycle.
     */
    public void autoAck() {
        onMessage(m -> {
            if ("ALERT".equals(type(m))) {
                try {
                    long id = m.get("alertId").asLong();
                    if (speaksLifecycle(Duration.ofSeconds(5))) {
                        ack(id, revision(m));
                    } else {
                        ack(id);
                    }
                } catch (IOException e) {
                    // the connection is ending; the reader sees it
                }
            }
        });
    }

    /** §5: {@code revision}, absent: 1. */
    public static long revision(JsonNode alert) {
        JsonNode r = alert.get("revision");
        return r == null || r.isNull() ? 1 : r.longValue();
    }

    /** §5: {@code state}, absent: {@code ACTIVE}. */
    public static String state(JsonNode alert) {
        JsonNode r = alert.get("state");
        return r == null || r.isNull() ? "ACTIVE" : r.asText();
    }

    /** §5: {@code drill}, absent: false. */
    public static boolean drill(JsonNode alert) {
        JsonNode r = alert.get("drill");
        return r != null && r.booleanValue();
    }

    /** §5: {@code catchUp}, absent: false. */
    public static boolean catchUp(JsonNode alert) {
        JsonNode r = alert.get("catchUp");
        return r != null && r.booleanValue();
    }

    /** §5: {@code expires}, absent: does not expire (null). */
    public static java.time.Instant expires(JsonNode alert) {
        JsonNode r = alert.get("expires");
        return r == null || r.isNull() ? null : java.time.Instant.parse(r.asText());
    }

    private static final java.util.regex.Pattern TIME =
            java.util.regex.Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d{1,9})?Z");

    /** §5 "Time": {@code YYYY-MM-DDThh:mm:ss[.f]Z}, 0–9 fraction digits, a possible date. */
    public static boolean isTime(String text) {
        var m = TIME.matcher(text);
        if (!m.matches()) {
            return false;
        }
        try {
            java.time.LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            java.time.LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)));
            return true;
        } catch (java.time.DateTimeException e) {
            return false;
        }
    }

    /** §5 "This server sends …": milliseconds, the fraction as exactly 3 digits and only when not zero. */
    public static boolean isServerTime(String text) {
        return isTime(text) && text.matches(".*:\\d{2}(\\.\\d{3})?Z") && !text.endsWith(".000Z");
    }

    /** Received messages of {@code type} naming {@code alertId}. */
    public List<JsonNode> receivedFor(String type, long alertId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : received) {
            if (type.equals(type(m)) && m.has("alertId") && m.get("alertId").asLong() == alertId) {
                out.add(m);
            }
        }
        return out;
    }

    /** Waits for a message of {@code type} naming {@code alertId} (and matching {@code p}). */
    public JsonNode awaitFor(String type, long alertId, Predicate<JsonNode> p, Duration timeout) {
        return awaitMessage(m -> type.equals(type(m)) && m.has("alertId") && m.get("alertId").asLong() == alertId && p.test(m), timeout);
    }

    public JsonNode awaitFor(String type, long alertId, Duration timeout) {
        return awaitFor(type, alertId, m -> true, timeout);
    }

    /** Sends HEARTBEAT with the next {@code seq} and returns it. */
    public long heartbeat() throws IOException {
        long seq = heartbeatSeq.getAndIncrement();
        send(object("HEARTBEAT").put("seq", seq));
        return seq;
    }

    /** §6.4: HEARTBEAT every {@code heartbeatSeconds} of the WELCOME, until closed. */
    public void startHeartbeats(Duration timeout) {
        JsonNode welcome = awaitType("WELCOME", timeout);
        Duration every = Duration.ofSeconds(welcome.get("heartbeatSeconds").asLong());
        heartbeats = Thread.ofVirtual().name("spec-client-heartbeat").start(() -> {
            while (!closing && closed == null) {
                LockSupport.parkNanos(every.toNanos()); // a period, not a synchronisation
                try {
                    if (!closing && closed == null) {
                        heartbeat();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public void logout() throws IOException {
        send(object("LOGOUT"));
    }

    /** Half-closes our side (TCP FIN) and keeps reading. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    private void requireHandshake() {
        if (k1 == null) {
            throw new IllegalStateException("no keys: the handshake has not completed (" + describeClose() + ")");
        }
    }

    // ------------------------------------------------------------------ receiving

    /** Runs on the reader thread for each message before it is added to {@link #received()}. */
    public void onMessage(java.util.function.Consumer<JsonNode> hook) {
        this.onMessage = hook;
    }

    public List<JsonNode> received() {
        return received;
    }

    /** Plaintexts exactly as received, for byte-level checks. */
    public List<String> receivedText() {
        return receivedText;
    }

    public List<JsonNode> receivedOfType(String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : received) {
            if (type.equals(type(m))) {
                out.add(m);
            }
        }
        return out;
    }

    /** The first received message (from the start) that matches. */
    public JsonNode awaitMessage(Predicate<JsonNode> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (JsonNode m : received) {
                if (p.test(m)) {
                    return m;
                }
            }
            if (closed != null) {
                for (JsonNode m : received) { // one last look: the frame may have come with the close
                    if (p.test(m)) {
                        return m;
                    }
                }
                throw new AssertionError("connection ended (" + describeClose() + ") without the expected message; received " + received);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no expected message within " + timeout.toMillis() + " ms; received " + received);
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    /** Like {@link #awaitMessage} but returns null if the deadline passes or the connection ends without it. */
    public JsonNode findWithin(Predicate<JsonNode> p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean ended = closed != null;
            for (JsonNode m : received) {
                if (p.test(m)) {
                    return m;
                }
            }
            if (ended || System.nanoTime() - deadline > 0) {
                return null;
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    public JsonNode awaitType(String type, Duration timeout) {
        return awaitMessage(m -> type.equals(type(m)), timeout);
    }

    /** Waits until the server's stream has ended; returns how, or null if it is still open at the deadline. */
    public Closed awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (closed == null && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(2_000_000);
        }
        return closed;
    }

    public Closed closedHow() {
        return closed;
    }

    public String describeClose() {
        return closed + (closeDetail == null ? "" : " " + closeDetail);
    }

    /** The REJECT's reason byte (1, 2 or 3; any other value reads as 3, §4.3), or -1 without a REJECT. */
    public int rejectReason() {
        return rejectReason;
    }

    /** The REJECT's text (at most 200 bytes of it), or null. */
    public String rejectText() {
        return rejectText;
    }

    /**
     * Reads raw bytes until the stream ends or {@code timeout} passes (for a connection whose
     * preamble we wrote by hand via {@link #sendRaw}, or what follows a REJECT). Afterwards
     * {@link #rawEndedWithEof()} tells an orderly end (FIN) from a reset or a timeout.
     */
    public byte[] readAllRaw(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        rawEndedWithEof = false;
        try {
            int n;
            while ((n = in.read(b)) >= 0) {
                buf.write(b, 0, n);
            }
            rawEndedWithEof = true;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the stream did not end within " + timeout.toMillis() + " ms; got " + hex(buf.toByteArray()));
        } catch (java.net.SocketException e) {
            // reset: what came before stays
        }
        return buf.toByteArray();
    }

    /** Reads exactly {@code n} raw bytes. */
    public byte[] readRaw(int n, Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        byte[] b = new byte[n];
        new DataInputStream(in).readFully(b);
        socket.setSoTimeout(0);
        return b;
    }

    public boolean rawEndedWithEof() {
        return rawEndedWithEof;
    }

    /** -1 at a clean end before the first byte; throws EOFException inside the 4 bytes. */
    private static long readLength(DataInputStream data) throws IOException {
        int first = data.read();
        if (first < 0) {
            return -1;
        }
        byte[] rest = new byte[3];
        data.readFully(rest);
        return ((long) first << 24) | ((rest[0] & 0xFFL) << 16) | ((rest[1] & 0xFFL) << 8) | (rest[2] & 0xFFL);
    }

    private void readLoop() {
        DataInputStream data = new DataInputStream(in);
        long seq = 0;
        try {
            while (true) {
                long n = readLength(data);
                if (n < 0) {
                    closed = Closed.BETWEEN_FRAMES;
                    socket.close(); // §6.5: after the server's last frame a client simply closes
                    return;
                }
                if (n < NONCE_LENGTH + TAG_LENGTH || n > MAX_FRAME) {
                    closeDetail = "length " + n;
                    closed = Closed.BAD_LENGTH;
                    return;
                }
                byte[] payload = new byte[(int) n];
                data.readFully(payload);
                byte[] plain;
                try {
                    plain = open(k2, SERVER_TO_CLIENT, handshakeHash, seq, payload);
                } catch (GeneralSecurityException e) {
                    closeDetail = "frame " + seq;
                    closed = Closed.DECRYPT_FAILED;
                    return;
                }
                seq++;
                String text = new String(plain, StandardCharsets.UTF_8);
                receivedText.add(text);
                JsonNode message = JSON.readTree(text);
                onMessage.accept(message);
                received.add(message);
            }
        } catch (EOFException e) {
            closed = Closed.INSIDE_FRAME;
        } catch (IOException e) {
            closeDetail = e.toString();
            closed = Closed.RESET;
        }
    }

    // ------------------------------------------------------------------ §3.3, §4.1 as functions

    /** §3.3: {@code length || nonce || ciphertext || tag} with the 42 bytes of associated data. */
    public static byte[] seal(byte[] key, byte direction, byte[] handshakeHash, long seq, byte[] nonce, byte[] plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            c.updateAAD(associatedData(direction, handshakeHash, seq));
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(4 + NONCE_LENGTH + ct.length).putInt(NONCE_LENGTH + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens a sealed frame's payload (without its length prefix). */
    public static byte[] open(byte[] key, byte direction, byte[] handshakeHash, long seq, byte[] payload) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, payload, 0, NONCE_LENGTH));
        c.updateAAD(associatedData(direction, handshakeHash, seq));
        return c.doFinal(payload, NONCE_LENGTH, payload.length - NONCE_LENGTH);
    }

    /** §3.3: version || direction || handshake hash || sequence number, 42 bytes. */
    public static byte[] associatedData(byte direction, byte[] handshakeHash, long seq) {
        if (handshakeHash.length != 32) {
            throw new IllegalArgumentException("the handshake hash is 32 bytes");
        }
        return ByteBuffer.allocate(42).put(VERSION).put(direction).put(handshakeHash).putLong(seq).array();
    }

    /**
     * §4.1: {@code ccn2-} + base64url without padding of (class key || server public key ||
     * checksum), white space anywhere removed first.
     */
    public static Keys decodeKey(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().filter(cp -> !Character.isWhitespace(cp)).forEach(sb::appendCodePoint);
        String s = sb.toString();
        if (s.startsWith("ccn1-")) {
            throw new IllegalArgumentException("this key string is for protocol 1; ask for the server's current key string, which starts with \"ccn2-\"");
        }
        if (!s.startsWith(KEY_PREFIX)) {
            throw new IllegalArgumentException("not a key string: it does not start with " + KEY_PREFIX);
        }
        if (s.length() != 93) {
            throw new IllegalArgumentException("not a key string: " + s.length() + " characters, not 93");
        }
        String body = s.substring(KEY_PREFIX.length());
        if (!body.matches("[A-Za-z0-9_-]{88}")) {
            throw new IllegalArgumentException("not a key string: a character outside A-Z a-z 0-9 - _");
        }
        byte[] raw = Base64.getUrlDecoder().decode(body);
        if (raw.length != 66) {
            throw new IllegalArgumentException("not a key string: " + raw.length + " bytes");
        }
        byte[] classKey = Arrays.copyOfRange(raw, 0, 32);
        byte[] serverPublic = Arrays.copyOfRange(raw, 32, 64);
        byte[] sum = checksum(classKey, serverPublic);
        if (raw[64] != sum[0] || raw[65] != sum[1]) {
            throw new IllegalArgumentException("the key string's checksum does not match: a character was mistyped");
        }
        return new Keys(classKey, serverPublic);
    }

    public static String encodeKey(Keys keys) {
        byte[] cls = keys.classKey();
        byte[] pub = keys.serverPublicKey();
        byte[] raw = concat(concat(cls, pub), checksum(cls, pub));
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static byte[] checksum(byte[] classKey, byte[] serverPublic) {
        return Arrays.copyOf(sha256(concat(classKey, serverPublic)), 2);
    }

    /** §4.1: 16 bytes of SHA-256("CCN-FP2" || class key || server public key), "XXXX-…" in 8 groups. */
    public static String fingerprint(Keys keys) {
        byte[] h = sha256(concat("CCN-FP2".getBytes(StandardCharsets.US_ASCII), concat(keys.classKey(), keys.serverPublicKey())));
        String hex = hex(Arrays.copyOf(h, 16)).toUpperCase(java.util.Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 32; i += 4) {
            if (i > 0) {
                sb.append('-');
            }
            sb.append(hex, i, i + 4);
        }
        return sb.toString();
    }

    /** §4.1: first 8 bytes of SHA-256("CCN-ID2" || server public key). */
    public static byte[] keyId(byte[] serverPublicKey) {
        return Arrays.copyOf(sha256(concat("CCN-ID2".getBytes(StandardCharsets.US_ASCII), serverPublicKey)), 8);
    }

    // ------------------------------------------------------------------ small things

    public static String type(JsonNode m) {
        JsonNode t = m == null ? null : m.get("type");
        return t == null ? "" : t.asText();
    }

    public Keys keys() {
        return keys;
    }

    public byte[] handshakeHash() {
        return handshakeHash.clone();
    }

    /** k1: client to server. */
    public byte[] clientKey() {
        return k1.clone();
    }

    /** k2: server to client. */
    public byte[] serverKey() {
        return k2.clone();
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    /** Hex to bytes; white space is ignored, so §7's wrapped and spaced values can be pasted as they are. */
    public static byte[] unhex(String s) {
        String t = s.replaceAll("\\s", "");
        byte[] b = new byte[t.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    @Override
    public void close() {
        closing = true;
        Thread hb = heartbeats;
        if (hb != null) {
            hb.interrupt();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
