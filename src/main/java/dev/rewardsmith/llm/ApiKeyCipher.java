package dev.rewardsmith.llm;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Encrypts stored API keys with AES-256-GCM under a key derived (SHA-256) from {@code rewardsmith.secrets.key},
 * so a database dump alone does not reveal them. Stored form: base64 of a 12-byte nonce then the ciphertext.
 */
@ApplicationScoped
public class ApiKeyCipher {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    @ConfigProperty(name = "rewardsmith.secrets.key")
    Optional<String> secret;

    /** Whether keys can be stored (a secrets key is configured). */
    public boolean available() {
        return secret.isPresent() && !secret.get().isBlank();
    }

    public String encrypt(String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt an API key: " + e.getMessage(), e);
        }
    }

    /** The key in clear; fails when the stored form was sealed under another secrets key. */
    public String decrypt(String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "a stored API key cannot be decrypted (was rewardsmith.secrets.key changed?)", e);
        }
    }

    private SecretKeySpec key() throws GeneralSecurityException {
        if (!available()) throw new IllegalStateException("rewardsmith.secrets.key is not configured");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.get().getBytes(StandardCharsets.UTF_8));
        return new SecretKeySpec(digest, "AES");
    }
}
