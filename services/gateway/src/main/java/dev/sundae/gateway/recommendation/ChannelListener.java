package dev.sundae.gateway.recommendation;

import dev.sundae.tenancy.TenantConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs, as one tenant's role, on the channel the inference worker notifies with {@code
 * <schema>:<requestId>}, and wakes the requests waiting for that id. NOTIFY reaches every session
 * of the database, so payloads of other schemas are dropped here.
 *
 * <p>A notification sent while this listener is not connected is lost; after every (re)connect it
 * wakes all waiters, which look in the table again, so a lost notification costs a query, never a
 * result.
 */
final class ChannelListener implements Runnable, AutoCloseable {

  static final String CHANNEL = "sundae_recommendations";
  private static final Logger LOG = LoggerFactory.getLogger(ChannelListener.class);
  private static final int POLL_MILLIS = 500;
  private static final long RECONNECT_MILLIS = 1000;

  private final TenantConfig.Database login;
  private final Map<UUID, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  private ChannelListener(TenantConfig tenant) {
    this.login = tenant.database();
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
        statement.execute("LISTEN " + CHANNEL);
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
          LOG.warn("Listening on {} as {} failed: {}", CHANNEL, login.username(), e.getMessage());
          wakeAll();
          sleep(RECONNECT_MILLIS);
        }
      }
    }
  }

  private void dispatch(String payload) {
    int colon = payload.indexOf(':');
    if (colon < 0 || !payload.substring(0, colon).equals(login.schema())) {
      return;
    }
    UUID requestId;
    try {
      requestId = UUID.fromString(payload.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignoring a notification on {} with payload {}", CHANNEL, payload);
      return;
    }
    Set<CompletableFuture<Void>> woken = waiting.remove(requestId);
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
