package dev.sundae.tenancy.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
