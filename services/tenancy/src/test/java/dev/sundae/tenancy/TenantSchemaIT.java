package dev.sundae.tenancy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@WithPostgres
class TenantSchemaIT {

  @Test
  void migratesEachTenantAsItsOwnRoleAndKeepsThemApart(PostgresServer postgres) throws Exception {
    TenantConfig.Database acme = tenant(postgres, "acme");
    TenantConfig.Database gelato = tenant(postgres, "gelato");

    TenantSchema.RECOMMENDATIONS.migrate(acme);
    TenantSchema.RECOMMENDATIONS.migrate(acme); // a restarted service migrates again: nothing to do
    TenantSchema.RECOMMENDATIONS.migrate(gelato);

    try (Connection connection = connect(acme);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO acme.recommendation (request_id, bucket, object_key, model_version)"
              + " VALUES (gen_random_uuid(), 'b', 'frames/x.jpg', 'v1')");
      assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM gelato.recommendation"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void migratesASchemaWhereTheChatsTablesCameFirst(PostgresServer postgres) throws Exception {
    TenantConfig.Database scoops = tenant(postgres, "scoops");
    try (Connection connection = connect(scoops);
        Statement statement = connection.createStatement()) {
      // what the chat's own migrations leave when its pod starts before the worker's
      statement.execute("CREATE TABLE scoops.chat_member (subject text PRIMARY KEY)");
    }

    TenantSchema.RECOMMENDATIONS.migrate(scoops);

    try (Connection connection = connect(scoops);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO scoops.recommendation (request_id, bucket, object_key, model_version)"
              + " VALUES (gen_random_uuid(), 'b', 'frames/x.jpg', 'v1')");
      statement.execute("INSERT INTO scoops.chat_member VALUES ('kept')");
    }
  }

  private static TenantConfig.Database tenant(PostgresServer postgres, String name)
      throws SQLException {
    try (Connection admin =
            DriverManager.getConnection(
                postgres.jdbcUrl(), postgres.username(), postgres.password());
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + name + "-secret'");
      statement.execute("CREATE SCHEMA " + name + " AUTHORIZATION " + name);
    }
    return new TenantConfig.Database(postgres.jdbcUrl(), name, name, name + "-secret");
  }

  private static Connection connect(TenantConfig.Database database) throws SQLException {
    return DriverManager.getConnection(
        database.jdbcUrl(), database.username(), database.password());
  }
}
