package dev.sundae.gateway.recommendation;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.keys.RecommendationNotices;
import dev.sundae.web.tenant.NotificationListener;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the requests waiting for a recommendation when the inference worker announces it: a {@link
 * NotificationListener} on the tenant's channel, as the tenant's role, which the worker notifies
 * with the sealed request id ({@link RecommendationNotices}). A payload that does not open with the
 * tenant's key (noise, or another role's NOTIFY) is dropped.
 *
 * <p>A notification sent while the listener is not connected is lost; after every (re)connect it
 * wakes all waiters, which look in the table again, so a lost notification costs a query, never a
 * result.
 */
final class ChannelListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelListener.class);

  private final String role;
  private final RecommendationNotices notices;
  private final Map<UUID, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
  private NotificationListener listener;

  private ChannelListener(TenantConfig tenant) {
    this.role = tenant.database().username();
    this.notices = RecommendationNotices.of(tenant.database());
  }

  static ChannelListener start(TenantConfig tenant) {
    ChannelListener channel = new ChannelListener(tenant);
    channel.listener =
        NotificationListener.start(
            "notifications-" + tenant.name(),
            tenant,
            "sundae-gateway",
            channel.notices.channel(),
            channel::dispatch,
            channel::wakeAll);
    return channel;
  }

  /** A future completed when {@code requestId} is announced, or when it may have been missed. */
  CompletableFuture<Void> waitFor(UUID requestId) {
    CompletableFuture<Void> wake = new CompletableFuture<>();
    waiting.compute(
        requestId,
        (id, set) -> {
          Set<CompletableFuture<Void>> wakes = set == null ? ConcurrentHashMap.newKeySet() : set;
          wakes.add(wake);
          return wakes;
        });
    wake.whenComplete(
        (ignored, error) ->
            waiting.computeIfPresent(
                requestId, (id, set) -> set.remove(wake) && set.isEmpty() ? null : set));
    return wake;
  }

  /** How many requests wait right now (for tests and metrics). */
  int waiting() {
    return waiting.values().stream().mapToInt(Set::size).sum();
  }

  private void dispatch(String payload) {
    Optional<UUID> requestId = notices.requestId(payload);
    if (requestId.isEmpty()) {
      LOG.debug("Ignoring a notification {} cannot open", role);
      return;
    }
    Set<CompletableFuture<Void>> woken = waiting.remove(requestId.get());
    if (woken != null) {
      woken.forEach(wake -> wake.complete(null));
    }
  }

  private void wakeAll() {
    waiting.values().forEach(set -> set.forEach(wake -> wake.complete(null)));
  }

  @Override
  public void close() {
    listener.close();
  }
}
