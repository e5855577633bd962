package dev.sundae.chat.safety;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.web.Problems;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Per-member token buckets (Bucket4j) for what costs the service or annoys others: posting
 * messages, signing uploads, starting verifications. Over the limit: 429 with {@code Retry-After}
 * and the limit in the problem's detail. Buckets live in this instance's memory, so with several
 * replicas a member's limit is per replica.
 */
@Component
public class RateLimits {

  private final int perMinute;
  // a bucket untouched for its whole period is full again, so it may go then, and not before: a
  // fixed idle time shorter than an hourly limit's period would hand out a fresh bucket too early
  private final Cache<String, Limited> buckets;

  @Autowired
  RateLimits(ChatProperties properties) {
    this(properties.chat().messagesPerMinute(), Ticker.systemTicker());
  }

  /** With the clock that expires idle buckets; a test's own. */
  RateLimits(int messagesPerMinute, Ticker ticker) {
    this.perMinute = messagesPerMinute;
    this.buckets =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfter(
                new Expiry<String, Limited>() {
                  @Override
                  public long expireAfterCreate(String key, Limited value, long now) {
                    return value.period().toNanos();
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, Limited value, long now, long currentDuration) {
                    return value.period().toNanos();
                  }

                  @Override
                  public long expireAfterRead(
                      String key, Limited value, long now, long currentDuration) {
                    return value.period().toNanos();
                  }
                })
            .maximumSize(200_000)
            .build();
  }

  /**
   * Takes one token of the caller's bucket for {@code action} ({@code messagesPerMinute} a minute),
   * or refuses with 429.
   */
  public void take(Caller caller, String action) {
    take(caller, action, perMinute, Duration.ofMinutes(1), "minute");
  }

  /**
   * Takes one token of the caller's bucket for {@code action}, which holds {@code capacity} tokens
   * refilled over {@code period} (named {@code periodName} in the problem), or refuses with 429. An
   * action always has the same limit: its bucket is made once.
   */
  public void take(Caller caller, String action, int capacity, Duration period, String periodName) {
    Bucket bucket =
        buckets
            .get(
                caller.tenant().name() + "/" + caller.subject() + "/" + action,
                key ->
                    new Limited(
                        Bucket.builder()
                            .addLimit(
                                Bandwidth.builder()
                                    .capacity(capacity)
                                    .refillGreedy(capacity, period)
                                    .build())
                            .build(),
                        period))
            .bucket();
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      ProblemDetail problem =
          Problems.problem(
              HttpStatus.TOO_MANY_REQUESTS,
              "rate-limited",
              "Too many requests",
              "At most "
                  + capacity
                  + " "
                  + action
                  + " per "
                  + periodName
                  + "; retry in "
                  + seconds
                  + " s");
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      throw new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, problem, null) {
        @Override
        public HttpHeaders getHeaders() {
          return headers;
        }
      };
    }
  }

  private record Limited(Bucket bucket, Duration period) {}
}
