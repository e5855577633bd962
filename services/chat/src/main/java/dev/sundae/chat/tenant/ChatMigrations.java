package dev.sundae.chat.tenant;

import dev.sundae.chat.ChatProperties;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.tenancy.TenantSchema;
import dev.sundae.web.tenant.TenantDatabases;
import dev.sundae.web.tenant.TenantMigrations;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The chat's tables of every tenant, migrated as the gateway's are: a tenant whose database fails
 * gets 503s and is tried again, the others are served (one chat process serves every tenant outside
 * a cluster), and the pools that reach them.
 */
@Configuration(proxyBeanMethods = false)
class ChatMigrations {

  @Bean
  TenantMigrations tenantMigrations(
      TenantDirectory tenants, ChatProperties properties, MeterRegistry meters) {
    return new TenantMigrations(
        tenants, TenantSchema.CHAT, properties.database().migrationRetry(), meters);
  }

  @Bean
  TenantDatabases tenantDatabases(
      ChatProperties properties, MeterRegistry meters, TenantMigrations migrations) {
    return new TenantDatabases(
        properties.database().poolSize(),
        properties.database().connectionTimeout(),
        meters,
        migrations);
  }
}
