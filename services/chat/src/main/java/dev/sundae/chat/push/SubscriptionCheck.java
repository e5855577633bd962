package dev.sundae.chat.push;

import dev.sundae.web.Refusal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a browser's {@code PushSubscription.toJSON()} before it is stored, with a reason for each
 * refusal. The endpoint is where this service will later POST on its own, so it must be an https
 * URL of a public host (no loopback, private or link-local address literal, no {@code localhost}):
 * otherwise a member could make the service call into its own network. Origins in {@code
 * allowedInsecureOrigins} (a local push service in tests) are exempt.
 */
final class SubscriptionCheck {

  private static final int MAX_ENDPOINT_LENGTH = 2048;
  private static final ECParameterSpec P256 = p256();

  private final Set<String> allowedInsecureOrigins;

  SubscriptionCheck(List<String> allowedInsecureOrigins) {
    this.allowedInsecureOrigins =
        allowedInsecureOrigins.stream()
            .filter(o -> !o.isBlank())
            .map(o -> origin(URI.create(o.trim())))
            .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * A subscription fit to store, or a 400 {@code invalid-subscription} with the field and reason.
   */
  Valid check(String endpoint, String p256dh, String auth) {
    URI uri = endpoint(endpoint);
    byte[] key = bytes("keys.p256dh", p256dh);
    if (key.length != 65 || key[0] != 0x04) {
      throw refuse(
          "keys.p256dh: must be an uncompressed P-256 public key (65 bytes starting with 0x04), got "
              + key.length
              + " bytes");
    }
    if (!onCurve(key)) {
      throw refuse("keys.p256dh: the point is not on the P-256 curve");
    }
    byte[] secret = bytes("keys.auth", auth);
    if (secret.length != 16) {
      throw refuse(
          "keys.auth: must be a 16-byte authentication secret, got " + secret.length + " bytes");
    }
    return new Valid(uri.toString(), key, secret);
  }

  private URI endpoint(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      throw refuse("endpoint: is required");
    }
    if (endpoint.length() > MAX_ENDPOINT_LENGTH) {
      throw refuse("endpoint: longer than " + MAX_ENDPOINT_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw refuse("endpoint: not a URL (" + e.getReason() + ")");
    }
    if (!uri.isAbsolute() || uri.getHost() == null || uri.isOpaque()) {
      throw refuse("endpoint: must be an absolute URL with a host");
    }
    if (uri.getUserInfo() != null || uri.getFragment() != null) {
      throw refuse("endpoint: must have no user info and no fragment");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw refuse("endpoint: must be an https URL, not " + scheme);
    }
    if (allowedInsecureOrigins.contains(origin(uri))) {
      return uri;
    }
    if (!scheme.equals("https")) {
      throw refuse("endpoint: must be an https URL");
    }
    if (local(uri.getHost())) {
      throw refuse("endpoint: must be a public host, not " + uri.getHost());
    }
    return uri;
  }

  /** True for {@code localhost} and address literals that are not public. */
  private static boolean local(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return true;
    }
    boolean literal =
        name.startsWith("[") || name.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    if (!literal) {
      return false;
    }
    try {
      // a literal is parsed, never looked up; names are checked again when sending (PushDns)
      return !PushDns.isPublic(InetAddress.getByName(name));
    } catch (java.net.UnknownHostException e) {
      return true;
    }
  }

  /**
   * Whether the 65-byte uncompressed point (x, y) satisfies y² = x³ + ax + b over P-256's field.
   */
  static boolean onCurve(byte[] point) {
    BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.modPow(BigInteger.TWO, p);
    BigInteger right =
        x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
    return left.equals(right);
  }

  private static byte[] bytes(String field, String value) {
    if (value == null || value.isBlank()) {
      throw refuse(field + ": is required");
    }
    try {
      return Base64Url.decode(value.trim());
    } catch (IllegalArgumentException e) {
      throw refuse(field + ": not base64url");
    }
  }

  private static String origin(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    if (port == -1) {
      port = scheme.equals("https") ? 443 : 80;
    }
    return scheme + "://" + host + ":" + port;
  }

  private static RuntimeException refuse(String detail) {
    return Refusal.invalid("invalid-subscription", detail);
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no P-256", e);
    }
  }

  /**
   * A checked subscription.
   *
   * @param endpoint the push service's URL for the device
   * @param p256dh the device's public key, 65 bytes
   * @param auth the device's authentication secret, 16 bytes
   */
  record Valid(String endpoint, byte[] p256dh, byte[] auth) {}
}
