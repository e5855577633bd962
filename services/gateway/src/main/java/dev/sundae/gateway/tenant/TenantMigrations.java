package dev.sundae.gateway.tenant;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.tenancy.TenantSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Brings every tenant's schema to the current version before the gateway reports ready. The
 * inference worker runs the same migrations; Flyway's lock on the schema history lets both try.
 */
@Component
class TenantMigrations implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(TenantMigrations.class);

  private final TenantDirectory tenants;

  TenantMigrations(TenantDirectory tenants) {
    this.tenants = tenants;
  }

  @Override
  public void run(ApplicationArguments args) {
    for (TenantConfig tenant : tenants.all()) {
      try {
        TenantSchema.migrate(tenant.database());
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "Cannot migrate the schema of tenant " + tenant.name() + ": " + e.getMessage(), e);
      }
      LOG.info("Schema {} of tenant {} is up to date", tenant.database().schema(), tenant.name());
    }
  }
}
