package ccn.alerts.crypto;

import com.google.crypto.tink.subtle.X25519;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * The handshake {@code Noise_NKpsk0_25519_AESGCM_SHA256} of the Noise Protocol Framework
 * (revision 34, https://noiseprotocol.org/noise.html), both roles, as the specification's
 * HandshakeState, SymmetricState and CipherState describe them (sections 5.1 to 5.3, 9):
 *
 * <pre>
 * NKpsk0:
 *   &lt;- s
 *   ...
 *   -&gt; psk, e, es
 *   &lt;- e, ee
 * </pre>
 *
 * The initiator (client) knows the responder's (server's) static public key before it starts;
 * the pre-shared key is mixed in first, so a peer without it cannot complete the first message.
 * Checked against the published cacophony test vector in {@code NoiseHandshakeTest}.
 *
 * <p>Nothing here is new cryptography: X25519 from Tink, AES-256-GCM and HMAC-SHA-256 from the
 * JDK, and the spec's own composition of them. Not thread-safe; one per handshake.
 */
public final class NoiseHandshake {
    public static final String PROTOCOL_NAME = "Noise_NKpsk0_25519_AESGCM_SHA256";
    public static final int DH_LENGTH = 32;
    public static final int HASH_LENGTH = 32;
    public static final int TAG_LENGTH = 16;

    /** The two symmetric keys and the transcript hash a finished handshake yields. */
    public record Split(CipherState initiatorToResponder, CipherState responderToInitiator, byte[] handshakeHash) {
    }

    private final boolean initiator;
    private final byte[] psk;
    private final byte[] staticPrivate;   // responder only
    private final byte[] remoteStatic;    // the responder's static public key, for both roles
    private final byte[] ephemeralPrivate;
    /** Derived when first written: a responder that refuses message 1 never pays for it. */
    private byte[] ephemeralPublic;
    private final SymmetricState symmetric;
    private byte[] remoteEphemeral;
    private int messages;

    private NoiseHandshake(boolean initiator, byte[] prologue, byte[] psk, byte[] staticPrivate,
                           byte[] responderStatic, byte[] ephemeralPrivate) {
        if (psk.length != 32) {
            throw new IllegalArgumentException("a Noise pre-shared key is 32 bytes");
        }
        this.initiator = initiator;
        this.psk = psk.clone();
        this.staticPrivate = staticPrivate == null ? null : staticPrivate.clone();
        this.remoteStatic = responderStatic.clone();
        this.ephemeralPrivate = ephemeralPrivate.clone();
        this.symmetric = new SymmetricState(PROTOCOL_NAME);
        symmetric.mixHash(prologue);
        symmetric.mixHash(remoteStatic); // pre-message "<- s"
    }

    /**
     * @param responderStatic the server's static public key, known in advance
     * @param ephemeral       a fresh X25519 private key ({@link #newPrivateKey()}); fixed only in tests
     */
    public static NoiseHandshake initiator(byte[] prologue, byte[] psk, byte[] responderStatic, byte[] ephemeral) {
        return new NoiseHandshake(true, prologue, psk, null, responderStatic, ephemeral);
    }

    /** @param staticPrivate the server's long-term X25519 private key */
    public static NoiseHandshake responder(byte[] prologue, byte[] psk, byte[] staticPrivate, byte[] ephemeral) {
        return responder(prologue, psk, staticPrivate, publicKey(staticPrivate), ephemeral);
    }

    /** As above, with the static public key known already (it costs an X25519 operation to derive). */
    public static NoiseHandshake responder(byte[] prologue, byte[] psk, byte[] staticPrivate, byte[] staticPublic,
                                           byte[] ephemeral) {
        return new NoiseHandshake(false, prologue, psk, staticPrivate, staticPublic, ephemeral);
    }

    /** A fresh X25519 private key. */
    public static byte[] newPrivateKey() {
        return X25519.generatePrivateKey();
    }

    public static byte[] publicKey(byte[] privateKey) {
        try {
            return X25519.publicFromPrivate(privateKey);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an X25519 private key", e);
        }
    }

    /** Writes our next handshake message: the initiator's first, or the responder's second. */
    public byte[] writeMessage(byte[] payload) {
        boolean ours = initiator ? messages == 0 : messages == 1;
        if (!ours) {
            throw new IllegalStateException("not this side's turn to write");
        }
        if (initiator) {
            symmetric.mixKeyAndHash(psk);                                 // psk
            writeEphemeral();                                             // e
            symmetric.mixKey(dh(ephemeralPrivate, remoteStatic));         // es
        } else {
            writeEphemeral();                                             // e
            symmetric.mixKey(dh(ephemeralPrivate, remoteEphemeral));      // ee
        }
        byte[] sealed = symmetric.encryptAndHash(payload);
        messages++;
        return concat(ephemeralPublic, sealed);
    }

    /**
     * Reads the peer's handshake message and returns its payload.
     *
     * @throws AEADBadTagException when the message was not made with the same pre-shared key and
     *                             static key (the responder's first read), or by the holder of the
     *                             static key (the initiator's read)
     */
    public byte[] readMessage(byte[] message) throws AEADBadTagException {
        boolean theirs = initiator ? messages == 1 : messages == 0;
        if (!theirs) {
            throw new IllegalStateException("not the peer's turn to write");
        }
        if (message.length < DH_LENGTH + TAG_LENGTH) {
            throw new AEADBadTagException("a handshake message is at least " + (DH_LENGTH + TAG_LENGTH) + " bytes");
        }
        if (!initiator) {
            symmetric.mixKeyAndHash(psk);                                 // psk
        }
        remoteEphemeral = Arrays.copyOf(message, DH_LENGTH);              // e
        symmetric.mixHash(remoteEphemeral);
        symmetric.mixKey(remoteEphemeral);                                // (psk handshakes: MixKey(e) too)
        byte[] secret = initiator
                ? dh(ephemeralPrivate, remoteEphemeral)                   // ee
                : dh(staticPrivate, remoteEphemeral);                     // es
        symmetric.mixKey(secret);
        byte[] payload = symmetric.decryptAndHash(Arrays.copyOfRange(message, DH_LENGTH, message.length));
        messages++;
        return payload;
    }

