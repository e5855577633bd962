package dev.sundae.chat.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.chat.live.FrameBudget.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FrameBudgetTest {

  private static final long SECOND = 1_000_000_000L;
  private static final Duration WINDOW = Duration.ofSeconds(10);

  @Test
  void aBurstPassesThenFramesWaitForTheRefill() {
    FrameBudget budget = new FrameBudget(3, 2, 100, WINDOW, 0);

    assertThat(budget.take(0)).isEqualTo(Verdict.HANDLE);
    assertThat(budget.take(0)).isEqualTo(Verdict.HANDLE);
    assertThat(budget.take(0)).isEqualTo(Verdict.HANDLE);
    assertThat(budget.take(0)).isEqualTo(Verdict.DROP);
    assertThat(budget.take(SECOND / 2)).isEqualTo(Verdict.HANDLE);
    assertThat(budget.take(SECOND / 2)).isEqualTo(Verdict.DROP);
  }

  @Test
  void aFloodIsToldToCloseAfterEnoughDrops() {
    FrameBudget budget = new FrameBudget(1, 1, 3, WINDOW, 0);
    budget.take(0);

    assertThat(budget.take(0)).isEqualTo(Verdict.DROP);
    assertThat(budget.take(0)).isEqualTo(Verdict.DROP);
    assertThat(budget.take(0)).isEqualTo(Verdict.CLOSE);
  }

  @Test
  void anIdleConnectionGetsNoMoreThanItsBurst() {
    FrameBudget budget = new FrameBudget(2, 10, 100, WINDOW, 0);

    budget.take(60 * SECOND);
    budget.take(60 * SECOND);

    assertThat(budget.take(60 * SECOND)).isEqualTo(Verdict.DROP);
  }

  @Test
  void dropsSpreadOverManyWindowsNeverClose() {
    FrameBudget budget = new FrameBudget(1, 1, 3, WINDOW, 0);

    // two frames at once every 11 s for an hour: one handled, one dropped, each time
    for (long at = 0; at < 3600 * SECOND; at += 11 * SECOND) {
      assertThat(budget.take(at)).isEqualTo(Verdict.HANDLE);
      assertThat(budget.take(at)).isEqualTo(Verdict.DROP);
    }
  }

  @Test
  void dropsWithinOneWindowCloseEvenWhenSomeFramesPassBetween() {
    FrameBudget budget = new FrameBudget(1, 1, 3, WINDOW, 0);
    budget.take(0);

    assertThat(budget.take(0)).isEqualTo(Verdict.DROP);
    assertThat(budget.take(2 * SECOND)).isEqualTo(Verdict.HANDLE);
    assertThat(budget.take(2 * SECOND)).isEqualTo(Verdict.DROP);
    assertThat(budget.take(9 * SECOND)).isEqualTo(Verdict.HANDLE);
    assertThat(budget.take(9 * SECOND)).isEqualTo(Verdict.CLOSE);
  }
}
