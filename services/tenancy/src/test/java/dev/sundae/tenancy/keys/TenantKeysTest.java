package dev.sundae.tenancy.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantKeysTest {

  private final String password = UUID.randomUUID().toString();

  @Test
  void everyReplicaOfTheTenantDerivesTheSameChannelAndLock() {
    assertThat(TenantKeys.of(password).channel("recommendations"))
        .isEqualTo(TenantKeys.of(password).channel("recommendations"));
    assertThat(TenantKeys.of(password).advisoryLock("export"))
        .isEqualTo(TenantKeys.of(password).advisoryLock("export"));
  }

  @Test
  void anotherTenantGetsOtherNamesAndLocks() {
    TenantKeys other = TenantKeys.of(UUID.randomUUID().toString());

    assertThat(other.channel("recommendations"))
        .isNotEqualTo(TenantKeys.of(password).channel("recommendations"));
    assertThat(other.advisoryLock("export"))
        .isNotEqualTo(TenantKeys.of(password).advisoryLock("export"));
  }

  @Test
  void aChannelIsAPlainIdentifierThatFitsPostgreSQL() {
    String channel = TenantKeys.of(password).channel("chat_live");

    assertThat(channel).matches("sundae_chat_live_[0-9a-f]{24}").hasSizeLessThanOrEqualTo(63);
    assertThat(channel).doesNotContain(password);
  }

  @Test
  void eachPurposeHasItsOwnValue() {
    TenantKeys keys = TenantKeys.of(password);

    assertThat(keys.channel("a").substring("sundae_a_".length()))
        .isNotEqualTo(keys.channel("b").substring("sundae_b_".length()));
    assertThat(keys.advisoryLock("a")).isNotEqualTo(keys.advisoryLock("b"));
  }

  @Test
  void refusesAPurposeThatIsNotAnIdentifier() {
    assertThatThrownBy(() -> TenantKeys.of(password).channel("x; DROP"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hkdfMatchesRfc5869TestCase1() {
    // RFC 5869, A.1: IKM 22 x 0x0b, salt 0x00..0x0c, info 0xf0..0xf9
    HexFormat hex = HexFormat.of();
    byte[] prk =
        TenantKeys.extract(
            hex.parseHex("000102030405060708090a0b0c"),
            hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"));

    assertThat(hex.formatHex(prk))
        .isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    // the RFC's 42-byte OKM begins with the first block, which is all Sundae expands
    assertThat(hex.formatHex(TenantKeys.expand(prk, hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 32)))
        .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf");
    assertThatThrownBy(() -> TenantKeys.expand(prk, new byte[0], 33))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void channelNamesStayWhatRunningReplicasDerive() {
    // computed apart from this code (Python's hmac module): a change here renames live channels
    assertThat(TenantKeys.of("a tenant password").channel("recommendations"))
        .isEqualTo("sundae_recommendations_d940cf74c77b7a28094f5a40");
  }
}
