package dev.sundae.operator.storage;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted body of a MinIO admin request that carries a secret (madmin's {@code EncryptData}):
 * {@code salt (32) | algorithm (1) | nonce (8) | sio stream}, the key derived from the admin's
 * secret key. madmin offers Argon2id (64 MiB, what minio-java's admin client always uses) and, for
 * FIPS, PBKDF2-SHA256 with 8,192 rounds; MinIO decrypts either. Argon2id costs ~160 ms of the
 * operator's CPU here and as much again of MinIO's per user written, the most expensive step of a
 * new tenant; PBKDF2 costs ~5 ms. The secret is in a TLS connection either way: the key derivation
 * only slows down guessing the admin's key from a captured body.
 *
 * <p>The sio stream (github.com/secure-io/sio-go) is AES-256-GCM over 16 KiB fragments: nonce = the
 * 8 random bytes and a little-endian sequence number; associated data = a flag byte ({@code 0x80}
 * on the last fragment) and the tag of an empty message under sequence number 0.
 */
final class AdminPayload {

  /** madmin's {@code pbkdf2AESGCM}. */
  static final byte PBKDF2_AES_GCM = 0x02;

  static final int PBKDF2_ROUNDS = 8192;
  static final int FRAGMENT = 16 * 1024;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private AdminPayload() {}

  static byte[] encrypt(byte[] plaintext, String password) {
    byte[] salt = new byte[32];
    byte[] nonce = new byte[8];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(nonce);
    return encrypt(plaintext, password, salt, nonce);
  }

  static byte[] encrypt(byte[] plaintext, String password, byte[] salt, byte[] nonce) {
    try {
      return frame(PBKDF2_AES_GCM, key(password, salt), salt, nonce, plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the key of a MinIO admin request", e);
    }
  }

  /** The body for a key already derived from the password with {@code salt} by {@code id}. */
  static byte[] frame(byte id, SecretKeySpec key, byte[] salt, byte[] nonce, byte[] plaintext) {
    try {
      byte[] associated = new byte[17];
      System.arraycopy(seal(key, nonce, 0, new byte[0], new byte[0]), 0, associated, 1, 16);
      ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 128);
      out.write(salt);
      out.write(id);
      out.write(nonce);
      int sequence = 1;
      int offset = 0;
      do {
        int length = Math.min(FRAGMENT, plaintext.length - offset);
        boolean last = offset + length == plaintext.length;
        associated[0] = last ? (byte) 0x80 : 0;
        out.write(
            seal(
                key,
                nonce,
                sequence++,
                Arrays.copyOfRange(plaintext, offset, offset + length),
                associated));
        offset += length;
      } while (offset < plaintext.length);
      return out.toByteArray();
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot encrypt a MinIO admin request", e);
    }
  }

  static SecretKeySpec key(String password, byte[] salt) throws GeneralSecurityException {
    byte[] key =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(password.toCharArray(), salt, PBKDF2_ROUNDS, 256))
            .getEncoded();
    return new SecretKeySpec(key, "AES");
  }

  private static byte[] seal(
      SecretKeySpec key, byte[] nonce, int sequence, byte[] plaintext, byte[] associated)
      throws GeneralSecurityException {
    byte[] iv = Arrays.copyOf(nonce, 12);
    iv[8] = (byte) sequence;
    iv[9] = (byte) (sequence >>> 8);
    iv[10] = (byte) (sequence >>> 16);
    iv[11] = (byte) (sequence >>> 24);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(associated);
    return cipher.doFinal(plaintext);
  }
}
