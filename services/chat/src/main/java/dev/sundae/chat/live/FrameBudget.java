package dev.sundae.chat.live;

import java.time.Duration;

/**
 * What one connection may send: a token bucket of {@code burst} frames refilled at {@code
 * perSecond}. Typing, recording and receipts each cost queries and a NOTIFY, so a frame over the
 * budget is dropped before any of that. A client that keeps sending past it ({@code
 * closeAfterDrops} frames dropped within {@code floodWindow}) is a flood, not an app, and its
 * connection is closed. Drops are counted per window, not over the connection's life, so an app
 * that overshoots its budget now and then stays connected however long it stays.
 */
final class FrameBudget {

  private final double burst;
  private final double perNano;
  private final int closeAfterDrops;
  private final long windowNanos;
  private double tokens;
  private long refilledAt;
  private int dropped;
  private long firstDropAt;

  FrameBudget(int burst, double perSecond, int closeAfterDrops, Duration floodWindow, long now) {
    this.burst = burst;
    this.perNano = perSecond / 1e9;
    this.closeAfterDrops = closeAfterDrops;
    this.windowNanos = floodWindow.toNanos();
    this.tokens = burst;
    this.refilledAt = now;
  }

  /** What to do with a frame that arrives at {@code now} (nanoseconds, any origin). */
  synchronized Verdict take(long now) {
    tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return Verdict.HANDLE;
    }
    if (dropped == 0 || now - firstDropAt > windowNanos) {
      dropped = 0;
      firstDropAt = now;
    }
    dropped++;
    return dropped >= closeAfterDrops ? Verdict.CLOSE : Verdict.DROP;
  }

  enum Verdict {
    HANDLE,
    DROP,
    CLOSE
  }
}
