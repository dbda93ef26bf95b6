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
 * A CCN protocol v1 client written from {@code docs/PROTOCOL.md} alone, without the project's
 * protocol classes: raw {@link Socket}, JDK AES-256-GCM, Jackson for JSON. It can speak the
 * protocol correctly (preamble, HELLO, LOGIN, ACK, HEARTBEAT, LOGOUT) and also send anything
 * else: arbitrary JSON text in a correctly sealed frame, frames with a chosen sequence number or
 * direction, and raw bytes.
 *
 * <p>A reader thread decrypts every server frame and keeps it in {@link #received()}; when the
 * stream ends it records how ({@link #closedHow()}).
 */
public final class SpecClient implements AutoCloseable {
    public static final byte VERSION = 0x01;
    public static final byte[] MAGIC = {0x43, 0x43, 0x4E};
    public static final int PREAMBLE_LENGTH = 20;
    public static final int NONCE_LENGTH = 12;
    public static final int TAG_LENGTH = 16;
    public static final int MAX_FRAME = 65536;
    public static final byte CLIENT_TO_SERVER = 0x43;
    public static final byte SERVER_TO_CLIENT = 0x53;
    public static final String KEY_PREFIX = "ccn1-";
    public static final String AGENT = "spec-outsider/1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How the server's stream ended, as §3 distinguishes it. */
    public enum Closed { BETWEEN_FRAMES, INSIDE_FRAME, DECRYPT_FAILED, BAD_LENGTH, RESET, BEFORE_PREAMBLE, BAD_PREAMBLE }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] key;
    private final byte[] clientNonce;
    private byte[] serverNonce;
    private byte[] connectionId;
    private long sendSeq;
    private final AtomicLong heartbeatSeq = new AtomicLong();
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<String> receivedText = new CopyOnWriteArrayList<>();
    private volatile Closed closed;
    private volatile String closeDetail;
    private volatile boolean closing;
    private volatile Thread heartbeats;
    private volatile java.util.function.Consumer<JsonNode> onMessage = m -> { };

    private SpecClient(Socket socket, byte[] key, byte[] clientNonce) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.key = key;
        this.clientNonce = clientNonce;
    }

    // ------------------------------------------------------------------ opening

    /** A TCP connection and nothing else: the caller writes raw bytes (preamble included). */
    public static SpecClient tcp(int port, String keyString) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setTcpNoDelay(true);
        return new SpecClient(s, decodeKey(keyString), randomBytes(16));
    }

    /** §2: both preambles exchanged; the reader thread runs. No frame sent yet. */
    public static SpecClient preambled(int port, String keyString) throws IOException {
        SpecClient c = tcp(port, keyString);
        try {
            c.exchangePreambles(preamble(VERSION, c.clientNonce));
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Preambles, then {@code HELLO}; WELCOME arrives in {@link #received()}. */
    public static SpecClient hello(int port, String keyString) throws IOException {
        SpecClient c = preambled(port, keyString);
        c.send(c.object("HELLO").put("agent", AGENT));
        return c;
    }

    /** Preambles, HELLO, LOGIN, and waits for AUTH_SUCCESS; fails on anything else. */
    public static SpecClient login(int port, String keyString, String user, String password, Duration timeout) throws IOException {
        SpecClient c = hello(port, keyString);
        c.send(c.object("LOGIN").put("username", user).put("password", password));
        JsonNode answer = c.awaitMessage(m -> type(m).startsWith("AUTH_") || type(m).equals("ERROR"), timeout);
        if (!"AUTH_SUCCESS".equals(type(answer))) {
            c.close();
            throw new AssertionError("login as " + user + " answered " + answer);
        }
        return c;
    }

    public static byte[] preamble(byte version, byte[] nonce) {
        byte[] p = new byte[PREAMBLE_LENGTH];
        System.arraycopy(MAGIC, 0, p, 0, 3);
        p[3] = version;
        System.arraycopy(nonce, 0, p, 4, 16);
        return p;
    }

    /** Writes {@code ourPreamble} (must carry this client's nonce at 4..20), reads the server's 20 bytes, starts the reader. */
    public void exchangePreambles(byte[] ourPreamble) throws IOException {
        out.write(ourPreamble);
        out.flush();
        byte[] theirs = new byte[PREAMBLE_LENGTH];
        try {
            new DataInputStream(in).readFully(theirs);
        } catch (EOFException e) {
            closed = Closed.BEFORE_PREAMBLE;
            throw e;
        }
        if (!Arrays.equals(Arrays.copyOf(theirs, 3), MAGIC) || theirs[3] != VERSION) {
            closed = Closed.BAD_PREAMBLE;
            throw new IOException("server preamble " + hex(theirs));
        }
        serverNonce = Arrays.copyOfRange(theirs, 4, 20);
        connectionId = concat(Arrays.copyOfRange(ourPreamble, 4, 20), serverNonce);
        Thread.ofVirtual().name("spec-client-reader").start(this::readLoop);
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
        byte[] frame = seal(key, CLIENT_TO_SERVER, connectionId, sendSeq, randomBytes(NONCE_LENGTH), plaintext);
        sendSeq++;
        out.write(frame);
        out.flush();
    }

    /** A frame sealed with a chosen direction and sequence number; does not advance the counter. */
    public synchronized void sendSealedAs(byte direction, long seq, byte[] plaintext) throws IOException {
        out.write(seal(key, direction, connectionId, seq, randomBytes(NONCE_LENGTH), plaintext));
        out.flush();
    }

    public synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void ack(long alertId) throws IOException {
        send(object("ACK").put("alertId", alertId));
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

    /** Reads raw bytes until EOF (for a connection whose preamble we wrote by hand via {@link #sendRaw}). */
    public byte[] readAllRaw(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[4096];
        try {
            int n;
            while ((n = in.read(b)) >= 0) {
                buf.write(b, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset: what came before stays
        }
        return buf.toByteArray();
    }

    private void readLoop() {
        DataInputStream data = new DataInputStream(in);
        long seq = 0;
        try {
            while (true) {
                int first = data.read();
                if (first < 0) {
                    closed = Closed.BETWEEN_FRAMES;
                    return;
                }
                byte[] rest = new byte[3];
                data.readFully(rest);
                long n = ((long) first << 24) | ((rest[0] & 0xFFL) << 16) | ((rest[1] & 0xFFL) << 8) | (rest[2] & 0xFFL);
                if (n < NONCE_LENGTH + TAG_LENGTH || n > MAX_FRAME) {
                    closeDetail = "length " + n;
                    closed = Closed.BAD_LENGTH;
                    return;
                }
                byte[] payload = new byte[(int) n];
                data.readFully(payload);
                byte[] plain;
                try {
                    plain = open(key, SERVER_TO_CLIENT, connectionId, seq, payload);
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

    // ------------------------------------------------------------------ §3, §4 as functions

    /** §3: {@code length || nonce || ciphertext || tag} with §3.1's associated data. */
    public static byte[] seal(byte[] key, byte direction, byte[] connectionId, long seq, byte[] nonce, byte[] plaintext) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            c.updateAAD(associatedData(direction, connectionId, seq));
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(4 + NONCE_LENGTH + ct.length).putInt(NONCE_LENGTH + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] open(byte[] key, byte direction, byte[] connectionId, long seq, byte[] payload) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, payload, 0, NONCE_LENGTH));
        c.updateAAD(associatedData(direction, connectionId, seq));
        return c.doFinal(payload, NONCE_LENGTH, payload.length - NONCE_LENGTH);
    }

    public static byte[] associatedData(byte direction, byte[] connectionId, long seq) {
        return ByteBuffer.allocate(42).put(VERSION).put(direction).put(connectionId).putLong(seq).array();
    }

    /** §4: {@code ccn1-} + base64url(key || first 2 bytes of SHA-256(key)), white space ignored. */
    public static byte[] decodeKey(String text) {
        String s = text.replaceAll("\\s", "");
        if (!s.startsWith(KEY_PREFIX) || s.length() != 51 || !s.substring(KEY_PREFIX.length()).matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("not a key string");
        }
        byte[] raw = Base64.getUrlDecoder().decode(s.substring(5));
        byte[] key = Arrays.copyOf(raw, 32);
        byte[] sum = sha256(key);
        if (raw.length != 34 || raw[32] != sum[0] || raw[33] != sum[1]) {
            throw new IllegalArgumentException("key string checksum mismatch");
        }
        return key;
    }

    public static String fingerprint(byte[] key) {
        byte[] h = sha256(concat("CCN-FP1".getBytes(StandardCharsets.US_ASCII), key));
        String hex = hex(Arrays.copyOf(h, 4)).toUpperCase();
        return hex.substring(0, 4) + "-" + hex.substring(4);
    }

    // ------------------------------------------------------------------ small things

    public static String type(JsonNode m) {
        JsonNode t = m == null ? null : m.get("type");
        return t == null ? "" : t.asText();
    }

    public byte[] connectionId() {
        return connectionId.clone();
    }

    public byte[] clientNonce() {
        return clientNonce.clone();
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

    private static byte[] sha256(byte[] b) {
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

    public static byte[] unhex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
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
