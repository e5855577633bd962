package dev.sundae.tenancy;

import org.flywaydb.core.Flyway;

/**
 * The sets of tables a tenant's schema holds, each brought to its current version signed in as the
 * tenant's own role (which owns the schema), so that no service needs rights on more than one
 * tenant's tables. The two sets share the schema and are versioned apart, each under its own
 * history table, so neither sees the other's scripts; either may be migrated first.
 */
public enum TenantSchema {

  /** Recommendations, purchases and uploads: the gateway's and the worker's tables. */
  RECOMMENDATIONS("classpath:db/tenant", "flyway_schema_history"),

  /** The audio community's tables. */
  CHAT("classpath:db/chat", "flyway_chat_history");

  private final String location;
  private final String historyTable;

  TenantSchema(String location, String historyTable) {
    this.location = location;
    this.historyTable = historyTable;
  }

  /** Where the set's migrations are (a classpath folder of the service that owns the tables). */
  public String location() {
    return location;
  }

  public String historyTable() {
    return historyTable;
  }

  /** Brings this set of tables in {@code database}'s schema to the current version. */
  public void migrate(TenantConfig.Database database) {
    Flyway.configure()
        .dataSource(database.jdbcUrl(), database.username(), database.password())
        .schemas(database.schema())
        .defaultSchema(database.schema())
        .createSchemas(false)
        .locations(location)
        .table(historyTable)
        // the schema may already hold the other set: our own history starts at version 0
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
