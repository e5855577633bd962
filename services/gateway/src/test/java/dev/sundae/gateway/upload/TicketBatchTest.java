package dev.sundae.gateway.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TicketBatchTest {

  private final ExecutorService writer = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    writer.shutdownNow();
  }

  @Test
  void writesEveryRowOnceAndGroupsConcurrentRows() throws Exception {
    List<Integer> written = Collections.synchronizedList(new ArrayList<>());
    List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
    TicketBatch<Integer> batch =
        new TicketBatch<>(
            writer,
            rows -> {
              sleep(1); // a commit takes time; rows queue meanwhile
              written.addAll(rows);
              batchSizes.add(rows.size());
            });
    AtomicInteger returnedEarly = new AtomicInteger();
    ExecutorService requests = Executors.newFixedThreadPool(16);
    for (int i = 0; i < 2_000; i++) {
      int row = i;
      requests.execute(
          () -> {
            batch.add(row);
            if (!written.contains(row)) {
              returnedEarly.incrementAndGet(); // add must return only once its row is written
            }
          });
    }
    requests.shutdown();
    assertThat(requests.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    assertThat(returnedEarly).hasValue(0);
    assertThat(written).hasSize(2_000).doesNotHaveDuplicates();
    assertThat(batchSizes.stream().mapToInt(Integer::intValue).max().orElse(0)).isGreaterThan(1);
  }

  @Test
  void aRowWrittenAloneIsWrittenAtOnce() {
    List<List<String>> batches = new ArrayList<>();
    TicketBatch<String> batch = new TicketBatch<>(writer, batches::add);

    batch.add("a");
    batch.add("b");

    assertThat(batches).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void eachRowOfAFailedBatchGetsTheFailure() {
    TicketBatch<String> batch =
        new TicketBatch<>(
            writer,
            rows -> {
              throw new IllegalStateException("database down");
            });

    assertThatThrownBy(() -> batch.add("a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("database down");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
