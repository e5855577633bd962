package dev.sundae.web.tenant;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.tenancy.TenantSchema;
import dev.sundae.web.Problems;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Brings one set of every tenant's tables ({@link TenantSchema}) to the current version before a
 * service serves that tenant: the gateway's (recommendations) and the chat's. The inference worker
 * migrates the same recommendation tables in its per-tenant loop; Flyway's lock on the schema
 * history lets both try.
 *
 * <p>One tenant's database failing (down, role not yet created, wrong password) must not take the
 * others down: the service starts anyway, answers that tenant's requests with a 503 ({@link
 * #requireReady}, which {@link TenantDatabases#of} calls), and tries its schema again every {@code
 * sundae.database.migration-retry} until it succeeds.
 */
public class TenantMigrations implements ApplicationRunner, DisposableBean {

  /** The default of {@code sundae.database.migration-retry}, in both services' properties. */
  public static final String DEFAULT_RETRY = "15s";

  private static final Logger LOG = LoggerFactory.getLogger(TenantMigrations.class);

  private final TenantDirectory tenants;
  private final TenantSchema schema;
  private final Duration retry;
  private final Set<String> migrated = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "tenant-migrations");
            thread.setDaemon(true);
            return thread;
          });

  public TenantMigrations(
      TenantDirectory tenants, TenantSchema schema, Duration retry, MeterRegistry meters) {
    this.tenants = tenants;
    this.schema = schema;
    this.retry = retry;
    Gauge.builder("sundae.tenants.unavailable", this, m -> m.pending().size())
        .description("tenants whose schema could not be brought up to date yet")
        .register(meters);
  }

  @Override
  public void run(ApplicationArguments args) {
    migratePending();
    if (!pending().isEmpty()) {
      retries.scheduleWithFixedDelay(
          this::migratePending, retry.toMillis(), retry.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Throws a 503 problem unless the tenant's schema is up to date. */
  public void requireReady(TenantConfig tenant) {
    if (!migrated.contains(tenant.name())) {
      ErrorResponseException unavailable =
          Problems.of(
              HttpStatus.SERVICE_UNAVAILABLE,
              "tenant-unavailable",
              "Tenant unavailable",
              "The database of tenant "
                  + tenant.name()
                  + " is not ready yet; try again in "
                  + retry.toSeconds()
                  + " seconds");
      unavailable.getHeaders().set("Retry-After", Long.toString(Math.max(1, retry.toSeconds())));
      throw unavailable;
    }
  }

  /** The tenants whose tables are not up to date yet. */
  public List<TenantConfig> pending() {
    return tenants.all().stream().filter(t -> !migrated.contains(t.name())).toList();
  }

  private void migratePending() {
    List<TenantConfig> pending = pending();
    for (TenantConfig tenant : pending) {
      try {
        schema.migrate(tenant.database());
        migrated.add(tenant.name());
        LOG.info(
            "{} tables of tenant {} (schema {}) are up to date",
            schema,
            tenant.name(),
            tenant.database().schema());
      } catch (RuntimeException e) {
        LOG.warn(
            "Cannot migrate the {} tables of tenant {} (its requests get a 503; trying again in"
                + " {}): {}",
            schema,
            tenant.name(),
            retry,
            e.getMessage());
      }
    }
    if (!pending.isEmpty() && pending().isEmpty()) {
      retries.shutdown();
    }
  }

  @Override
  public void destroy() {
    retries.shutdownNow();
  }
}
