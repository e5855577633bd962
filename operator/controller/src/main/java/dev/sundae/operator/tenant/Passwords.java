package dev.sundae.operator.tenant;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets for the credentials the operator hands out. */
final class Passwords {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  /** 192 random bits, URL-safe, so they survive JDBC URLs and environment variables. */
  static String generate() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
