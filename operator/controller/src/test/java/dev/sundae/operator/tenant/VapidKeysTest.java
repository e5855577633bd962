package dev.sundae.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class VapidKeysTest {

  @Test
  void generatesAnUncompressedPointAndItsScalar() {
    VapidKeys keys = VapidKeys.generate();

    assertThat(Base64.getUrlDecoder().decode(keys.publicKey())).hasSize(65).startsWith((byte) 4);
    assertThat(Base64.getUrlDecoder().decode(keys.privateKey())).hasSize(32);
    assertThat(keys.publicKey()).doesNotContain("=", "+", "/");
  }

  @Test
  void keepsAPairThatBelongsTogether() {
    VapidKeys keys = VapidKeys.generate();

    assertThat(VapidKeys.parse(keys.publicKey(), keys.privateKey())).contains(keys);
  }

  @Test
  void refusesHalvesOfTwoPairs() {
    VapidKeys one = VapidKeys.generate();
    VapidKeys other = VapidKeys.generate();

    assertThat(VapidKeys.parse(one.publicKey(), other.privateKey())).isEmpty();
  }

  @Test
  void refusesMissingOrMalformedKeys() {
    VapidKeys keys = VapidKeys.generate();

    assertThat(VapidKeys.parse(null, keys.privateKey())).isEmpty();
    assertThat(VapidKeys.parse(keys.publicKey(), "not base64!")).isEmpty();
    assertThat(VapidKeys.parse(keys.publicKey().substring(4), keys.privateKey())).isEmpty();
    // 65 bytes that are not a point on the curve
    byte[] offCurve = new byte[65];
    offCurve[0] = 4;
    offCurve[64] = 7;
    assertThat(
            VapidKeys.parse(
                Base64.getUrlEncoder().withoutPadding().encodeToString(offCurve),
                keys.privateKey()))
        .isEmpty();
  }

  @Test
  void neverPrintsThePrivateKey() {
    VapidKeys keys = VapidKeys.generate();

    assertThat(keys.toString()).doesNotContain(keys.privateKey()).contains(keys.publicKey());
  }
}
