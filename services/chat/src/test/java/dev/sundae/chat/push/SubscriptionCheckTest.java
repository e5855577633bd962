package dev.sundae.chat.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.web.Refusal;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionCheckTest {

  private static final String AUTH = Base64Url.encode(new byte[16]);

  private final SubscriptionCheck check = new SubscriptionCheck(List.of("http://localhost:8090"));
  private final String p256dh = Base64Url.encode(devicePublicKey());

  @Test
  void acceptsABrowsersSubscription() {
    SubscriptionCheck.Valid valid =
        check.check("https://fcm.googleapis.com/fcm/send/abc:def", p256dh, AUTH);

    assertThat(valid.endpoint()).isEqualTo("https://fcm.googleapis.com/fcm/send/abc:def");
    assertThat(valid.p256dh()).hasSize(65);
    assertThat(valid.auth()).hasSize(16);
  }

  @Test
  void acceptsPaddedBase64Url() {
    assertThat(check.check("https://push.example/x", p256dh + "=", AUTH + "==")).isNotNull();
  }

  @Test
  void acceptsPlainHttpOnlyForAnAllowListedOrigin() {
    assertThat(check.check("http://localhost:8090/notify/1", p256dh, AUTH)).isNotNull();
    assertThat(check.check("HTTP://LOCALHOST:8090/notify/1", p256dh, AUTH)).isNotNull();
    assertRefused("http://localhost:8091/notify/1", p256dh, AUTH, "endpoint: must be an https URL");
    assertRefused("http://push.example/x", p256dh, AUTH, "endpoint: must be an https URL");
  }

  @Test
  void refusesEndpointsIntoTheServicesOwnNetwork() {
    for (String endpoint :
        List.of(
            "https://localhost/x",
            "https://127.0.0.1/x",
            "https://10.0.0.7/x",
            "https://192.168.1.1/x",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/x",
            "https://[fd00::1]/x",
            "https://0.0.0.0/x")) {
      assertRefused(endpoint, p256dh, AUTH, "endpoint: must be a public host");
    }
  }

  @Test
  void refusesWhatIsNotAnAbsoluteUrl() {
    assertRefused(null, p256dh, AUTH, "endpoint: is required");
    assertRefused("/v1/push", p256dh, AUTH, "endpoint: must be an absolute URL");
    assertRefused("mailto:x@example.com", p256dh, AUTH, "endpoint: must be an absolute URL");
    assertRefused("ftp://push.example/x", p256dh, AUTH, "endpoint: must be an https URL");
    assertRefused("https://user:pw@push.example/x", p256dh, AUTH, "endpoint: must have no user");
    assertRefused("https://push.example/a b", p256dh, AUTH, "endpoint: not a URL");
    assertRefused(
        "https://push.example/" + "a".repeat(2048), p256dh, AUTH, "endpoint: longer than");
  }

  @Test
  void refusesAKeyThatIsNotAnUncompressedP256Point() {
    byte[] compressed = Arrays.copyOf(Base64Url.decode(p256dh), 33);
    compressed[0] = 0x02;
    assertRefused(
        "https://push.example/x",
        Base64Url.encode(compressed),
        AUTH,
        "keys.p256dh: must be an uncompressed P-256 public key (65 bytes starting with 0x04), got"
            + " 33 bytes");

    byte[] offCurve = Base64Url.decode(p256dh);
    offCurve[64] ^= 1;
    assertRefused(
        "https://push.example/x",
        Base64Url.encode(offCurve),
        AUTH,
        "keys.p256dh: the point is not on the P-256 curve");

    assertRefused("https://push.example/x", "not base64!", AUTH, "keys.p256dh: not base64url");
    assertRefused("https://push.example/x", null, AUTH, "keys.p256dh: is required");
  }

  @Test
  void refusesAnAuthSecretOfAnotherLength() {
    assertRefused(
        "https://push.example/x",
        p256dh,
        Base64Url.encode(new byte[15]),
        "keys.auth: must be a 16-byte authentication secret, got 15 bytes");
    assertRefused("https://push.example/x", p256dh, "", "keys.auth: is required");
  }

  private void assertRefused(String endpoint, String key, String auth, String reason) {
    assertThatThrownBy(() -> check.check(endpoint, key, auth))
        .as(endpoint)
        .isInstanceOfSatisfying(
            Refusal.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID);
              assertThat(e.type()).isEqualTo("invalid-subscription");
              assertThat(e.detail()).startsWith(reason);
            });
  }

  static byte[] devicePublicKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
      byte[] point = new byte[65];
      point[0] = 0x04;
      copy(key.getW().getAffineX(), point, 1);
      copy(key.getW().getAffineY(), point, 33);
      return point;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copy(java.math.BigInteger value, byte[] into, int offset) {
    byte[] raw = value.toByteArray();
    int length = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - length, into, offset + 32 - length, length);
  }
}
