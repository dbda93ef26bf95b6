package ccn.alerts.crypto;

import ccn.alerts.protocol.FrameCipher;
import com.google.crypto.tink.Aead;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The frames' AEAD: nonce, ciphertext, tag, with no Tink prefix; any change or other key or AD fails. */
class AesGcmTest {
    private static final Aead AEAD = AesGcm.aead(key(0x01));

    @Test
    void roundTripsAsNonceCiphertextAndTagWithNoTinkPrefix() throws Exception {
        byte[] ad = {1, 2, 3};
        byte[] ciphertext = AEAD.encrypt("hello".getBytes(StandardCharsets.UTF_8), ad);

        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), AEAD.decrypt(ciphertext, ad));
        assertEquals(12 + 5 + 16, ciphertext.length, "nonce || ciphertext || tag, no Tink prefix");
        assertEquals(FrameCipher.MIN_PAYLOAD_LENGTH, AEAD.encrypt(new byte[0], new byte[0]).length,
                "the shortest sealed frame is what the AEAD adds to an empty plaintext");
    }

    @Test
    void rejectsTamperedCiphertext() throws Exception {
        byte[] ad = {1, 2, 3};
        byte[] ciphertext = AEAD.encrypt("hello".getBytes(StandardCharsets.UTF_8), ad);

        for (int i = 0; i < ciphertext.length; i++) {
            byte[] tampered = ciphertext.clone();
            tampered[i] ^= 0x40;
            assertThrows(GeneralSecurityException.class, () -> AEAD.decrypt(tampered, ad), "byte " + i);
        }
    }

    @Test
    void rejectsCiphertextUnderOtherAssociatedData() throws Exception {
        byte[] ciphertext = AEAD.encrypt(new byte[] {42}, new byte[] {1});

        assertThrows(GeneralSecurityException.class, () -> AEAD.decrypt(ciphertext, new byte[] {2}));
    }

    @Test
    void rejectsCiphertextUnderAnotherKey() throws Exception {
        byte[] ciphertext = AEAD.encrypt(new byte[] {42}, new byte[0]);

        assertThrows(GeneralSecurityException.class, () -> AesGcm.aead(key(0x02)).decrypt(ciphertext, new byte[0]));
    }

    @Test
    void usesAFreshNonceForEveryMessage() throws Exception {
        byte[] first = AEAD.encrypt(new byte[] {42}, new byte[0]);
        byte[] second = AEAD.encrypt(new byte[] {42}, new byte[0]);

        assertFalse(Arrays.equals(Arrays.copyOf(first, 12), Arrays.copyOf(second, 12)));
    }

    private static byte[] key(int value) {
        byte[] key = new byte[AesGcm.KEY_BYTES];
        Arrays.fill(key, (byte) value);
        return key;
    }
}
