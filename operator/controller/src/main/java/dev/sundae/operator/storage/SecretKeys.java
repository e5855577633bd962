package dev.sundae.operator.storage;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random secret keys for object-store users whose keys the operator chooses (MinIO), and for the
 * compose provisioning job's tenant secrets.
 */
public final class SecretKeys {

  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretKeys() {}

  /**
   * 40 characters from 240 random bits: MinIO's longest generated secret, URL-safe, so it needs no
   * escaping in a Secret, an environment variable or a URL.
   */
  public static String generate() {
    byte[] bytes = new byte[30];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
