package dev.sundae.chat.live;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.DaemonTimer;
import dev.sundae.chat.member.Members;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantDatabases;
import dev.sundae.web.tenant.TenantDatabases.TenantDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The cap on a member's live connections, {@code max-sockets-per-member}, across every instance of
 * the tenant's chat. Each connection holds a lease, a row of {@code chat_live_socket} taken at the
 * handshake: the member's unexpired leases are counted under the member's row lock, so handshakes
 * on two instances at once are counted one after the other and cannot pass the cap together. The
 * instance renews the leases of its open connections every heartbeat and deletes one when its
 * connection closes; a killed instance's leases lapse after {@link #lease()} (three heartbeats), so
 * its members get their places back without it.
 *
 * <p>A lease is renewed only once its connection is established: one taken by a handshake whose
 * upgrade then failed lapses on its own.
 */
@Component
class SocketLeases implements DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(SocketLeases.class);

  private final TenantDatabases databases;
  private final int cap;
  private final Duration lease;
  private final Map<TenantConfig, Set<UUID>> held = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = DaemonTimer.named("live-leases");

  SocketLeases(TenantDatabases databases, ChatProperties properties) {
    this.databases = databases;
    this.cap = properties.chat().live().maxSocketsPerMember();
    Duration heartbeat = properties.chat().live().heartbeat();
    this.lease = heartbeat.multipliedBy(3);
    timer.scheduleWithFixedDelay(
        this::renew, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** How long a lease counts without being renewed. */
  Duration lease() {
    return lease;
  }

  /**
   * A lease for one more connection of the caller, or empty when they hold {@code
   * max-sockets-per-member} unexpired ones already, on any instance.
   */
  Optional<UUID> take(Caller caller) {
    TenantDatabase db = databases.of(caller.tenant());
    return db.transactions()
        .execute(
            tx -> {
              Members.lockRow(db.jdbc(), caller.subject());
              long holding =
                  db.jdbc()
                      .sql(
                          """
                          SELECT count(*) FROM chat_live_socket
                          WHERE subject = ? AND expires_at > now()""")
                      .param(caller.subject())
                      .query(Long.class)
                      .single();
              if (holding >= cap) {
                return Optional.empty();
              }
              UUID id = UUID.randomUUID();
              db.jdbc()
                  .sql(
                      """
                      INSERT INTO chat_live_socket (id, subject, expires_at)
                      VALUES (?, ?, now() + make_interval(secs => ?))""")
                  .params(id, caller.subject(), lease.toSeconds())
                  .update();
              return Optional.of(id);
            });
  }

  /** The connection of lease {@code id} is open here: its lease is renewed until released. */
  void hold(TenantConfig tenant, UUID id) {
    if (id == null) {
      return;
    }
    held.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet()).add(id);
  }

  /** The connection of lease {@code id} closed: its place is free at once. */
  void release(TenantConfig tenant, UUID id) {
    if (id == null) {
      return;
    }
    Set<UUID> ids = held.get(tenant);
    if (ids != null) {
      ids.remove(id);
    }
    try {
      databases
          .of(tenant)
          .jdbc()
          .sql("DELETE FROM chat_live_socket WHERE id = ?")
          .param(id)
          .update();
    } catch (RuntimeException e) {
      // the lease lapses on its own
      LOG.warn(
          "Could not release live connection lease of tenant {}: {}", tenant.name(), e.toString());
    }
  }

  /** Renews this instance's leases, tenant by tenant, and deletes lapsed ones (any instance's). */
  void renew() {
    held.forEach(
        (tenant, ids) -> {
          try {
            TenantDatabase db = databases.of(tenant);
            if (!ids.isEmpty()) {
              db.jdbc()
                  .sql(
                      """
                      UPDATE chat_live_socket SET expires_at = now() + make_interval(secs => ?)
                      WHERE id = ANY (?::uuid[])""")
                  .params(
                      lease.toSeconds(), ids.stream().map(UUID::toString).toArray(String[]::new))
                  .update();
            }
            db.jdbc().sql("DELETE FROM chat_live_socket WHERE expires_at <= now()").update();
          } catch (RuntimeException e) {
            LOG.warn(
                "Could not renew the live connection leases of tenant {}: {}",
                tenant.name(),
                e.toString());
          }
        });
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
