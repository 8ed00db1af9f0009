package dev.rewardsmith.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeyCipherTest {

    static ApiKeyCipher cipher(String secret) {
        ApiKeyCipher c = new ApiKeyCipher();
        c.secret = Optional.ofNullable(secret);
        return c;
    }

    @Test
    void keyComesBackOnlyUnderTheSameSecret() {
        ApiKeyCipher c = cipher("server secret");
        String sealed = c.encrypt("sk-live-123");
        assertFalse(sealed.contains("sk-live"));
        assertNotEquals(sealed, c.encrypt("sk-live-123"), "a fresh nonce each time");
        assertEquals("sk-live-123", c.decrypt(sealed));
        assertEquals("sk-live-123", cipher("server secret").decrypt(sealed));
        assertThrows(IllegalStateException.class, () -> cipher("another secret").decrypt(sealed));
        // a tampered ciphertext fails authentication
        char[] chars = sealed.toCharArray();
        chars[20] = chars[20] == 'A' ? 'B' : 'A';
        assertThrows(IllegalStateException.class, () -> c.decrypt(new String(chars)));
    }

    @Test
    void withoutASecretNothingIsStored() {
        assertFalse(cipher(null).available());
        assertFalse(cipher(" ").available());
        assertThrows(IllegalStateException.class, () -> cipher(null).encrypt("k"));
    }
}
