package dev.sundae.chat.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.interaso.webpush.VapidKeys;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PushKeysTest {

  private static final String SUBJECT = "mailto:ops@sundae.dev";

  @Test
  void takesAMatchingPairInTheUsualWebPushFormat() {
    VapidKeys keys = VapidKeys.generate();
    String publicKey = Base64Url.encode(keys.getApplicationServerKey());

    var webPush = PushKeys.pair("sundae.chat.push", SUBJECT, publicKey, privateKey(keys));

    assertThat(PushKeys.publicKey(webPush)).isEqualTo(publicKey);
  }

  @Test
  void noKeysMeansNoPush() {
    assertThat(PushKeys.pair("sundae.chat.push", "", "", "")).isNull();
    assertThat(PushKeys.pair("sundae.chat.push", SUBJECT, null, null)).isNull();
  }

  @Test
  void failsFastWhenThePrivateKeyIsNotThePublicKeys() {
    String publicKey = Base64Url.encode(VapidKeys.generate().getApplicationServerKey());
    String otherPrivate = privateKey(VapidKeys.generate());

    assertThatThrownBy(() -> PushKeys.pair("sundae.chat.push", SUBJECT, publicKey, otherPrivate))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "sundae.chat.push.vapid-private-key does not belong to sundae.chat.push.vapid-public-key");
  }

  @Test
  void failsFastOnHalfAPairAMissingSubjectOrAWrongLength() {
    VapidKeys keys = VapidKeys.generate();
    String publicKey = Base64Url.encode(keys.getApplicationServerKey());
    String privateKey = privateKey(keys);

    assertThatThrownBy(() -> PushKeys.pair("sundae.chat.policies.a", SUBJECT, publicKey, ""))
        .hasMessageContaining("set together or not at all");
    assertThatThrownBy(() -> PushKeys.pair("sundae.chat.push", "", publicKey, privateKey))
        .hasMessageContaining("sundae.chat.push.subject must be a mailto: or https: contact");
    assertThatThrownBy(
            () ->
                PushKeys.pair("sundae.chat.push", SUBJECT, publicKey.substring(0, 40), privateKey))
        .hasMessageContaining("sundae.chat.push.vapid-public-key must be 65 bytes");
  }

  /** The raw 32-byte scalar, base64url: the format web-push tools print. */
  static String privateKey(VapidKeys keys) {
    BigInteger s = keys.getPrivateKey().getS();
    byte[] raw = s.toByteArray();
    byte[] out = new byte[32];
    int length = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - length, out, 32 - length, length);
    return Base64Url.encode(out);
  }
}
