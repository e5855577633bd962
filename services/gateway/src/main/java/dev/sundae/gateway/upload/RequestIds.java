package dev.sundae.gateway.upload;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs from one DRBG per thread. {@link UUID#randomUUID()} draws from one
 * SecureRandom shared by the whole JVM, behind a lock; at thousands of uploads a second its threads
 * queued there for over ten milliseconds at a time.
 */
final class RequestIds {

  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(RequestIds::drbg);

  private RequestIds() {}

  static UUID next() {
    byte[] bytes = new byte[16];
    RANDOM.get().nextBytes(bytes);
    bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (bytes[i] & 0xff);
      lsb = (lsb << 8) | (bytes[i + 8] & 0xff);
    }
    return new UUID(msb, lsb);
  }

  private static SecureRandom drbg() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK since 9 has DRBG", e);
    }
  }
}
