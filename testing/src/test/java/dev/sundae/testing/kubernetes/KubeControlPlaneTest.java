package dev.sundae.testing.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class KubeControlPlaneTest {

  private static final Duration WINDOW = Duration.ofMinutes(3);

  @Test
  void startsAtOnceAwayFromMidnight() {
    assertThat(KubeControlPlane.waitBeforeStart(LocalTime.of(12, 0), WINDOW)).isZero();
    assertThat(KubeControlPlane.waitBeforeStart(LocalTime.of(0, 0, 1), WINDOW)).isZero();
    assertThat(KubeControlPlane.waitBeforeStart(LocalTime.of(23, 56, 59), WINDOW)).isZero();
  }

  @Test
  void waitsUntilJustAfterMidnightWhenAPollCouldStraddleIt() {
    // the CI run that failed: the API server's poll began at 23:58:35
    assertThat(KubeControlPlane.waitBeforeStart(LocalTime.of(23, 58, 35), WINDOW))
        .isEqualTo(Duration.ofSeconds(86));
    assertThat(KubeControlPlane.waitBeforeStart(LocalTime.of(23, 57, 0), WINDOW))
        .isEqualTo(Duration.ofSeconds(181));
    assertThat(KubeControlPlane.waitBeforeStart(LocalTime.of(23, 59, 59, 500_000_000), WINDOW))
        .isEqualTo(Duration.ofMillis(1500));
  }
}
