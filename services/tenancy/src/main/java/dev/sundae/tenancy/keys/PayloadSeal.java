package dev.sundae.tenancy.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the payloads a tenant sends on one of its PostgreSQL channels ({@link TenantKeys#channel}).
 * Every role of the shared database may LISTEN on any channel, so a payload must mean nothing to
 * another tenant, and one it forges must not open: AES-256-GCM under a key of the tenant's own
 * ({@link TenantKeys#seal}), with the channel name as associated data, so a payload sealed for one
 * channel does not open on another. A payload is {@code base64(nonce ‖ ciphertext ‖ tag)}; its
 * length still shows.
 */
public final class PayloadSeal {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final byte[] channel;

  PayloadSeal(byte[] key, String channel) {
    this.key = new SecretKeySpec(key, "AES");
    this.channel = channel.getBytes(StandardCharsets.UTF_8);
  }

  /** The sealed, printable form of {@code plaintext}. */
  public String seal(byte[] plaintext) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(channel);
      byte[] sealed = cipher.doFinal(plaintext);
      return Base64.getEncoder()
          .encodeToString(
              ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The plaintext, or empty when the payload was not sealed with this tenant's key and channel. */
  public Optional<byte[]> open(String payload) {
    byte[] data;
    try {
      data = Base64.getDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      return Optional.empty();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(channel);
      return Optional.of(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  /** How long the sealed form of a plaintext of {@code plaintextBytes} is. */
  public static int sealedLength(int plaintextBytes) {
    int raw = NONCE_BYTES + plaintextBytes + TAG_BITS / 8;
    return 4 * ((raw + 2) / 3);
  }
}
