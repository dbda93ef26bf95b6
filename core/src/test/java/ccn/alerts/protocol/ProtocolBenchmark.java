package ccn.alerts.protocol;

import ccn.alerts.crypto.SharedKey;
import com.google.crypto.tink.Aead;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;

/**
 * Frames per second per core on the codec and crypto path of one ALERT. Not a test: surefire
 * skips it (no Test in the name), and JMH's annotation processor only runs under {@code -Pbench}:
 *
 * <pre>
 * ./mvnw -B -pl core -Pbench clean test-compile exec:exec@jmh
 * ./mvnw -B -pl core -Pbench clean test-compile exec:exec@jmh -Djmh.args="-f 1 -wi 2 -i 3 ProtocolBenchmark.seal"
 * </pre>
 *
 * One thread, so each score is per core. The same JSON is encrypted for every recipient, but with
 * that connection's associated data (connection id, sequence number): {@link #seal} is the
 * per-recipient cost of a broadcast, {@link #encodeAlert} the once-per-alert cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProtocolBenchmark {
    private Message.Alert alert;
    private byte[] alertJson;
    private Aead aead;
    private byte[] handshakeHash;
    private byte[] sealed;
    private byte[] sealedAd;
    private byte[] frame;
    private FrameCipher sender;
    private long sequence;

    @Setup
    public void setUp() throws IOException, GeneralSecurityException {
        alert = new Message.Alert(42, Priority.HIGH, "Extreme heat: 41.0 °C, humidity 85 %. Stay indoors, drink water.",
                "2026-11-30T12:00:00Z", Message.AlertSource.AUTO, "server",
                new Message.Weather(41.0, 85.0, "sunny"), false);
        alertJson = MessageCodec.encode(alert);
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        aead = ccn.alerts.crypto.AesGcm.aead(key);
        handshakeHash = new byte[AssociatedData.BINDING_LENGTH];
        sealedAd = AssociatedData.of(Preamble.VERSION, Direction.SERVER_TO_CLIENT, handshakeHash, 7);
        sealed = aead.encrypt(alertJson, sealedAd);
        frame = FrameEncoder.encode(sealed, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
        sender = new FrameCipher(Direction.SERVER_TO_CLIENT, key, key, handshakeHash, FrameDecoder.DEFAULT_MAX_FRAME_LENGTH);
    }

    /** Once per alert: the JSON every recipient gets. */
    @Benchmark
    public byte[] encodeAlert() {
        return MessageCodec.encode(alert);
    }

    /** Once per received message: a client decoding an ALERT, the server an ACK. */
    @Benchmark
    public Message decodeAlert() throws MalformedMessageException {
        return MessageCodec.decode(alertJson);
    }

    /** Per recipient: associated data, AES-256-GCM seal (random IV), framing. */
    @Benchmark
    public byte[] seal() throws IOException {
        return sender.seal(alertJson);
    }

    /** Per received frame: associated data, AES-256-GCM open and tag check, JSON decode. */
    @Benchmark
    public Message open() throws GeneralSecurityException, MalformedMessageException {
        byte[] ad = AssociatedData.of(Preamble.VERSION, Direction.SERVER_TO_CLIENT, handshakeHash, 7);
        return MessageCodec.decode(aead.decrypt(sealed, ad));
    }

    /** Per received frame: length check and payload copy out of a buffered stream. */
    @Benchmark
    public byte[] readFrame() throws IOException {
        return new FrameDecoder(new ByteArrayInputStream(frame)).readFrame();
    }

    /** The AEAD alone, for comparison with {@link #seal}. */
    @Benchmark
    public byte[] aeadEncrypt() throws GeneralSecurityException {
        return aead.encrypt(alertJson, AssociatedData.of(Preamble.VERSION, Direction.SERVER_TO_CLIENT, handshakeHash, sequence++));
    }
}
