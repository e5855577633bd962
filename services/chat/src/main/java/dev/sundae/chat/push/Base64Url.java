package dev.sundae.chat.push;

import java.util.Base64;

/** Base64url as Web Push uses it: written without padding, read with or without. */
final class Base64Url {

  private Base64Url() {}

  static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Throws {@link IllegalArgumentException} for anything but base64url. */
  static byte[] decode(String text) {
    return Base64.getUrlDecoder().decode(text);
  }
}
