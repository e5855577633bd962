package dev.sundae.web.tenant;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.sundae.tenancy.TenantConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One small connection pool per tenant, signed in as the tenant's own role with its schema as the
 * search path: a query of one tenant cannot even name another tenant's tables. Pools open on the
 * tenant's first request, so a service serving many tenants holds connections only for active ones.
 * The gateway and the chat each declare one, with their own pool size, beside their {@link
 * TenantMigrations}.
 */
public class TenantDatabases implements DisposableBean {

  private final int poolSize;
  private final Duration connectionTimeout;
  private final MeterRegistry meters;
  private final TenantMigrations migrations;
  private final Map<String, TenantDatabase> databases = new ConcurrentHashMap<>();

  /**
   * @param poolSize connections per tenant at most
   * @param connectionTimeout how long a request waits for one
   * @param migrations whose schemas must be up to date before a tenant's pool is handed out
   */
  public TenantDatabases(
      int poolSize, Duration connectionTimeout, MeterRegistry meters, TenantMigrations migrations) {
    this.poolSize = poolSize;
    this.connectionTimeout = connectionTimeout;
    this.meters = meters;
    this.migrations = migrations;
  }

  /**
   * The tenant's database, opened on first use; a 503 problem while the service's tables of the
   * tenant are not up to date.
   */
  public TenantDatabase of(TenantConfig tenant) {
    migrations.requireReady(tenant);
    return databases.computeIfAbsent(tenant.name(), name -> open(tenant));
  }

  private TenantDatabase open(TenantConfig tenant) {
    TenantConfig.Database login = tenant.database();
    HikariConfig config = new HikariConfig();
    config.setPoolName("tenant-" + tenant.name());
    config.setJdbcUrl(login.jdbcUrl());
    config.setUsername(login.username());
    config.setPassword(login.password());
    config.setSchema(login.schema());
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(connectionTimeout.toMillis());
    config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
    // a batch of inserts goes to the server as one multi-row INSERT
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    HikariDataSource dataSource = new HikariDataSource(config);
    JdbcTemplate template = new JdbcTemplate(dataSource);
    return new TenantDatabase(
        dataSource,
        template,
        JdbcClient.create(template),
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
  }

  @Override
  public void destroy() {
    databases.values().forEach(database -> database.dataSource().close());
  }

  /**
   * @param dataSource the pool
   * @param template batches on the pool
   * @param jdbc queries on the pool
   * @param transactions for writes that span tables
   */
  public record TenantDatabase(
      HikariDataSource dataSource,
      JdbcTemplate template,
      JdbcClient jdbc,
      TransactionTemplate transactions) {}
}
