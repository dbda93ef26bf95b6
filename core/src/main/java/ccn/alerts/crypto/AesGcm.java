package ccn.alerts.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;

import java.security.GeneralSecurityException;

/**
 * Tink's AES-256-GCM for the frames after the handshake: a random 12-byte nonce, then the
 * ciphertext, then the 16-byte tag, with no Tink output prefix, which any AES-GCM library can
 * read. The one place where raw frame keys cross into Tink.
 */
public final class AesGcm {
    public static final int KEY_BYTES = 32;
    /** The AES-GCM nonce that starts every sealed payload. */
    public static final int NONCE_BYTES = 12;
    /** The AES-GCM tag that ends every sealed payload. */
    public static final int TAG_BYTES = 16;

    private AesGcm() {
    }

    /** A thread-safe AEAD for one 32-byte key. */
    public static Aead aead(byte[] key) {
        try {
            AesGcmParameters parameters = AesGcmParameters.builder()
                    .setKeySizeBytes(KEY_BYTES)
                    .setIvSizeBytes(NONCE_BYTES)
                    .setTagSizeBytes(TAG_BYTES)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                    .build();
            AesGcmKey aesKey = AesGcmKey.builder()
                    .setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
                    .build();
            // One key per direction and connection: a keyset and the registry add nothing but
            // start-up cost (and protobuf's Unsafe warnings on JDK 24+).
            return AesGcmJce.create(aesKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        }
    }
}
