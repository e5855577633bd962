package dev.sundae.chat.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.chat.tenant.Caller;
import dev.sundae.tenancy.TenantConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class RateLimitsTest {

  private final AtomicLong nanos = new AtomicLong();
  private final RateLimits limits = new RateLimits(30, nanos::get);
  private final Caller caller = new Caller(tenant(), "subject-1", "dave", false);

  @Test
  void anHourlyBucketIsNotForgottenWhileItsHourRuns() {
    takeAll();
    // idle for longer than the per-minute buckets' whole period, but not an hour
    nanos.addAndGet(Duration.ofMinutes(30).toNanos());
    assertThatThrownBy(this::takeOne)
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            e -> {
              assertThat(e.getStatusCode().value()).isEqualTo(429);
              assertThat(e.getHeaders().getFirst("Retry-After")).isNotBlank();
              assertThat(e.getBody().getDetail()).startsWith("At most 2 starts per hour");
            });
  }

  @Test
  void anHourlyBucketIdleForItsWholeHourMayGo() {
    takeAll();
    nanos.addAndGet(Duration.ofMinutes(61).toNanos());
    assertThatCode(this::takeOne).doesNotThrowAnyException();
  }

  private void takeAll() {
    takeOne();
    takeOne();
    assertThatThrownBy(this::takeOne).isInstanceOf(ErrorResponseException.class);
  }

  private void takeOne() {
    limits.take(caller, "starts", 2, Duration.ofHours(1), "hour");
  }

  private static TenantConfig tenant() {
    return new TenantConfig(
        "test",
        "tenant_a",
        "http://127.0.0.1/realms/a",
        "chat",
        null,
        List.of(),
        new TenantConfig.Storage("http://127.0.0.1:9000", "us-east-1", "a", "k", "s"),
        null,
        null,
        null);
  }
}
