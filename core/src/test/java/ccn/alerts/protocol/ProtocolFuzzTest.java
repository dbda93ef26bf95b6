package ccn.alerts.protocol;

import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random and mutated input, from a fixed seed so a failure reproduces: whatever a peer sends, the
 * frame decoder, the secure channel and the message codec fail only with the typed protocol
 * errors (or {@link EOFException} for a clean end) — never with a runtime exception, an
 * allocation the size of a hostile header, or a hang. Each part tries {@value #INPUTS} inputs.
 */
class ProtocolFuzzTest {
    static final int INPUTS = 100_000;
    /** Inputs that each cost a handshake (three X25519 operations, ~0.5 ms): a quarter as many. */
    static final int HANDSHAKE_INPUTS = INPUTS / 4;
    private static final long SEED = 0xCC_A1E7L;
    private static final int MAX_FRAME = 2_048;

    /** The documented examples, one per message type: the seeds for mutation. */
    private static final List<String> EXAMPLES = List.of(
            "{\"type\":\"HELLO\",\"agent\":\"ccn-alerts-client/0.1\"}",
            "{\"type\":\"WELCOME\",\"agent\":\"ccn-alerts-server/0.1\",\"heartbeatSeconds\":10,\"loginTimeoutSeconds\":10}",
            "{\"type\":\"LOGIN\",\"username\":\"admin\",\"password\":\"admin123\"}",
            "{\"type\":\"AUTH_SUCCESS\",\"username\":\"admin\",\"sessionId\":\"s-42\",\"message\":\"Welcome, admin\"}",
            "{\"type\":\"AUTH_FAILED\",\"reason\":\"THROTTLED\",\"message\":\"Too many failed logins\",\"retryAfterSeconds\":30}",
            "{\"type\":\"ALERT\",\"alertId\":7,\"priority\":\"HIGH\",\"message\":\"Weather Alert: Temp: 32°C\","
                    + "\"timestamp\":\"2026-11-30T12:00:00Z\",\"source\":\"AUTO\",\"sender\":\"weather\",\"weather\":"
                    + "{\"temperatureC\":32.0,\"humidityPercent\":85.0,\"condition\":\"Sunny\"},\"redelivery\":false}",
            "{\"type\":\"ACK\",\"alertId\":7}",
            "{\"type\":\"ACK_OK\",\"alertId\":7}",
            "{\"type\":\"HEARTBEAT\",\"seq\":3}",
            "{\"type\":\"HEARTBEAT_OK\",\"seq\":3}",
            "{\"type\":\"LOGOUT\"}",
            "{\"type\":\"SERVER_SHUTDOWN\",\"message\":\"Server is shutting down\"}",
            "{\"type\":\"ERROR\",\"code\":\"LOGIN_TIMEOUT\",\"message\":\"no login within 10 s\"}");

    /** Values a hostile peer would put where a well-formed one puts a field. */
    private static final List<String> NASTY = List.of("null", "-1", "0", "1e400", "-1e400", "9223372036854775808",
            "-9223372036854775809", "1.5", "\"\"", "\" \"", "[]", "{}", "true", "\"NaN\"", "NaN", "\"\\ud800\"",
            "\"\\u0000\"", "\"" + "x".repeat(2_000) + "\"", "[".repeat(40) + "]".repeat(40),
            "{\"a\":".repeat(20) + "1" + "}".repeat(20), "\"HELLO\"", "\"ALERT\"", "\"UNKNOWN\"", "\"2026-13-45T99:00:00Z\"",
            "1" + "0".repeat(40), "\"\\\"\"", "0x10", "-0", "\"LOW\"");

    @Test
    void frameDecoder_onRandomBytes_failsOnlyWithTypedErrors() {
        SplittableRandom random = new SplittableRandom(SEED);
        Outcomes outcomes = new Outcomes();
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = randomStream(random);
            FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(input), MAX_FRAME);
            try {
                for (int frames = 0; frames <= input.length; frames++) {
                    byte[] payload = decoder.readFrame();
                    assertTrue(payload.length >= 1 && payload.length <= MAX_FRAME, "frame of " + payload.length);
                }
                fail("more frames than bytes in " + Arrays.toString(input));
            } catch (EOFException e) {
                outcomes.cleanEnd++;
            } catch (ProtocolException e) {
                outcomes.count(e);
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("input " + i + " " + Arrays.toString(input) + " escaped as " + e, e);
            }
        }
        outcomes.report("FrameDecoder", 0);
    }

    @Test
    void secureChannel_onMutatedEncryptedFrames_failsOnlyWithTypedErrors() throws IOException {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        ServerKeys serverKeys = ServerKeys.of(new byte[32], filled(3));
        SharedKey key = serverKeys.sharedKey();
        byte[] clientEphemeral = filled(5);
        // What an honest server sends: its preamble, its handshake answer, then a few frames.
        byte[] clientOpening = new Handshake.Client(key, MAX_FRAME, clientEphemeral).opening(null);
        Handshake.Outcome answer = new Handshake.Server(serverKeys, MAX_FRAME, filled(7))
                .respond(Arrays.copyOfRange(clientOpening, Preamble.LENGTH + 4, clientOpening.length), null);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(Preamble.encode());
        List<Integer> frameStarts = new ArrayList<>();
        frameStarts.add(wire.size());
        wire.write(answer.frame());
        for (String json : EXAMPLES.subList(1, 6)) {
            frameStarts.add(wire.size());
            wire.write(answer.cipher().seal(json.getBytes(StandardCharsets.UTF_8)));
        }
        byte[] honest = wire.toByteArray();
        Outcomes outcomes = new Outcomes();
        int decoded = 0;
        for (int i = 0; i < HANDSHAKE_INPUTS; i++) {
            byte[] input = mutateFrames(random, honest, frameStarts);
            try {
                SecureChannel client = SecureChannel.client(new ByteArrayInputStream(input), OutputStream.nullOutputStream(),
                        () -> { }, new Handshake.Client(key, MAX_FRAME, clientEphemeral), MAX_FRAME, null);
                for (int frames = 0; frames <= input.length; frames++) {
                    client.receive();
                    decoded++;
                }
                fail("more messages than bytes");
            } catch (EOFException e) {
                outcomes.cleanEnd++;
            } catch (ProtocolException e) {
                outcomes.count(e);
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("input " + i + " escaped as " + e, e);
            }
        }
        assertTrue(outcomes.byType.getOrDefault("DecryptionFailedException", 0) > HANDSHAKE_INPUTS / 4,
                "most mutations must hit the authentication tag: " + outcomes.byType);
        outcomes.report("SecureChannel", decoded);
    }

    @Test
    void serverHandshake_onMutatedInitFrames_refusesWithAReasonAndNeverThrows() {
        SplittableRandom random = new SplittableRandom(SEED + 3);
        ServerKeys serverKeys = ServerKeys.of(new byte[32], filled(3));
        byte[] opening = new Handshake.Client(serverKeys.sharedKey(), MAX_FRAME, filled(5)).opening(null);
        byte[] init = Arrays.copyOfRange(opening, Preamble.LENGTH + 4, opening.length);
        java.util.Map<HandshakeException.Reason, Integer> reasons = new java.util.EnumMap<>(HandshakeException.Reason.class);
        int accepted = 0;
        for (int i = 0; i < HANDSHAKE_INPUTS; i++) {
            byte[] input = switch (random.nextInt(3)) {
                case 0 -> { // flip one bit
                    byte[] b = init.clone();
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    yield b;
                }
                case 1 -> Arrays.copyOf(init, random.nextInt(1, init.length + 20)); // shorter or longer
                default -> bytes(random, random.nextInt(1, 100)); // garbage
            };
            Handshake.Outcome outcome = new Handshake.Server(serverKeys, MAX_FRAME, filled(7)).respond(input, null);
            assertTrue(outcome.frame().length > 4, "every INIT gets an answer");
            if (outcome.failure() == null) {
                assertTrue(Arrays.equals(input, init), "only the honest INIT is accepted");
                accepted++;
            } else {
                reasons.merge(outcome.failure().reason(), 1, Integer::sum);
            }
        }
        assertTrue(reasons.keySet().containsAll(java.util.Set.of(HandshakeException.Reason.MALFORMED,
                HandshakeException.Reason.OTHER_SERVER, HandshakeException.Reason.WRONG_CLASS_KEY)), reasons.toString());
        System.out.println("Server handshake fuzz: " + HANDSHAKE_INPUTS + " inputs, " + accepted + " accepted, refused " + reasons);
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void messageCodec_onMutatedValidJson_failsOnlyWithMalformedMessage() {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        Outcomes outcomes = new Outcomes();
        int accepted = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = mutateJson(random, EXAMPLES.get(random.nextInt(EXAMPLES.size())));
            try {
                Message m = MessageCodec.decode(input);
                // Whatever decodes is a well-formed message: it must encode again.
                MessageCodec.encode(m);
                accepted++;
            } catch (MalformedMessageException e) {
                outcomes.count(e);
            } catch (RuntimeException e) {
                throw new AssertionError("input " + i + " '" + new String(input, StandardCharsets.UTF_8)
                        + "' escaped as " + e, e);
            }
        }
        assertTrue(accepted > 100 && outcomes.total() > INPUTS / 2, "the mutations exercise both outcomes: accepted "
                + accepted + ", rejected " + outcomes.total());
        outcomes.report("MessageCodec", accepted);
    }

    // ------------------------------------------------------------------ generators

    private static byte[] randomStream(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> bytes(r, r.nextInt(64));
            case 1 -> { // a plausible header, then too few or enough bytes
                int length = r.nextInt(MAX_FRAME + 64);
                byte[] body = bytes(r, r.nextInt(Math.min(length + 8, 4_096)));
                yield concat(header(length), body);
            }
            case 2 -> concat(header(r.nextBoolean() ? -r.nextInt(1, Integer.MAX_VALUE) : Integer.MAX_VALUE), bytes(r, 8));
            default -> { // several valid frames and a random tail
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int n = r.nextInt(1, 5); n > 0; n--) {
                    byte[] p = bytes(r, r.nextInt(1, 100));
                    out.writeBytes(header(p.length));
                    out.writeBytes(p);
                }
                out.writeBytes(bytes(r, r.nextInt(6)));
                yield out.toByteArray();
            }
        };
    }

    private static byte[] mutateFrames(SplittableRandom r, byte[] honest, List<Integer> starts) {
        byte[] b = honest.clone();
        int pick = r.nextInt(starts.size());
        int start = starts.get(pick);
        int end = pick + 1 < starts.size() ? starts.get(pick + 1) : honest.length;
        return switch (r.nextInt(7)) {
            case 0 -> { // flip one bit anywhere after the preamble
                int at = r.nextInt(Preamble.LENGTH, b.length);
                b[at] ^= (byte) (1 << r.nextInt(8));
                yield b;
            }
            case 1 -> Arrays.copyOf(b, r.nextInt(b.length)); // cut short
            case 2 -> concat(Arrays.copyOf(b, end), Arrays.copyOfRange(b, start, b.length)); // replay one frame
            case 3 -> { // drop one frame (the rest is then out of order)
                yield concat(Arrays.copyOf(b, start), Arrays.copyOfRange(b, end, b.length));
            }
            case 4 -> { // rewrite a length field
                int length = r.nextBoolean() ? r.nextInt() : r.nextInt(0, 200);
                System.arraycopy(header(length), 0, b, start, 4);
                yield b;
            }
            case 5 -> concat(Arrays.copyOf(b, start), bytes(r, r.nextInt(1, 200))); // garbage instead
            default -> { // a burst of random bytes somewhere, preamble included
                int at = r.nextInt(b.length);
                byte[] noise = bytes(r, r.nextInt(1, 16));
                System.arraycopy(noise, 0, b, at, Math.min(noise.length, b.length - at));
                yield b;
            }
        };
    }

    private static byte[] mutateJson(SplittableRandom r, String example) {
        String s = example;
        int rounds = r.nextInt(1, 4);
        for (int i = 0; i < rounds && s.length() > 1; i++) {
            s = switch (r.nextInt(8)) {
                case 0, 1 -> replaceValue(r, s, NASTY.get(r.nextInt(NASTY.size())));
                case 2 -> { // a value of another example in place of this one
                    String other = EXAMPLES.get(r.nextInt(EXAMPLES.size()));
                    yield replaceValue(r, s, valueAt(other, r));
                }
                case 3 -> { // drop a member
                    int comma = s.indexOf(',', r.nextInt(s.length()));
                    int next = comma < 0 ? -1 : s.indexOf(',', comma + 1);
                    yield comma < 0 ? s : s.substring(0, comma) + (next < 0 ? "}" : s.substring(next));
                }
                case 4 -> s.substring(0, s.length() - 1) + ",\"type\":" + NASTY.get(r.nextInt(NASTY.size())) + "}";
                case 5 -> s.substring(0, r.nextInt(s.length())); // truncated
                case 6 -> { // a random character somewhere
                    int at = r.nextInt(s.length());
                    yield s.substring(0, at) + (char) r.nextInt(0, 0x3000) + s.substring(at + 1);
                }
                default -> s + (r.nextBoolean() ? " {}" : " ");
            };
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(10) == 0 && bytes.length > 0) { // raw byte damage, also to UTF-8
            bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
        }
        return bytes;
    }

    /** Replaces the value after a random ':' with {@code value}. */
    private static String replaceValue(SplittableRandom r, String s, String value) {
        int colon = s.indexOf(':', r.nextInt(s.length()));
        if (colon < 0) {
            colon = s.indexOf(':');
        }
        int end = valueEnd(s, colon + 1);
        return s.substring(0, colon + 1) + value + s.substring(end);
    }

    private static String valueAt(String s, SplittableRandom r) {
        int colon = s.indexOf(':', r.nextInt(s.length()));
        if (colon < 0) {
            colon = s.indexOf(':');
        }
        return s.substring(colon + 1, valueEnd(s, colon + 1));
    }

    /** End of the JSON value starting at {@code from}: the next ',' or '}' outside strings and nesting. */
    private static int valueEnd(String s, int from) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && depth > 0) {
                depth--;
            } else if ((c == ',' || c == '}') && depth == 0) {
                return i;
            }
        }
        return s.length();
    }

    private static byte[] header(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Counts of each typed failure, printed as the run's figures. */
    private static final class Outcomes {
        final java.util.TreeMap<String, Integer> byType = new java.util.TreeMap<>();
        int cleanEnd;

        void count(Exception e) {
            byType.merge(e.getClass().getSimpleName(), 1, Integer::sum);
        }

        int total() {
            return byType.values().stream().mapToInt(Integer::intValue).sum();
        }

        void report(String what, int accepted) {
            System.out.printf("fuzz %s: %,d inputs (seed %x): clean end %,d, accepted %,d, rejected %s, escaped 0%n",
                    what, INPUTS, SEED, cleanEnd, accepted, byType);
        }
    }
}
