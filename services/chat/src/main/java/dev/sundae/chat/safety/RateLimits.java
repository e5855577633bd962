package dev.sundae.chat.safety;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Problems;
import dev.sundae.web.tenant.TenantDatabases;
import dev.sundae.web.tenant.TenantDatabases.TenantDatabase;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Per-member token buckets for what costs the service or annoys others: posting messages, signing
 * uploads, starting verifications. Over the limit: 429 with {@code Retry-After} and the limit in
 * the problem's detail. The buckets are rows of the tenant's schema ({@code chat_rate_limit}), not
 * a replica's memory, so that every replica draws from the same bucket: a member gets the limit
 * once however many replicas serve them, and a restart hands out no fresh bucket. A take is one
 * statement: the row's tokens refilled for the time since its last take (greedy refill, as
 * Bucket4j's {@code refillGreedy}, which this replaced), capped at the capacity, and one taken if
 * one is there; PostgreSQL's row lock orders concurrent takes of one bucket, from any replica.
 */
@Component
public class RateLimits {

  /** A bucket idle this long is full again for every limit in use (the longest is an hour). */
  static final Duration IDLE = Duration.ofDays(1);

  // the refill: tokens at the last take plus the seconds since times the rate, at most capacity
  private static final String REFILLED =
      "LEAST(:capacity, b.tokens"
          + " + GREATEST(0, EXTRACT(EPOCH FROM (:now - b.updated_at))) * :rate)";

  private final int perMinute;
  private final TenantDatabases databases;
  private final Clock clock;

  @Autowired
  RateLimits(ChatProperties properties, TenantDatabases databases) {
    this(properties.chat().messagesPerMinute(), databases, Clock.systemUTC());
  }

  /** With the clock of its takes; a test's own. */
  RateLimits(int messagesPerMinute, TenantDatabases databases, Clock clock) {
    this.perMinute = messagesPerMinute;
    this.databases = databases;
    this.clock = clock;
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
   * action always has the same limit.
   */
  public void take(Caller caller, String action, int capacity, Duration period, String periodName) {
    TenantDatabase db = databases.of(caller.tenant());
    // the bucket's key and its limit: the named parameters of both statements
    Map<String, Object> bucket =
        Map.of(
            "subject",
            caller.subject(),
            "action",
            action,
            "capacity",
            (double) capacity,
            "rate",
            capacity / (period.toNanos() / 1e9),
            "now",
            Timestamp.from(clock.instant()));
    // an insert for a first take; else the update, which its WHERE skips when no token is there
    Optional<Double> left =
        db.jdbc()
            .sql(
                "INSERT INTO chat_rate_limit AS b (subject, action, tokens, updated_at)"
                    + " VALUES (:subject, :action, :capacity - 1, :now)"
                    + " ON CONFLICT (subject, action) DO UPDATE"
                    + " SET tokens = "
                    + REFILLED
                    + " - 1, updated_at = GREATEST(b.updated_at, :now)"
                    + " WHERE "
                    + REFILLED
                    + " >= 1 RETURNING b.tokens")
            .params(bucket)
            .query(Double.class)
            .optional();
    if (left.isPresent()) {
      return;
    }
    double wait =
        db.jdbc()
            .sql(
                "SELECT (1 - "
                    + REFILLED
                    + ") / :rate FROM chat_rate_limit b"
                    + " WHERE subject = :subject AND action = :action")
            .params(bucket)
            .query(Double.class)
            .optional()
            .orElse(0.0);
    refuse(capacity, action, periodName, Math.max(1, (long) Math.ceil(wait)));
  }

  /** Deletes the buckets idle for {@link #IDLE} (full again, as a missing one is); the count. */
  public int purge(TenantConfig tenant, Instant now) {
    return databases
        .of(tenant)
        .jdbc()
        .sql("DELETE FROM chat_rate_limit WHERE updated_at < ?")
        .param(Timestamp.from(now.minus(IDLE)))
        .update();
  }

  private static void refuse(int capacity, String action, String periodName, long seconds) {
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
