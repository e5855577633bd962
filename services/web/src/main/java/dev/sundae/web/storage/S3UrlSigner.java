package dev.sundae.web.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Presigns S3 requests with AWS Signature Version 4 in the query string, for one bucket and one key
 * pair: what the AWS SDK's {@code S3Presigner} computes for these requests (TenantPresignersTest
 * checks it signature for signature), without the SDK's per-call endpoint rules, auth-scheme
 * resolution, interceptors and URI re-parsing, which were 37 % of the gateway's CPU samples under
 * load (the gateway's README, Benchmark). The signing key is derived once a day.
 *
 * <p>Buckets are named as paths under an endpoint (MinIO and other S3-compatible stores), or, with
 * no endpoint, as AWS's regional virtual host {@code <bucket>.s3.<region>.amazonaws.com}.
 */
final class S3UrlSigner {

  private static final String ALGORITHM = "AWS4-HMAC-SHA256";
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  private static final Duration LONGEST = Duration.ofDays(7);
  private static final HexFormat HEX = HexFormat.of();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(() -> instance(() -> MessageDigest.getInstance("SHA-256")));
  private static final ThreadLocal<Mac> HMAC =
      ThreadLocal.withInitial(() -> instance(() -> Mac.getInstance("HmacSHA256")));

  private final String accessKey;
  private final byte[] secret;
  private final String region;
  private final String base;
  private final String host;
  private final String pathPrefix;
  private final Clock clock;
  private volatile SigningKey signingKey = new SigningKey("", new byte[0]);

  /**
   * @param endpoint the object store as the URL's users reach it, or null for AWS
   */
  S3UrlSigner(
      String endpoint, String region, String bucket, String accessKey, String secret, Clock clock) {
    this.accessKey = accessKey;
    this.secret = ("AWS4" + secret).getBytes(StandardCharsets.UTF_8);
    this.region = region;
    this.clock = clock;
    URI uri =
        URI.create(
            endpoint != null ? endpoint : "https://" + bucket + ".s3." + region + ".amazonaws.com");
    boolean defaultPort =
        uri.getPort() == -1
            || (uri.getScheme().equals("http") && uri.getPort() == 80)
            || (uri.getScheme().equals("https") && uri.getPort() == 443);
    this.host = defaultPort ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    this.base = uri.getScheme() + "://" + host;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    this.pathPrefix = endpoint != null ? path + "/" + encode(bucket, false) : path;
  }

  /**
   * @param headers the headers the signature covers besides Host, which the client must send as
   *     given (names in lower case)
   */
  SignedUrl sign(String method, String key, Map<String, String> headers, Duration expiry) {
    if (expiry.compareTo(Duration.ofSeconds(1)) < 0 || expiry.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("a signed URL lasts 1 s to 7 days, not " + expiry);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String timestamp = TIMESTAMP.format(now);
    String date = timestamp.substring(0, 8);
    String scope = date + "/" + region + "/s3/aws4_request";

    TreeMap<String, String> signedHeaders = new TreeMap<>(headers);
    signedHeaders.put("host", host);
    String headerNames = String.join(";", signedHeaders.keySet());
    StringBuilder canonicalHeaders = new StringBuilder();
    signedHeaders.forEach(
        (name, value) ->
            canonicalHeaders.append(name).append(':').append(value.strip()).append('\n'));

    String path = pathPrefix + "/" + encode(key, false);
    // already in the order of their names, as the canonical request wants them
    String query =
        "X-Amz-Algorithm="
            + ALGORITHM
            + "&X-Amz-Credential="
            + encode(accessKey + "/" + scope, true)
            + "&X-Amz-Date="
            + timestamp
            + "&X-Amz-Expires="
            + expiry.toSeconds()
            + "&X-Amz-SignedHeaders="
            + encode(headerNames, true);
    String canonicalRequest =
        method
            + '\n'
            + path
            + '\n'
            + query
            + '\n'
            + canonicalHeaders
            + '\n'
            + headerNames
            + '\n'
            + UNSIGNED_PAYLOAD;
    String stringToSign =
        ALGORITHM
            + '\n'
            + timestamp
            + '\n'
            + scope
            + '\n'
            + HEX.formatHex(SHA256.get().digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    String signature = HEX.formatHex(hmac(signingKey(date), stringToSign));

    Map<String, String> toSend = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    toSend.putAll(headers);
    return new SignedUrl(
        method,
        base + path + "?" + query + "&X-Amz-Signature=" + signature,
        toSend,
        now.plus(expiry));
  }

  private byte[] signingKey(String date) {
    SigningKey current = signingKey;
    if (!current.date().equals(date)) {
      byte[] key = hmac(secret, date);
      key = hmac(key, region);
      key = hmac(key, "s3");
      key = hmac(key, "aws4_request");
      current = new SigningKey(date, key);
      signingKey = current;
    }
    return current.key();
  }

  private static byte[] hmac(byte[] key, String data) {
    Mac mac = HMAC.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  /** SigV4's URI encoding: RFC 3986 unreserved characters as they are, '/' too in a path. */
  static String encode(String value, boolean encodeSlash) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || (c == '/' && !encodeSlash)) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private record SigningKey(String date, byte[] key) {}

  private interface Factory<T> {
    T create() throws GeneralSecurityException;
  }

  private static <T> T instance(Factory<T> factory) {
    try {
      return factory.create();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks SHA-256 or HMAC-SHA256", e);
    }
  }
}
