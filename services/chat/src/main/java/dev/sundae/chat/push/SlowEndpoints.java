package dev.sundae.chat.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Endpoints that let a push run into its timeout, set aside for a while: a push to the same
 * endpoint within {@code pause} is not sent (counted as skipped), so a member who subscribed a
 * tarpit costs their tenant one timeout per endpoint and pause, not one per message (and a member
 * has at most {@code max-subscriptions-per-member} endpoints). By endpoint, not origin: one slow
 * answer of a public push service must not silence every device behind it. Kept in memory, per
 * instance, for at most {@link #MAX_ENDPOINTS} endpoints (the oldest forgotten first); a device set
 * aside syncs when its app opens.
 */
final class SlowEndpoints {

  static final int MAX_ENDPOINTS = 10_000;

  private final Duration pause;
  private final Clock clock;
  private final Map<String, Instant> until =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > MAX_ENDPOINTS;
        }
      };

  SlowEndpoints(Duration pause, Clock clock) {
    this.pause = pause;
    this.clock = clock;
  }

  /** True while the endpoint's push service is set aside. */
  synchronized boolean paused(String endpoint) {
    Instant end = until.get(endpoint);
    if (end == null) {
      return false;
    }
    if (clock.instant().isBefore(end)) {
      return true;
    }
    until.remove(endpoint);
    return false;
  }

  /** A push to the endpoint timed out: set it aside for the pause. */
  synchronized void timedOut(String endpoint) {
    until.remove(endpoint); // re-inserted last, so it is the last forgotten
    until.put(endpoint, clock.instant().plus(pause));
  }
}
