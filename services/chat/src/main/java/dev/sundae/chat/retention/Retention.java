package dev.sundae.chat.retention;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.DaemonTimer;
import dev.sundae.chat.audio.AudioStore;
import dev.sundae.chat.export.EventExporter;
import dev.sundae.chat.safety.RateLimits;
import dev.sundae.chat.tenant.TenantPolicies;
import dev.sundae.chat.verification.Verifications;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.web.tenant.TenantDatabases;
import dev.sundae.web.tenant.TenantDatabases.TenantDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Deletes what is past the tenant's retention: messages with their audio objects, clips that were
 * uploaded but never posted (a day after their URL expired), selfies of verifications never
 * submitted (abandoned after their URL's expiry and a grace, {@link Verifications#abandonExpired}),
 * analytics events (rows and export objects, EventExporter), and rate-limit buckets idle long
 * enough to be full again ({@link RateLimits#purge}). Objects go first, then rows, in batches, so a
 * purge interrupted half-way leaves rows whose objects are gone, never objects no row knows of. The
 * bucket's own lifecycle rule (set by the operator) is the backstop.
 */
@Component
public class Retention implements ApplicationRunner, DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
  private static final int BATCH = 500;

  private final TenantDirectory tenants;
  private final TenantDatabases databases;
  private final TenantPolicies policies;
  private final AudioStore store;
  private final EventExporter events;
  private final Verifications verifications;
  private final RateLimits rateLimits;
  private final Duration interval;
  private final ScheduledExecutorService timer = DaemonTimer.named("retention");

  Retention(
      TenantDirectory tenants,
      TenantDatabases databases,
      TenantPolicies policies,
      AudioStore store,
      EventExporter events,
      Verifications verifications,
      RateLimits rateLimits,
      ChatProperties properties) {
    this.tenants = tenants;
    this.databases = databases;
    this.policies = policies;
    this.store = store;
    this.events = events;
    this.verifications = verifications;
    this.rateLimits = rateLimits;
    this.interval = properties.chat().purgeInterval();
  }

  // the first purge waits one interval, well after the migrations
  @Override
  public void run(ApplicationArguments args) {
    timer.scheduleWithFixedDelay(
        this::purgeAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  void purgeAll() {
    for (TenantConfig tenant : tenants.all()) {
      try {
        purge(tenant, Instant.now());
      } catch (RuntimeException e) {
        LOG.warn(
            "Purge of tenant {} failed; next try in {}: {}",
            tenant.name(),
            interval,
            e.getMessage());
      }
    }
  }

  /** Purges the tenant as of {@code now}; returns how many messages were deleted. */
  public int purge(TenantConfig tenant, Instant now) {
    TenantDatabase db = databases.of(tenant);
    Instant before = now.minus(policies.retention(tenant));
    Timestamp cutoff = Timestamp.from(before);
    int messages = 0;
    while (true) {
      List<Old> batch =
          db.jdbc()
              .sql(
                  "SELECT id, upload_id, object_key FROM chat_message WHERE created_at < ?"
                      + " LIMIT "
                      + BATCH)
              .param(cutoff)
              .query((rs, row) -> new Old(rs.getObject(1), rs.getObject(2), rs.getString(3)))
              .list();
      if (batch.isEmpty()) {
        break;
      }
      batch.forEach(old -> store.delete(tenant, old.key()));
      db.transactions()
          .executeWithoutResult(
              tx ->
                  batch.forEach(
                      old -> {
                        db.jdbc()
                            .sql("DELETE FROM chat_message WHERE id = ?")
                            .param(old.id())
                            .update();
                        db.jdbc()
                            .sql("DELETE FROM chat_audio_upload WHERE id = ?")
                            .param(old.upload())
                            .update();
                      }));
      messages += batch.size();
    }
    // clips uploaded but never posted
    List<Old> unposted =
        db.jdbc()
            .sql(
                "SELECT u.id, u.id, u.object_key FROM chat_audio_upload u WHERE u.expires_at < ?"
                    + " AND NOT EXISTS (SELECT 1 FROM chat_message m WHERE m.upload_id = u.id)")
            .param(Timestamp.from(now.minus(Duration.ofDays(1))))
            .query((rs, row) -> new Old(rs.getObject(1), rs.getObject(2), rs.getString(3)))
            .list();
    unposted.forEach(
        old -> {
          store.delete(tenant, old.key());
          db.jdbc().sql("DELETE FROM chat_audio_upload WHERE id = ?").param(old.upload()).update();
        });
    int abandoned = verifications.abandonExpired(tenant, now);
    int purgedEvents = events.purge(tenant, before);
    int idleBuckets = rateLimits.purge(tenant, now);
    if (messages > 0 || !unposted.isEmpty() || abandoned > 0 || purgedEvents > 0) {
      LOG.info(
          "Tenant {}: purged {} messages, {} unposted clips, {} abandoned selfies, {} events"
              + " and {} idle rate-limit buckets",
          tenant.name(),
          messages,
          unposted.size(),
          abandoned,
          purgedEvents,
          idleBuckets);
    }
    return messages;
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }

  private record Old(Object id, Object upload, String key) {}
}
