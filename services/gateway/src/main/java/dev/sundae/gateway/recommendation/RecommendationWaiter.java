package dev.sundae.gateway.recommendation;

import dev.sundae.tenancy.TenantConfig;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Long-polls a recommendation without holding a request thread or a pooled connection while it
 * waits: the request is parked on a future that the tenant's {@link ChannelListener} completes when
 * the worker announces the result; then the table is read again.
 */
@Component
class RecommendationWaiter implements DisposableBean {

  private final RecommendationRepository repository;
  private final Executor executor;
  private final Map<String, ChannelListener> listeners = new ConcurrentHashMap<>();

  RecommendationWaiter(
      RecommendationRepository repository,
      @Qualifier("applicationTaskExecutor") Executor executor) {
    this.repository = repository;
    this.executor = executor;
  }

  /** The recommendation as soon as it exists, or empty once {@code deadlineNanos} has passed. */
  CompletableFuture<Optional<Recommendation>> await(
      TenantConfig tenant, UUID requestId, long deadlineNanos) {
    // Listen before looking, so that a result stored between the two is not missed.
    CompletableFuture<Void> wake = listener(tenant).waitFor(requestId);
    Optional<Recommendation> found = repository.find(tenant, requestId);
    long remaining = deadlineNanos - System.nanoTime();
    if (found.isPresent() || remaining <= 0) {
      wake.cancel(false);
      return CompletableFuture.completedFuture(found);
    }
    return wake.completeOnTimeout(null, remaining, TimeUnit.NANOSECONDS)
        .thenComposeAsync(woken -> await(tenant, requestId, deadlineNanos), executor);
  }

  private ChannelListener listener(TenantConfig tenant) {
    return listeners.computeIfAbsent(tenant.name(), name -> ChannelListener.start(tenant));
  }

  @Override
  public void destroy() {
    listeners.values().forEach(ChannelListener::close);
  }
}
