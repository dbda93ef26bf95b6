package ccn.alerts.outsider;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Noise_NKpsk0_25519_AESGCM_SHA256} written from the Noise specification (revision 34) and
 * {@code docs/PROTOCOL.md} §4.4 alone, on JDK primitives only: X25519 through {@code KeyAgreement},
 * AES-256-GCM, HMAC-SHA-256 and SHA-256. Both roles, so the worked example of §7 can be
 * reproduced from its fixed inputs; every intermediate value is kept in {@link #trace()} under the
 * label §7 gives it.
 *
 * <pre>
 * NKpsk0:
 *   &lt;- s
 *   ...
 *   -&gt; psk, e, es
 *   &lt;- e, ee
 * </pre>
 */
public final class SpecNoise {
    public static final byte[] PROTOCOL_NAME = "Noise_NKpsk0_25519_AESGCM_SHA256".getBytes(StandardCharsets.US_ASCII);
    public static final int DH_LENGTH = 32;
    public static final int TAG_LENGTH = 16;
    public static final int MESSAGE_LENGTH = DH_LENGTH + TAG_LENGTH;

    private static final SecureRandom RANDOM = new SecureRandom();
    /** RFC 7748 §4.1: the u-coordinate 9, little-endian. */
    private static final byte[] BASE_POINT = new byte[32];

    static {
        BASE_POINT[0] = 9;
        if (PROTOCOL_NAME.length != 32) {
            throw new AssertionError("Noise §5.2: a name of exactly HASHLEN bytes is used as is");
        }
    }

    private final boolean initiator;
    private final byte[] ePrivate;
    private final byte[] ePublic;
    private final byte[] sPrivate; // responder only
    private final byte[] rs; // the responder's static public key (both sides know it: "<- s")
    private final byte[] psk;
    private byte[] re; // the other side's ephemeral public key
    private byte[] h;
    private byte[] ck;
    private byte[] k;
    private long n;
    private final Map<String, byte[]> trace = new LinkedHashMap<>();

    private SpecNoise(boolean initiator, byte[] prologue, byte[] psk, byte[] rs, byte[] sPrivate, byte[] ePrivate)
            throws GeneralSecurityException {
        if (psk.length != 32 || rs.length != 32 || ePrivate.length != 32) {
            throw new IllegalArgumentException("psk, static key and ephemeral key are 32 bytes each");
        }
        this.initiator = initiator;
        this.rs = rs.clone();
        this.psk = psk.clone();
        this.sPrivate = sPrivate == null ? null : sPrivate.clone();
        this.ePrivate = ePrivate.clone();
        this.ePublic = publicKey(ePrivate);
        // step 0: InitializeSymmetric; the name is HASHLEN bytes, so h = name, not HASH(name)
        h = PROTOCOL_NAME.clone();
        ck = h.clone();
        trace("initial h and ck", h);
        // step 1: the prologue
        mixHash(prologue);
        trace("h after prologue", h);
        // step 2: the pre-message "<- s"
        mixHash(rs);
        trace("h after s", h);
    }

    /** The client: knows the server's static public key {@code rs} and the psk. */
    public static SpecNoise initiator(byte[] prologue, byte[] psk, byte[] rs, byte[] ePrivate) throws GeneralSecurityException {
        return new SpecNoise(true, prologue, psk, rs, null, ePrivate == null ? randomPrivate() : ePrivate);
    }

    /** A responder that claims the static public key {@code claimed} but holds the private key {@code sPrivate} of another. */
    public static SpecNoise impostor(byte[] prologue, byte[] psk, byte[] claimed, byte[] sPrivate) throws GeneralSecurityException {
        return new SpecNoise(false, prologue, psk, claimed, sPrivate, randomPrivate());
    }

    /** The server: holds the static private key whose public half the client knows. */
    public static SpecNoise responder(byte[] prologue, byte[] psk, byte[] sPrivate, byte[] ePrivate) throws GeneralSecurityException {
        return new SpecNoise(false, prologue, psk, publicKey(sPrivate), sPrivate, ePrivate == null ? randomPrivate() : ePrivate);
    }

    // ------------------------------------------------------------------ message 1: psk, e, es

    /** Initiator: {@code e.pub || tag}, 48 bytes. */
    public byte[] writeMessage1() throws GeneralSecurityException {
        require(initiator);
        mixKeyAndHash(psk);
        traceAfterPsk();
        mixHash(ePublic);
        mixKey(ePublic); // Noise §9.2: with a psk, "e" also calls MixKey(e.pub)
        traceAfterE(1);
        byte[] es = dh(ePrivate, rs);
        mixKeyAfterDh("es", es);
        byte[] tag = encryptAndHash(new byte[0]);
        trace("h after message 1", h);
        return concat(ePublic, tag);
    }

    /** Responder: reads {@code e.pub || tag}; throws when the tag does not verify (other psk, other s). */
    public void readMessage1(byte[] message) throws GeneralSecurityException {
        readMessage1(message, true);
    }

    /**
     * With {@code verify} false, a tag that does not verify is ignored (its bytes are still hashed):
     * what an impostor does, that has the class key and the key string's public key but not its
     * private half, so it can go on to write a message 2 that cannot open.
     */
    public void readMessage1(byte[] message, boolean verify) throws GeneralSecurityException {
        require(!initiator);
        checkLength(message);
        mixKeyAndHash(psk);
        traceAfterPsk();
        re = Arrays.copyOf(message, DH_LENGTH);
        mixHash(re);
        mixKey(re);
        traceAfterE(1);
        byte[] es = dh(sPrivate, re);
        mixKeyAfterDh("es", es);
        byte[] tag = Arrays.copyOfRange(message, DH_LENGTH, MESSAGE_LENGTH);
        if (verify) {
            decryptAndHash(tag);
        } else {
            n++;
            mixHash(tag);
        }
        trace("h after message 1", h);
    }

    // ------------------------------------------------------------------ message 2: e, ee

    public byte[] writeMessage2() throws GeneralSecurityException {
        require(!initiator);
        mixHash(ePublic);
        mixKey(ePublic);
        traceAfterE(2);
        byte[] ee = dh(ePrivate, re);
        mixKeyAfterDh("ee", ee);
        byte[] tag = encryptAndHash(new byte[0]);
        trace("h after message 2", h);
        return concat(ePublic, tag);
    }

    /** Initiator: throws when RESPONSE does not open: the peer did not compute {@code es} with s's private key. */
    public void readMessage2(byte[] message) throws GeneralSecurityException {
        require(initiator);
        checkLength(message);
        re = Arrays.copyOf(message, DH_LENGTH);
        mixHash(re);
        mixKey(re);
        traceAfterE(2);
        byte[] ee = dh(ePrivate, re);
        mixKeyAfterDh("ee", ee);
        decryptAndHash(Arrays.copyOfRange(message, DH_LENGTH, MESSAGE_LENGTH));
        trace("h after message 2", h);
    }

    /** {@code Split()}: {@code [k1 (initiator to responder), k2 (responder to initiator)]}. */
    public byte[][] split() throws GeneralSecurityException {
        byte[][] keys = hkdf(ck, new byte[0], 2);
        trace("k1 (client to server)", keys[0]);
        trace("k2 (server to client)", keys[1]);
        return keys;
    }

    public byte[] handshakeHash() {
        return h.clone();
    }

    public byte[] ephemeralPublic() {
        return ePublic.clone();
    }

    /** Every intermediate value, in order, under §7's labels. */
    public Map<String, byte[]> trace() {
        return trace;
    }

    // ------------------------------------------------------------------ Noise §5.1, §5.2, §4

    private void mixHash(byte[] data) throws GeneralSecurityException {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        d.update(h);
        d.update(data);
        h = d.digest();
    }

    private void mixKey(byte[] ikm) throws GeneralSecurityException {
        byte[][] out = hkdf(ck, ikm, 2);
        ck = out[0];
        k = out[1];
        n = 0;
    }

    private void mixKeyAndHash(byte[] ikm) throws GeneralSecurityException {
        byte[][] out = hkdf(ck, ikm, 3);
        ck = out[0];
        mixHash(out[1]);
        k = out[2];
        n = 0;
    }

    private byte[] encryptAndHash(byte[] plaintext) throws GeneralSecurityException {
        byte[] c = aead(Cipher.ENCRYPT_MODE, k, n, h, plaintext);
        n++;
        mixHash(c);
        return c;
    }

    private byte[] decryptAndHash(byte[] ciphertext) throws GeneralSecurityException {
        byte[] p = aead(Cipher.DECRYPT_MODE, k, n, h, ciphertext);
        n++;
        mixHash(ciphertext);
        return p;
    }

    /** Noise §12.4 (AESGCM): a 96-bit nonce of 32 zero bits then n, 64-bit big-endian. */
    private static byte[] aead(int mode, byte[] key, long n, byte[] ad, byte[] data) throws GeneralSecurityException {
        byte[] nonce = ByteBuffer.allocate(12).putInt(0).putLong(n).array();
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        c.updateAAD(ad);
        return c.doFinal(data);
    }

    /** Noise §4.3 HKDF over HMAC-SHA-256: 2 or 3 outputs of 32 bytes. */
    public static byte[][] hkdf(byte[] chainingKey, byte[] ikm, int outputs) throws GeneralSecurityException {
        byte[] temp = hmac(chainingKey, ikm);
        byte[][] out = new byte[outputs][];
        byte[] previous = new byte[0];
        for (int i = 0; i < outputs; i++) {
            previous = hmac(temp, concat(previous, new byte[]{(byte) (i + 1)}));
            out[i] = previous;
        }
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    // ------------------------------------------------------------------ X25519, RFC 7748

    /** X25519(private, public); both 32 bytes as RFC 7748 encodes them (little-endian). Refuses low-order points. */
    public static byte[] dh(byte[] privateKey, byte[] publicKey) throws GeneralSecurityException {
        KeyFactory kf = KeyFactory.getInstance("XDH");
        PrivateKey sk = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey.clone()));
        PublicKey pk = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(publicKey)));
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(sk);
        ka.doPhase(pk, true);
        byte[] shared = ka.generateSecret();
        if (shared.length != 32) {
            throw new GeneralSecurityException("X25519 gave " + shared.length + " bytes");
        }
        boolean zero = true;
        for (byte b : shared) {
            zero &= b == 0;
        }
        if (zero) { // the JDK refuses these itself; kept in case a provider does not
            throw new GeneralSecurityException("low-order point");
        }
        return shared;
    }

    /** The public key of a 32-byte private key: X25519(private, 9). */
    public static byte[] publicKey(byte[] privateKey) throws GeneralSecurityException {
        return dh(privateKey, BASE_POINT);
    }

    public static byte[] randomPrivate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }

    /** RFC 7748 §5 decodeUCoordinate: little-endian, the top bit of the last byte masked. */
    private static BigInteger decodeU(byte[] u) {
        if (u.length != 32) {
            throw new IllegalArgumentException("an X25519 public key is 32 bytes");
        }
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = u[31 - i];
        }
        be[0] &= 0x7F;
        return new BigInteger(1, be);
    }

    // ------------------------------------------------------------------ small things

    private void traceAfterPsk() {
        trace("ck after psk", ck);
        trace("h after psk", h);
    }

    private void traceAfterE(int message) {
        trace("h after e (message " + message + ")", h);
        trace("ck after e (message " + message + ")", ck);
    }

    private void mixKeyAfterDh(String name, byte[] shared) throws GeneralSecurityException {
        trace(name, shared);
        mixKey(shared);
        trace("ck after " + name, ck);
        trace("k after " + name, k);
    }

    private void trace(String label, byte[] value) {
        trace.put(label, value.clone());
    }

    private static void checkLength(byte[] message) {
        if (message.length != MESSAGE_LENGTH) {
            throw new IllegalArgumentException("a handshake message of this pattern is " + MESSAGE_LENGTH + " bytes, not " + message.length);
        }
    }

    private static void require(boolean role) {
        if (!role) {
            throw new IllegalStateException("not this role's message");
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
