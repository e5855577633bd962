package dev.sundae.gateway.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Group commit: the rows of concurrent requests go to the database together, in one statement and
 * one commit, and each request returns once its own row is committed. One writer at a time takes
 * everything queued, so alone a row is written at once, and under load one commit carries many: a
 * single connection keeps up with thousands of rows a second, where one commit (and, in production,
 * one WAL flush) per row would not.
 *
 * @param <T> a row
 */
final class TicketBatch<T> {

  private static final int MAX_ROWS = 500;

  private final Queue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();
  private final Executor executor;
  private final Consumer<List<T>> write;

  /** {@code write} stores rows in one transaction, on {@code executor}. */
  TicketBatch(Executor executor, Consumer<List<T>> write) {
    this.executor = executor;
    this.write = write;
  }

  /** Stores {@code row}; returns once it is committed, throws what its batch failed with. */
  void add(T row) {
    Pending<T> mine = new Pending<>(row, new CompletableFuture<>());
    queue.add(mine);
    startWriter();
    try {
      mine.done().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private void startWriter() {
    if (!queue.isEmpty() && writing.compareAndSet(false, true)) {
      executor.execute(this::writeAll);
    }
  }

  private void writeAll() {
    try {
      while (!queue.isEmpty()) {
        writeBatch();
      }
    } finally {
      writing.set(false);
      startWriter(); // a row queued after the last look, before the flag was cleared
    }
  }

  private void writeBatch() {
    List<Pending<T>> batch = new ArrayList<>();
    for (Pending<T> p = queue.poll();
        p != null;
        p = batch.size() < MAX_ROWS ? queue.poll() : null) {
      batch.add(p);
    }
    try {
      write.accept(batch.stream().map(Pending::row).toList());
      batch.forEach(p -> p.done().complete(null));
    } catch (RuntimeException e) {
      batch.forEach(p -> p.done().completeExceptionally(e));
    }
  }

  private record Pending<T>(T row, CompletableFuture<Void> done) {}
}
