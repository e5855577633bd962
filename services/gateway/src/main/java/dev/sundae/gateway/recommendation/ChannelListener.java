package dev.sundae.gateway.recommendation;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.keys.RecommendationNotices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs, as one tenant's role, on the tenant's channel the inference worker notifies with the
 * sealed request id ({@link RecommendationNotices}), and wakes the requests waiting for that id. A
 * payload that does not open with the tenant's key (noise, or another role's NOTIFY) is dropped.
 *
 * <p>A notification sent while this listener is not connected is lost; after every (re)connect it
 * wakes all waiters, which look in the table again, so a lost notification costs a query, never a
 * result.
 */
final class ChannelListener implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChannelListener.class);
  private static final int POLL_MILLIS = 500;
  private static final long RECONNECT_MILLIS = 1000;

  private final TenantConfig.Database login;
  private final RecommendationNotices notices;
  private final Map<UUID, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  private ChannelListener(TenantConfig tenant) {
    this.login = tenant.database();
    this.notices = RecommendationNotices.of(login);
    this.thread = new Thread(this, "notifications-" + tenant.name());
    thread.setDaemon(true);
  }

  static ChannelListener start(TenantConfig tenant) {
    ChannelListener listener = new ChannelListener(tenant);
    listener.thread.start();
    return listener;
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

  @Override
  public void run() {
    while (running) {
      try (Connection connection =
              DriverManager.getConnection(login.jdbcUrl(), login.username(), login.password());
          Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + notices.channel());
        wakeAll();
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
          if (notifications != null) {
            for (PGNotification notification : notifications) {
              dispatch(notification.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (running) {
          LOG.warn(
              "Listening for recommendations as {} failed: {}", login.username(), e.getMessage());
          wakeAll();
          sleep(RECONNECT_MILLIS);
        }
      }
    }
  }

  private void dispatch(String payload) {
    Optional<UUID> requestId = notices.requestId(payload);
    if (requestId.isEmpty()) {
      LOG.debug("Ignoring a notification {} cannot open", login.username());
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

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
