package dev.sundae.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

@WithPostgres
class PostgresServerIT {

  @Test
  void roundTripsARow(PostgresServer postgres) throws Exception {
    try (Connection connection =
        DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password())) {
      connection
          .createStatement()
          .execute("CREATE TABLE flavour (name text PRIMARY KEY, rank int)");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO flavour VALUES (?, ?)")) {
        insert.setString(1, "pistachio");
        insert.setInt(2, 1);
        insert.executeUpdate();
      }
      try (ResultSet rows =
          connection.createStatement().executeQuery("SELECT name, rank, version() FROM flavour")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("pistachio");
        assertThat(rows.getInt(2)).isEqualTo(1);
        assertThat(rows.getString(3)).startsWith("PostgreSQL");
        assertThat(rows.next()).isFalse();
      }
    }
  }

  @Test
  void refusesAWrongPassword(PostgresServer postgres) {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "wrong"))
        .hasMessageContaining("password authentication failed");
  }
}
