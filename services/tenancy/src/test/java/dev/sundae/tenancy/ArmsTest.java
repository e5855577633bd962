package dev.sundae.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.tenancy.Arms.Arm;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ArmsTest {

  @Test
  void holdsOutTheConfiguredShareOfSessions() {
    int sessions = 200_000;
    long held =
        IntStream.range(0, sessions)
            .filter(i -> Arms.of("acme", UUID.randomUUID().toString(), 5) == Arm.HOLDOUT)
            .count();
    // 5 % of 200,000 is 10,000 with a standard deviation of 97: six of them either side
    assertThat(held).isBetween(9_400L, 10_600L);
  }

  @Test
  void aSessionAlwaysLandsInTheSameArm() {
    for (int i = 0; i < 1_000; i++) {
      String session = "register-3:" + i;
      Arm first = Arms.of("acme", session, 20);
      assertThat(Arms.of("acme", session, 20)).isEqualTo(first);
    }
  }

  @Test
  void raisingTheShareOnlyMovesSessionsIntoTheHoldout() {
    for (int i = 0; i < 10_000; i++) {
      String session = Integer.toString(i);
      if (Arms.of("acme", session, 5) == Arm.HOLDOUT) {
        assertThat(Arms.of("acme", session, 10)).isEqualTo(Arm.HOLDOUT);
      }
    }
  }

  @Test
  void noneAndTheMaximumAreWhatTheySay() {
    for (int i = 0; i < 10_000; i++) {
      assertThat(Arms.of("acme", Integer.toString(i), 0)).isEqualTo(Arm.MODEL);
    }
    long held =
        IntStream.range(0, 10_000)
            .filter(i -> Arms.of("acme", Integer.toString(i), 50) == Arm.HOLDOUT)
            .count();
    assertThat(held).isBetween(4_700L, 5_300L);
  }

  @Test
  void twoTenantsSplitTheSameSessionIdsIndependently() {
    int both = 0;
    int acme = 0;
    for (int i = 0; i < 100_000; i++) {
      String session = "store-1:" + i;
      boolean inAcme = Arms.of("acme", session, 50) == Arm.HOLDOUT;
      boolean inGelato = Arms.of("gelato", session, 50) == Arm.HOLDOUT;
      acme += inAcme ? 1 : 0;
      both += inAcme && inGelato ? 1 : 0;
    }
    // independent: a quarter in both (sd 137); the same hash would put half in both
    assertThat(acme).isBetween(49_000, 51_000);
    assertThat(both).isBetween(24_200, 25_800);
  }

  @Test
  void theCanarySplitIsItsOwnShareIndependentOfTheHoldout() {
    int canary = 0;
    int canaryAndHeld = 0;
    for (int i = 0; i < 100_000; i++) {
      String session = "store-1:" + i;
      boolean inCanary = Arms.candidate("acme", session, 20);
      assertThat(Arms.candidate("acme", session, 20)).isEqualTo(inCanary);
      canary += inCanary ? 1 : 0;
      canaryAndHeld += inCanary && Arms.of("acme", session, 50) == Arm.HOLDOUT ? 1 : 0;
    }
    // 20 % (sd 126); independent of the holdout: a tenth in both (sd 95), not a fifth or none
    assertThat(canary).isBetween(19_250, 20_750);
    assertThat(canaryAndHeld).isBetween(9_430, 10_570);
  }

  @Test
  void aCandidateOutsideItsBoundsIsRefusedAndItsDefaultsAreACanaryOfTen() {
    assertThatThrownBy(() -> new TenantConfig.Candidate("file:///m.pt", "v2", null, 51))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 50");
    TenantConfig.Candidate defaults = new TenantConfig.Candidate("file:///m.pt", "v2", null, null);
    assertThat(defaults.mode()).isEqualTo(TenantConfig.Candidate.Mode.CANARY);
    assertThat(defaults.percent()).isEqualTo(TenantConfig.Candidate.DEFAULT_PERCENT);
    assertThat(new TenantConfig.Model("file:///m.pt", "v1", null).candidateOrNone()).isEmpty();
    assertThat(
            new TenantConfig.Model(
                    "file:///m.pt", "v1", new TenantConfig.Candidate("", "", null, null))
                .candidateOrNone())
        .isEmpty();
  }

  @Test
  void aHoldoutOutsideItsBoundsIsRefused() {
    assertThatThrownBy(() -> new TenantConfig.Holdout(51, 28))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 to 50");
    assertThat(new TenantConfig.Holdout(null, null)).isEqualTo(TenantConfig.Holdout.NONE);
  }
}
