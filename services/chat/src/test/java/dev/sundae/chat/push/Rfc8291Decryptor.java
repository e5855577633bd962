package dev.sundae.chat.push;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A browser's side of RFC 8291 for tests: a device key pair and auth secret, and the decryption of
 * an aes128gcm body (RFC 8188, one record) with JDK crypto only (ECDH, HKDF-SHA256, AES-128-GCM).
 * Written by hand because no Java library on Maven Central decrypts Web Push as a user agent; it
 * checks the service's encryption independently of the library that did it.
 */
final class Rfc8291Decryptor {

  private final KeyPair device;
  private final byte[] auth = new byte[16];

  Rfc8291Decryptor() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    this.device = generator.generateKeyPair();
    new java.security.SecureRandom().nextBytes(auth);
  }

  /** The device's public key as {@code keys.p256dh} carries it: the uncompressed point. */
  byte[] p256dh() {
    return uncompressed((ECPublicKey) device.getPublic());
  }

  byte[] auth() {
    return auth.clone();
  }

  byte[] decrypt(byte[] body) throws GeneralSecurityException {
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    in.get(salt);
    int recordSize = in.getInt();
    byte[] senderKey = new byte[in.get() & 0xff];
    in.get(senderKey);
    byte[] ciphertext = new byte[in.remaining()];
    in.get(ciphertext);
    if (senderKey.length != 65 || ciphertext.length > recordSize) {
      throw new GeneralSecurityException("not one aes128gcm record with a P-256 key id");
    }

    KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
    ecdh.init(device.getPrivate());
    ecdh.doPhase(publicKey(senderKey), true);
    byte[] secret = ecdh.generateSecret();
    byte[] keyInfo = concat(ascii("WebPush: info\0"), p256dh(), senderKey);
    byte[] ikm = expand(extract(auth, secret), keyInfo, 32);
    byte[] prk = extract(salt, ikm);
    byte[] cek = expand(prk, ascii("Content-Encoding: aes128gcm\0"), 16);
    byte[] nonce = expand(prk, ascii("Content-Encoding: nonce\0"), 12);

    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] padded = aes.doFinal(ciphertext);
    // the last record ends with the delimiter 0x02, then zero padding
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != 2) {
      throw new GeneralSecurityException("no last-record delimiter");
    }
    return Arrays.copyOf(padded, end);
  }

  private ECPublicKey publicKey(byte[] point) throws GeneralSecurityException {
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
    var params = ((ECPublicKey) device.getPublic()).getParams();
    return (ECPublicKey)
        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
  }

  private static byte[] extract(byte[] salt, byte[] ikm) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    return mac.doFinal(ikm);
  }

  /** HKDF-Expand for at most one block (32 bytes), all Web Push needs. */
  private static byte[] expand(byte[] prk, byte[] info, int length)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    mac.update(info);
    mac.update((byte) 1);
    return Arrays.copyOf(mac.doFinal(), length);
  }

  static byte[] uncompressed(ECPublicKey key) {
    byte[] point = new byte[65];
    point[0] = 4;
    copy(key.getW().getAffineX(), point, 1);
    copy(key.getW().getAffineY(), point, 33);
    return point;
  }

  private static void copy(BigInteger value, byte[] into, int offset) {
    byte[] raw = value.toByteArray();
    int length = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - length, into, offset + 32 - length, length);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] part : parts) {
      out.put(part);
    }
    return out.array();
  }
}
