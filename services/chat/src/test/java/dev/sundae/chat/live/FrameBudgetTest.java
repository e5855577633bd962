package dev.sundae.chat.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.chat.live.FrameBudget.Verdict;
import org.junit.jupiter.api.Test;

class FrameBudgetTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstPassesThenFramesWaitForTheRefill() {
    FrameBudget budget = new FrameBudget(3, 2, 100, 0);

    assertThat(budget.take(0)).isEqualTo(Verdict.HANDLE);
    assertThat(budget.take(0)).isEqualTo(Verdict.HANDLE);
    assertThat(budget.take(0)).isEqualTo(Verdict.HANDLE);
    assertThat(budget.take(0)).isEqualTo(Verdict.DROP);
    assertThat(budget.take(SECOND / 2)).isEqualTo(Verdict.HANDLE);
    assertThat(budget.take(SECOND / 2)).isEqualTo(Verdict.DROP);
  }

  @Test
  void aFloodIsToldToCloseAfterEnoughDrops() {
    FrameBudget budget = new FrameBudget(1, 1, 3, 0);
    budget.take(0);

    assertThat(budget.take(0)).isEqualTo(Verdict.DROP);
    assertThat(budget.take(0)).isEqualTo(Verdict.DROP);
    assertThat(budget.take(0)).isEqualTo(Verdict.CLOSE);
  }

  @Test
  void anIdleConnectionGetsNoMoreThanItsBurst() {
    FrameBudget budget = new FrameBudget(2, 10, 100, 0);

    budget.take(60 * SECOND);
    budget.take(60 * SECOND);

    assertThat(budget.take(60 * SECOND)).isEqualTo(Verdict.DROP);
  }
}
