package dev.sundae.chat.live;

/**
 * What one connection may send: a token bucket of {@code burst} frames refilled at {@code
 * perSecond}. Typing, recording and receipts each cost queries and a NOTIFY, so a frame over the
 * budget is dropped before any of that; a client that keeps sending past it ({@code
 * closeAfterDrops} frames dropped) is a flood, not an app, and its connection is closed.
 */
final class FrameBudget {

  private final double burst;
  private final double perNano;
  private final int closeAfterDrops;
  private double tokens;
  private long refilledAt;
  private int dropped;

  FrameBudget(int burst, double perSecond, int closeAfterDrops, long now) {
    this.burst = burst;
    this.perNano = perSecond / 1e9;
    this.closeAfterDrops = closeAfterDrops;
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
    dropped++;
    return dropped >= closeAfterDrops ? Verdict.CLOSE : Verdict.DROP;
  }

  enum Verdict {
    HANDLE,
    DROP,
    CLOSE
  }
}
