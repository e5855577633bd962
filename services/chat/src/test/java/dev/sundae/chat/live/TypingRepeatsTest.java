package dev.sundae.chat.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TypingRepeatsTest {

  private static final long SECOND = 1_000_000_000L;
  private static final UUID GROUP = UUID.randomUUID();
  private static final UUID OTHER = UUID.randomUUID();

  @Test
  void theSameStateAgainWithinTheWindowIsARepeat() {
    TypingRepeats repeats = new TypingRepeats(Duration.ofSeconds(2));
    assertThat(repeats.repeats("typing", GROUP, 0)).isFalse();
    repeats.relayed("typing", GROUP, 0);

    assertThat(repeats.repeats("typing", GROUP, SECOND)).isTrue();
    assertThat(repeats.repeats("typing", GROUP, 2 * SECOND)).isFalse();
  }

  @Test
  void anotherKindOrConversationIsNotARepeat() {
    TypingRepeats repeats = new TypingRepeats(Duration.ofSeconds(2));
    repeats.relayed("typing", GROUP, 0);

    assertThat(repeats.repeats("recording", GROUP, 0)).isFalse();
    assertThat(repeats.repeats("typing", OTHER, 0)).isFalse();
  }

  @Test
  void aStateNeverRelayedIsNeverARepeat() {
    TypingRepeats repeats = new TypingRepeats(Duration.ofSeconds(2));
    repeats.repeats("typing", GROUP, 0);

    assertThat(repeats.repeats("typing", GROUP, 0)).isFalse();
  }
}
