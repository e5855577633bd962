package dev.sundae.gateway.tenant;

import dev.sundae.gateway.GatewayProperties;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.tenancy.TenantSchema;
import dev.sundae.web.tenant.TenantDatabases;
import dev.sundae.web.tenant.TenantMigrations;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's tables (recommendations) of every tenant, migrated as the chat's are, and the pools
 * that reach them.
 */
@Configuration(proxyBeanMethods = false)
class Migrations {

  @Bean
  TenantMigrations tenantMigrations(
      TenantDirectory tenants, GatewayProperties properties, MeterRegistry meters) {
    return new TenantMigrations(
        tenants, TenantSchema.RECOMMENDATIONS, properties.database().migrationRetry(), meters);
  }

  @Bean
  TenantDatabases tenantDatabases(
      GatewayProperties properties, MeterRegistry meters, TenantMigrations migrations) {
    return new TenantDatabases(
        properties.database().poolSize(),
        properties.database().connectionTimeout(),
        meters,
        migrations);
  }
}
