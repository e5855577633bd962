package dev.sundae.chat.tenant;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Brings every tenant's chat tables to the current version before the service reports ready. */
@Component
class ChatMigrations implements ApplicationRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ChatMigrations.class);

  private final TenantDirectory tenants;

  ChatMigrations(TenantDirectory tenants) {
    this.tenants = tenants;
  }

  @Override
  public void run(ApplicationArguments args) {
    for (TenantConfig tenant : tenants.all()) {
      try {
        ChatSchema.migrate(tenant.database());
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "Cannot migrate the chat tables of tenant " + tenant.name() + ": " + e.getMessage(), e);
      }
      LOG.info("Chat tables of tenant {} are up to date", tenant.name());
    }
  }
}
