package dev.sundae.chat.tenant;

import dev.sundae.tenancy.TenantConfig;
import org.flywaydb.core.Flyway;

/**
 * Brings the chat tables of a tenant's schema to the current version, signed in as the tenant's own
 * role. The recommendation tables share the schema with their own history ({@code
 * flyway_schema_history}, TenantSchema); chat keeps {@code flyway_chat_history}, so the two sets of
 * migrations are versioned apart and neither sees the other's scripts.
 */
public final class ChatSchema {

  public static final String LOCATION = "classpath:db/chat";
  public static final String HISTORY_TABLE = "flyway_chat_history";

  private ChatSchema() {}

  public static void migrate(TenantConfig.Database database) {
    Flyway.configure()
        .dataSource(database.jdbcUrl(), database.username(), database.password())
        .schemas(database.schema())
        .defaultSchema(database.schema())
        .createSchemas(false)
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        // the schema already holds the recommendation tables: start our own history at 0, so
        // that V1 still runs
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
