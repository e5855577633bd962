package dev.sundae.tenancy.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PayloadSealTest {

  private static final String CHANNEL = "sundae_chat_live_tenant_a";
  private static final byte[] EVENT =
      "{\"kind\":\"event\",\"subjects\":[\"alice-subject\"],\"body\":{\"type\":\"typing\"}}"
          .getBytes(StandardCharsets.UTF_8);

  private final String password = UUID.randomUUID().toString();

  @Test
  void anotherReplicaWithTheSamePasswordOpensWhatOneSealed() {
    String sealed = TenantKeys.of(password).seal(CHANNEL).seal(EVENT);

    assertThat(TenantKeys.of(password).seal(CHANNEL).open(sealed)).hasValue(EVENT);
  }

  @Test
  void anotherTenantsPasswordDoesNotOpenIt() {
    String sealed = TenantKeys.of(password).seal(CHANNEL).seal(EVENT);

    assertThat(TenantKeys.of(UUID.randomUUID().toString()).seal(CHANNEL).open(sealed)).isEmpty();
  }

  @Test
  void aPayloadSealedForAnotherChannelDoesNotOpen() {
    String sealed = TenantKeys.of(password).seal("sundae_chat_live_tenant_b").seal(EVENT);

    assertThat(TenantKeys.of(password).seal(CHANNEL).open(sealed)).isEmpty();
  }

  @Test
  void aChangedByteIsRefused() {
    byte[] sealed = Base64.getDecoder().decode(TenantKeys.of(password).seal(CHANNEL).seal(EVENT));
    for (int i : new int[] {0, 12, sealed.length / 2, sealed.length - 1}) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 1;
      assertThat(
              TenantKeys.of(password)
                  .seal(CHANNEL)
                  .open(Base64.getEncoder().encodeToString(tampered)))
          .as("byte %d changed", i)
          .isEmpty();
    }
  }

  @Test
  void theSealedFormShowsNothingOfTheEventAndDiffersEachTime() {
    PayloadSeal cipher = TenantKeys.of(password).seal(CHANNEL);
    String one = cipher.seal(EVENT);
    String two = cipher.seal(EVENT);

    assertThat(one).isNotEqualTo(two);
    String decoded = new String(Base64.getDecoder().decode(one), StandardCharsets.ISO_8859_1);
    assertThat(one + decoded).doesNotContain("alice").doesNotContain("typing");
  }

  @Test
  void garbageAndTruncatedPayloadsAreRefused() {
    PayloadSeal cipher = TenantKeys.of(password).seal(CHANNEL);
    String sealed = cipher.seal(EVENT);

    assertThat(cipher.open("not base64 at all!")).isEmpty();
    assertThat(cipher.open("")).isEmpty();
    assertThat(cipher.open(sealed.substring(0, 20))).isEmpty();
  }

  @Test
  void sealedLengthIsTheLengthOfTheSealedForm() {
    PayloadSeal cipher = TenantKeys.of(password).seal(CHANNEL);
    for (int size : new int[] {0, 1, 2, 3, 100, 5000}) {
      assertThat(cipher.seal(new byte[size])).hasSize(PayloadSeal.sealedLength(size));
    }
  }
}
