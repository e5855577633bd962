package dev.sundae.chat.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** Latencies in nanoseconds from many threads, bounded in number, summed up as percentiles. */
final class Samples {

  private final long[] values;
  private final AtomicInteger count = new AtomicInteger();

  Samples(int capacity) {
    this.values = new long[capacity];
  }

  void add(long nanos) {
    int index = count.getAndIncrement();
    if (index < values.length) {
      values[index] = nanos;
    }
  }

  /** Read once the threads that added have been joined or awaited. */
  Summary summary() {
    int n = Math.min(count.get(), values.length);
    long[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    return new Summary(n, at(sorted, 0.50), at(sorted, 0.99), n == 0 ? 0 : sorted[n - 1] / 1e6);
  }

  private static double at(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
  }

  /**
   * @param count how many latencies
   * @param p50Ms median, in milliseconds
   * @param p99Ms 99th percentile
   * @param maxMs the slowest
   */
  record Summary(int count, double p50Ms, double p99Ms, double maxMs) {
    @Override
    public String toString() {
      return String.format(
          "p50 %.2f ms, p99 %.2f ms, max %.2f ms (%,d)", p50Ms, p99Ms, maxMs, count);
    }
  }
}
