package dev.sundae.chat.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantQueuesTest {

  private final TenantQueues queues = new TenantQueues(3, 2);

  @Test
  void takesTenantsInTurnWhateverOrderTheirWorkCameIn() throws Exception {
    for (int i = 0; i < 3; i++) {
      queues.offer("a", () -> {});
    }
    queues.offer("b", () -> {});
    List<String> order = new ArrayList<>();

    for (int i = 0; i < 4; i++) {
      TenantQueues.Work work = queues.take();
      order.add(work.tenant());
      queues.done(work.tenant());
    }

    assertThat(order).containsExactly("a", "b", "a", "a");
  }

  @Test
  void leavesATenantAtItsShareWaitingWhileAnotherGoesAhead() throws Exception {
    for (int i = 0; i < 3; i++) {
      queues.offer("a", () -> {});
    }
    TenantQueues.Work first = queues.take();
    TenantQueues.Work second = queues.take();
    queues.offer("b", () -> {});

    assertThat(List.of(first.tenant(), second.tenant())).containsOnly("a");
    assertThat(queues.take().tenant()).as("a holds its share of 2").isEqualTo("b");
    queues.done("a");
    assertThat(queues.take().tenant()).isEqualTo("a");
  }

  @Test
  void refusesWorkPastATenantsCapacityButNotAnothersWork() {
    for (int i = 0; i < 3; i++) {
      assertThat(queues.offer("a", () -> {})).isTrue();
    }

    assertThat(queues.offer("a", () -> {})).isFalse();
    assertThat(queues.offer("b", () -> {})).isTrue();
    assertThat(queues.pending()).isEqualTo(4);
  }

  @Test
  void wakesAWaitingThreadWithNothingWhenClosed() throws Exception {
    TenantQueues.Work[] taken = {new TenantQueues.Work("x", () -> {})};
    Thread taker =
        new Thread(
            () -> {
              try {
                taken[0] = queues.take();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    taker.start();

    queues.close();
    taker.join(5_000);

    assertThat(taker.isAlive()).isFalse();
    assertThat(taken[0]).isNull();
    assertThat(queues.offer("a", () -> {})).isFalse();
  }
}
