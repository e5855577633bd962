package dev.sundae.chat.live;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Seals the payloads of one tenant's live bus. Every role of the shared database may LISTEN on any
 * channel, so a payload must mean nothing to another tenant: it is AES-256-GCM under a key derived
 * (HKDF-SHA256) from the tenant's database password, which the tenant's replicas share and no other
 * tenant has. The channel name is the associated data, so a payload sealed for one channel does not
 * open on another. A payload is {@code base64(nonce ‖ ciphertext ‖ tag)}; its length still shows.
 */
final class BusCipher {

  private static final byte[] SALT = "sundae-chat-live-bus".getBytes(StandardCharsets.UTF_8);
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final byte[] channel;

  private BusCipher(byte[] key, String channel) {
    this.key = new SecretKeySpec(key, "AES");
    this.channel = channel.getBytes(StandardCharsets.UTF_8);
  }

  /** The cipher of {@code channel}, keyed from the tenant's database {@code password}. */
  static BusCipher of(String password, String channel) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(
        new HKDFParameters(
            password.getBytes(StandardCharsets.UTF_8),
            SALT,
            ("aes-256-gcm " + channel).getBytes(StandardCharsets.UTF_8)));
    byte[] key = new byte[32];
    hkdf.generateBytes(key, 0, key.length);
    return new BusCipher(key, channel);
  }

  /** The sealed, printable form of {@code plaintext}. */
  String seal(byte[] plaintext) {
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
  Optional<byte[]> open(String payload) {
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
  static int sealedLength(int plaintextBytes) {
    int raw = NONCE_BYTES + plaintextBytes + TAG_BITS / 8;
    return 4 * ((raw + 2) / 3);
  }
}
