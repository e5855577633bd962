package dev.sundae.gateway.export;

import dev.sundae.gateway.GatewayProperties;
import dev.sundae.gateway.tenant.PeriodicPass;
import dev.sundae.tenancy.StorageClients;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.tenancy.keys.TenantLock;
import dev.sundae.web.tenant.TenantDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Each tenant's recommendations and purchases, one Parquet file of each per UTC day, in the
 * tenant's own bucket under Hive-style date partitions ({@code analytics/recommendations/date=
 * 2026-12-05/recommendations.parquet}), so that Spark, Trino or Athena read them as they are. A day
 * is written once it has ended and {@code sundae.export.grace} has passed, with the tenant's own
 * keys; recommendations by the day they were made, purchases by the day they were reported (so no
 * late report can change a written day: a conversion reported after its recommendation's day was
 * written is in a later day's purchases, and the join on {@code request_id} finds it).
 *
 * <p>Exactly once, as the chat's event export: per tenant one replica at a time (an advisory lock
 * whose key only the tenant can derive), the day recorded in {@code analytics_export} only after
 * its objects are written; a crash rewrites the same keys with the same rows.
 */
@Component
public class DailyExport extends PeriodicPass {

  private static final Logger LOG = LoggerFactory.getLogger(DailyExport.class);
  // advisory locks are shared by the whole database: the key is one only the tenant can derive
  private static final String LOCK_PURPOSE = "analytics_export";
  private static final String PARQUET = "application/vnd.apache.parquet";
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  // the first day not yet written: the day after the last one written, else the first day with a
  // recommendation or a purchase (both read off an index)
  private static final String NEXT_DAY =
      """
      SELECT coalesce(
          (SELECT max(day) + 1 FROM analytics_export),
          least((SELECT min(day) FROM uplift_daily),
                (SELECT (min(created_at) AT TIME ZONE 'UTC')::date FROM purchase)))
      """;
  private static final String RECORD =
      "INSERT INTO analytics_export (day, recommendations, purchases) VALUES (?, ?, ?)"
          + " ON CONFLICT (day) DO NOTHING";

  private final TenantDirectory tenants;
  private final TenantDatabases databases;
  private final MeterRegistry meters;
  private final GatewayProperties.Export settings;
  private final Clock clock;
  private final Map<String, S3Client> stores = new ConcurrentHashMap<>();

  @Autowired
  DailyExport(
      TenantDirectory tenants,
      TenantDatabases databases,
      MeterRegistry meters,
      GatewayProperties properties) {
    this(tenants, databases, meters, properties.export(), Clock.systemUTC());
  }

  DailyExport(
      TenantDirectory tenants,
      TenantDatabases databases,
      MeterRegistry meters,
      GatewayProperties.Export settings,
      Clock clock) {
    super("analytics-export", settings.enabled(), settings.interval());
    this.tenants = tenants;
    this.databases = databases;
    this.meters = meters;
    this.settings = settings;
    this.clock = clock;
  }

  /** The key of {@code day}'s file of {@code what} (recommendations, purchases). */
  public static String key(String what, LocalDate day) {
    return "analytics/" + what + "/date=" + day + "/" + what + ".parquet";
  }

  /** One pass over every tenant; returns how many days it wrote. */
  public int exportAll() {
    int days = 0;
    for (TenantConfig tenant : tenants.all()) {
      try {
        days += export(tenant);
      } catch (RuntimeException e) {
        // a tenant whose database or bucket is down waits for the next pass; the rest go on
        LOG.warn("Analytics export of tenant {} failed: {}", tenant.name(), e.getMessage());
      }
    }
    return days;
  }

  /** Writes the tenant's days that are due; 0 when another replica holds its lock. */
  public int export(TenantConfig tenant) {
    TenantDatabases.TenantDatabase database = databases.of(tenant);
    try (Connection connection = database.dataSource().getConnection()) {
      Optional<TenantLock> lock =
          TenantLock.tryAcquire(connection, tenant.database(), LOCK_PURPOSE);
      if (lock.isEmpty()) {
        return 0;
      }
      try (TenantLock held = lock.get()) {
        return exportDays(tenant, connection);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot export: " + e.getMessage(), e);
    }
  }

  private int exportDays(TenantConfig tenant, Connection connection) throws SQLException {
    LocalDate last =
        LocalDate.ofInstant(clock.instant().minus(settings.grace()), ZoneOffset.UTC).minusDays(1);
    LocalDate day = nextDay(connection);
    int written = 0;
    while (day != null && !day.isAfter(last) && written < settings.daysPerRun()) {
      DayFiles.Written files = writeDay(tenant, connection, day);
      try (PreparedStatement record = connection.prepareStatement(RECORD)) {
        record.setObject(1, day);
        record.setLong(2, files.recommendations());
        record.setLong(3, files.purchases());
        record.executeUpdate();
      }
      LOG.info(
          "Exported {} of tenant {}: {} recommendation(s), {} purchase(s)",
          day,
          tenant.name(),
          files.recommendations(),
          files.purchases());
      meters.counter("sundae.export.days", "tenant", tenant.name()).increment();
      written++;
      day = day.plusDays(1);
    }
    return written;
  }

  private DayFiles.Written writeDay(TenantConfig tenant, Connection connection, LocalDate day)
      throws SQLException {
    Path directory = null;
    try {
      directory = Files.createTempDirectory("sundae-export-");
      DayFiles.Written files = DayFiles.write(connection, day, directory);
      put(tenant, key("recommendations", day), files.recommendationsFile());
      put(tenant, key("purchases", day), files.purchasesFile());
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(directory);
    }
  }

  private void put(TenantConfig tenant, String key, Path file) {
    if (file == null) {
      return; // nothing that day: no object, as a partition with no rows
    }
    store(tenant)
        .putObject(
            p -> p.bucket(tenant.storage().bucket()).key(key).contentType(PARQUET),
            RequestBody.fromFile(file));
  }

  private static LocalDate nextDay(Connection connection) throws SQLException {
    try (PreparedStatement next = connection.prepareStatement(NEXT_DAY);
        ResultSet row = next.executeQuery()) {
      row.next();
      return row.getObject(1, LocalDate.class);
    }
  }

  private static void delete(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", directory, e.getMessage());
    }
  }

  private S3Client store(TenantConfig tenant) {
    return stores.computeIfAbsent(
        tenant.name(),
        name ->
            StorageClients.s3(tenant.storage())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.apiCallTimeout(CALL_TIMEOUT))
                .build());
  }

  @Override
  protected void pass() {
    exportAll();
  }

  @Override
  protected void release() {
    stores.values().forEach(S3Client::close);
    stores.clear();
  }
}
