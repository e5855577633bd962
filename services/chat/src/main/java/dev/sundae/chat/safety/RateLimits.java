package dev.sundae.chat.safety;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.web.Problems;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Per-member token buckets (Bucket4j) for what costs the service or annoys others: posting messages
 * and signing uploads. Over the limit: 429 with {@code Retry-After} and the limit in the problem's
 * detail. Buckets live in this instance's memory, so with several replicas a member's limit is per
 * replica.
 */
@Component
public class RateLimits {

  private final int perMinute;
  private final Cache<String, Bucket> buckets =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(200_000).build();

  RateLimits(ChatProperties properties) {
    this.perMinute = properties.chat().messagesPerMinute();
  }

  /** Takes one token of the caller's bucket for {@code action}, or refuses with 429. */
  public void take(Caller caller, String action) {
    Bucket bucket =
        buckets.get(
            caller.tenant().name() + "/" + caller.subject() + "/" + action,
            key ->
                Bucket.builder()
                    .addLimit(
                        Bandwidth.builder()
                            .capacity(perMinute)
                            .refillGreedy(perMinute, Duration.ofMinutes(1))
                            .build())
                    .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
      ProblemDetail problem =
          Problems.problem(
              HttpStatus.TOO_MANY_REQUESTS,
              "rate-limited",
              "Too many requests",
              "At most " + perMinute + " " + action + " per minute; retry in " + seconds + " s");
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
}
