package dev.sundae.chat.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SlowEndpointsTest {

  private static final String TARPIT = "https://push.example/hang/1";
  private static final String SAME_SERVICE = "https://push.example/device/2";

  private Instant now = Instant.parse("2026-12-05T08:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final SlowEndpoints slow = new SlowEndpoints(Duration.ofMinutes(10), clock);

  @Test
  void setsAsideAnEndpointThatTimedOutForThePauseOnly() {
    slow.timedOut(TARPIT);

    assertThat(slow.paused(TARPIT)).isTrue();
    now = now.plus(Duration.ofMinutes(10));
    assertThat(slow.paused(TARPIT)).isFalse();
  }

  @Test
  void leavesOtherDevicesOfTheSamePushServiceAlone() {
    slow.timedOut(TARPIT);

    assertThat(slow.paused(SAME_SERVICE)).isFalse();
  }

  @Test
  void forgetsTheOldestEndpointsPastItsBound() {
    slow.timedOut(TARPIT);
    for (int i = 0; i < SlowEndpoints.MAX_ENDPOINTS; i++) {
      slow.timedOut("https://push.example/other/" + i);
    }

    assertThat(slow.paused(TARPIT)).isFalse();
    assertThat(slow.paused("https://push.example/other/0")).isTrue();
  }
}
