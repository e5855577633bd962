package dev.sundae.tenancy;

import org.flywaydb.core.Flyway;

/**
 * Brings a tenant's schema to the current version, signed in as the tenant's own role (which owns
 * the schema), so that no service needs rights on more than one tenant's tables.
 */
public final class TenantSchema {

  public static final String LOCATION = "classpath:db/tenant";

  private TenantSchema() {}

  public static void migrate(TenantConfig.Database database) {
    Flyway.configure()
        .dataSource(database.jdbcUrl(), database.username(), database.password())
        .schemas(database.schema())
        .defaultSchema(database.schema())
        .createSchemas(false)
        .locations(LOCATION)
        // the chat's tables share the schema under their own history (flyway_chat_history), and
        // the chat may start first: a schema that holds only those is ours from version 0 on
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
