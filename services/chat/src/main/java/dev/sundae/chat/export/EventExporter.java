package dev.sundae.chat.export;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.DaemonTimer;
import dev.sundae.chat.audio.AudioStore;
import dev.sundae.chat.export.EventFiles.EventFile;
import dev.sundae.chat.export.EventLog.Batch;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.tenancy.keys.TenantLock;
import dev.sundae.web.tenant.TenantDatabases;
import dev.sundae.web.tenant.TenantDatabases.TenantDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Writes each tenant's new events to the tenant's own bucket, with the tenant's own keys, on a
 * timer. Per tenant one instance at a time (a PostgreSQL advisory lock whose key only the tenant
 * can derive, {@link TenantLock}); a batch is fixed in the database before its objects are written
 * and marked done only after, so a crash at any point leads to the same objects being written
 * again, never to a lost or a doubled event.
 */
@Component
public class EventExporter implements ApplicationRunner, DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(EventExporter.class);
  // part of what decides the keys of a batch: a constant, so a retry cuts the same pages
  static final int PAGE = 10_000;
  // advisory locks are shared by the whole database: the key is one only the tenant can derive
  private static final String LOCK_PURPOSE = "chat_event_export";

  private final TenantDirectory tenants;
  private final TenantDatabases databases;
  private final AudioStore store;
  private final MeterRegistry meters;
  private final ChatProperties.Export settings;
  private final ScheduledExecutorService timer = DaemonTimer.named("event-export");

  EventExporter(
      TenantDirectory tenants,
      TenantDatabases databases,
      AudioStore store,
      MeterRegistry meters,
      ChatProperties properties) {
    this.tenants = tenants;
    this.databases = databases;
    this.store = store;
    this.meters = meters;
    this.settings = properties.chat().export();
  }

  // the first run waits one interval, well after the migrations
  @Override
  public void run(ApplicationArguments args) {
    if (settings.enabled()) {
      long millis = settings.interval().toMillis();
      timer.scheduleWithFixedDelay(this::exportAll, millis, millis, TimeUnit.MILLISECONDS);
    }
  }

  void exportAll() {
    for (TenantConfig tenant : tenants.all()) {
      try {
        export(tenant);
      } catch (RuntimeException e) {
        LOG.warn(
            "Event export of tenant {} failed; next try in {}: {}",
            tenant.name(),
            settings.interval(),
            e.getMessage());
      }
    }
  }

  /**
   * Exports the tenant's events of every transaction finished by now (and the rest of a batch an
   * earlier run left unfinished).
   */
  public Exported export(TenantConfig tenant) {
    TenantDatabase db = databases.of(tenant);
    try (Connection lock = db.dataSource().getConnection()) {
      Optional<TenantLock> held = TenantLock.tryAcquire(lock, tenant.database(), LOCK_PURPOSE);
      if (held.isEmpty()) {
        return Exported.SKIPPED;
      }
      try (TenantLock ignored = held.get()) {
        EventLog log = new EventLog(db);
        // an unfinished batch first (a crash's leftover), then everything finished since
        Exported exported =
            log.pending().map(batch -> write(tenant, log, batch)).orElse(Exported.NONE);
        exported = exported.plus(write(tenant, log, log.plan()));
        if (exported.events() > 0) {
          LOG.info(
              "Tenant {}: exported {} events in {} objects",
              tenant.name(),
              exported.events(),
              exported.objects().size());
        }
        return exported;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot lock the event export: " + e.getMessage(), e);
    }
  }

  private Exported write(TenantConfig tenant, EventLog log, Batch batch) {
    Exported exported = Exported.NONE;
    while (!batch.empty()) {
      List<ChatEvent> page = log.page(batch, PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (EventFile file : EventFiles.of(tenant.name(), page)) {
        store.write(tenant, file.key(), file.gzip(), EventFiles.CONTENT_TYPE);
        exported = exported.plus(new Exported(false, List.of(file.key()), file.events()));
      }
      long last = page.get(page.size() - 1).id();
      log.written(last);
      batch = batch.after(last);
    }
    log.done();
    meters
        .counter("sundae.chat.events.exported", "tenant", tenant.name())
        .increment(exported.events());
    return exported;
  }

  /**
   * Deletes the tenant's events that occurred before {@code cutoff}, in the database and in the
   * bucket: the partitions of the days wholly before it (listing the partitions is one request per
   * 1000 days, so this stays cheap).
   */
  public int purge(TenantConfig tenant, Instant cutoff) {
    LocalDate firstKept = EventFiles.day(cutoff);
    for (String folder : store.folders(tenant, EventFiles.PREFIX)) {
      EventFiles.dayOf(folder)
          .filter(day -> day.isBefore(firstKept))
          .ifPresent(day -> store.deleteAll(tenant, folder));
    }
    return new EventLog(databases.of(tenant)).purge(cutoff);
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }

  /**
   * What a run wrote.
   *
   * @param skipped true when another instance was exporting the tenant, and this run did nothing
   * @param objects the keys written
   * @param events how many events they hold
   */
  public record Exported(boolean skipped, List<String> objects, long events) {

    static final Exported NONE = new Exported(false, List.of(), 0);
    static final Exported SKIPPED = new Exported(true, List.of(), 0);

    Exported plus(Exported more) {
      return new Exported(
          skipped,
          Stream.concat(objects.stream(), more.objects.stream()).toList(),
          events + more.events);
    }
  }
}
