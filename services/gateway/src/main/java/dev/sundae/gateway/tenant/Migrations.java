package dev.sundae.gateway.tenant;

import dev.sundae.gateway.GatewayProperties;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.tenancy.TenantSchema;
import dev.sundae.web.tenant.TenantMigrations;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The gateway's tables (recommendations) of every tenant, migrated as the chat's are. */
@Configuration(proxyBeanMethods = false)
class Migrations {

  @Bean
  TenantMigrations tenantMigrations(
      TenantDirectory tenants, GatewayProperties properties, MeterRegistry meters) {
    return new TenantMigrations(
        tenants, TenantSchema.RECOMMENDATIONS, properties.database().migrationRetry(), meters);
  }
}