    public boolean isComplete() {
        return messages == 2;
    }

    /** The transport keys, once both messages are done (Split() of the spec). */
    public Split split() {
        if (!isComplete()) {
            throw new IllegalStateException("the handshake is not complete");
        }
        byte[][] keys = hkdf(symmetric.chainingKey, new byte[0], 2);
        return new Split(new CipherState(keys[0]), new CipherState(keys[1]), symmetric.hash.clone());
    }

    /** Our ephemeral public key, once our message is written; null before. */
    public byte[] localEphemeral() {
        return ephemeralPublic == null ? null : ephemeralPublic.clone();
    }

    /** The peer's ephemeral public key, once its message was read; null before. */
    public byte[] remoteEphemeral() {
        return remoteEphemeral == null ? null : remoteEphemeral.clone();
    }

    /** The transcript hash so far (after the handshake: the value both sides bind their frames to). */
    public byte[] handshakeHash() {
        return symmetric.hash.clone();
    }

    private void writeEphemeral() {
        ephemeralPublic = publicKey(ephemeralPrivate);
        symmetric.mixHash(ephemeralPublic);
        symmetric.mixKey(ephemeralPublic); // psk handshakes: MixKey(e.public_key) after MixHash
    }

    private static byte[] dh(byte[] privateKey, byte[] publicKey) {
        try {
            return X25519.computeSharedSecret(privateKey, publicKey);
        } catch (InvalidKeyException e) {
            // a low-order point: no honest peer sends one (spec section 12.1 allows aborting)
            throw new IllegalArgumentException("the peer's public key is not usable for X25519", e);
        }
    }

    /** HKDF of spec section 4.3, with HMAC-SHA-256; 2 or 3 outputs of 32 bytes. */
    static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial, int outputs) {
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[][] out = new byte[outputs][];
        byte[] previous = new byte[0];
        for (int i = 0; i < outputs; i++) {
            previous = hmac(tempKey, concat(previous, new byte[]{(byte) (i + 1)}));
            out[i] = previous;
        }
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is required by the Java platform", e);
        }
    }

    private static byte[] sha256(byte[] a, byte[] b) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(a);
            digest.update(b);
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** SymmetricState (spec section 5.2). */
    private static final class SymmetricState {
        private byte[] chainingKey;
        private byte[] hash;
        private CipherState cipher = new CipherState(null);

        SymmetricState(String protocolName) {
            byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
            hash = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256(name, new byte[0]);
            chainingKey = hash.clone();
        }

        void mixKey(byte[] inputKeyMaterial) {
            byte[][] out = hkdf(chainingKey, inputKeyMaterial, 2);
            chainingKey = out[0];
            cipher = new CipherState(out[1]);
        }

        void mixHash(byte[] data) {
            hash = sha256(hash, data);
        }

        void mixKeyAndHash(byte[] inputKeyMaterial) {
            byte[][] out = hkdf(chainingKey, inputKeyMaterial, 3);
            chainingKey = out[0];
            mixHash(out[1]);
            cipher = new CipherState(out[2]);
        }

        byte[] encryptAndHash(byte[] plaintext) {
            byte[] ciphertext = cipher.encryptWithAd(hash, plaintext);
            mixHash(ciphertext);
            return ciphertext;
        }

        byte[] decryptAndHash(byte[] ciphertext) throws AEADBadTagException {
            byte[] plaintext = cipher.decryptWithAd(hash, ciphertext);
            mixHash(ciphertext);
            return plaintext;
        }
    }

    /**
     * CipherState (spec section 5.1) with AESGCM: the 96-bit nonce is 32 zero bits and the 64-bit
     * big-endian counter. The protocol's frames after the handshake use only its key
     * ({@link #key()}); the counter-nonce encryption serves the handshake and the test vectors.
     */
    public static final class CipherState {
        private final byte[] key;
        private long nonce;

        CipherState(byte[] key) {
            this.key = key == null ? null : key.clone();
        }

        /** The 32-byte key; secret. */
        public byte[] key() {
            return Objects.requireNonNull(key, "no key yet").clone();
        }

        public byte[] encryptWithAd(byte[] ad, byte[] plaintext) {
            if (key == null) {
                return plaintext.clone();
            }
            try {
                return cipher(Cipher.ENCRYPT_MODE, ad).doFinal(plaintext);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-256-GCM failed", e);
            } finally {
                nonce++;
            }
        }

        public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws AEADBadTagException {
            if (key == null) {
                return ciphertext.clone();
            }
            try {
                byte[] plaintext = cipher(Cipher.DECRYPT_MODE, ad).doFinal(ciphertext);
                nonce++;
                return plaintext;
            } catch (AEADBadTagException e) {
                throw e;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-256-GCM failed", e);
            }
        }

        private Cipher cipher(int mode, byte[] ad) throws GeneralSecurityException {
            byte[] iv = new byte[12];
            for (int i = 0; i < 8; i++) {
                iv[4 + i] = (byte) (nonce >>> (56 - 8 * i));
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
            c.updateAAD(ad);
            return c;
        }
    }
}
