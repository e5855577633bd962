package dev.sundae.operator.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.operator.runtime.Ownership;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WithPostgres
class PostgresTenantDatabaseIT {

  private PostgresServer postgres;
  private PostgresTenantDatabase database;

  @BeforeEach
  void connect(PostgresServer postgres) {
    this.postgres = postgres;
    this.database =
        PostgresTenantDatabase.connect(
            postgres.jdbcUrl(), postgres.username(), postgres.password());
  }

  @Test
  void keepsEachTenantInsideItsOwnSchema() throws SQLException {
    database.ensureTenant("tenant_a", "tenant_a", "password-a");
    database.ensureTenant("tenant_b", "tenant_b", "password-b");
    try (Connection b = login("tenant_b", "password-b")) {
      execute(b, "CREATE TABLE recommendation (request_id text PRIMARY KEY, flavour text)");
      execute(b, "INSERT INTO recommendation VALUES ('r1', 'pistachio')");
    }

    try (Connection a = login("tenant_a", "password-a")) {
      // Unqualified names land in the tenant's own schema: its search_path.
      execute(a, "CREATE TABLE recommendation (request_id text PRIMARY KEY, flavour text)");
      execute(a, "INSERT INTO recommendation VALUES ('r1', 'vanilla')");
      assertThat(queryOne(a, "SELECT flavour FROM tenant_a.recommendation")).isEqualTo("vanilla");

      assertPermissionDenied(() -> queryOne(a, "SELECT flavour FROM tenant_b.recommendation"));
      assertPermissionDenied(
          () -> execute(a, "INSERT INTO tenant_b.recommendation VALUES ('r2', 'vanilla')"));
      assertPermissionDenied(() -> execute(a, "CREATE TABLE tenant_b.planted (x int)"));
      assertPermissionDenied(() -> execute(a, "CREATE TABLE public.shared (x int)"));
      assertPermissionDenied(() -> execute(a, "CREATE SCHEMA side_door"));
    }
  }

  @Test
  void refusesAnotherTenantsSchemaWithoutTouchingItsRoleUnlessAdopted() throws SQLException {
    Ownership first = new Ownership("aaaa-1111", Optional.empty());
    database.ensureTenant("owned", "owned", "first-password", Optional.of(first));

    assertThatThrownBy(
            () ->
                database.ensureTenant(
                    "owned",
                    "owned",
                    "second-password",
                    Optional.of(new Ownership("bbbb-2222", Optional.empty()))))
        .isInstanceOf(Ownership.AdoptionRefusedException.class)
        .hasMessageContaining("aaaa-1111");
    try (Connection tenant = login("owned", "first-password")) {
      assertThat(queryOne(tenant, "SELECT 'still the first password'")).isNotNull();
    }

    database.ensureTenant(
        "owned",
        "owned",
        "second-password",
        Optional.of(new Ownership("bbbb-2222", Optional.of("aaaa-1111"))));
    try (Connection tenant = login("owned", "second-password")) {
      assertThat(queryOne(tenant, "SELECT obj_description('owned'::regnamespace, 'pg_namespace')"))
          .isEqualTo(Ownership.MARK + "=bbbb-2222");
    }
  }

  @Test
  void ensureTenantIsIdempotentAndChangesThePassword() throws SQLException {
    database.ensureTenant("rotated", "rotated", "first-password");
    try (Connection tenant = login("rotated", "first-password")) {
      execute(tenant, "CREATE TABLE kept (x int)");
    }
    database.ensureTenant("rotated", "rotated", "first-password");

    database.ensureTenant("rotated", "rotated", "second-password");

    assertThatThrownBy(() -> login("rotated", "first-password"))
        .hasMessageContaining("password authentication failed");
    try (Connection tenant = login("rotated", "second-password")) {
      assertThat(queryOne(tenant, "SELECT count(*)::text FROM kept")).isEqualTo("0");
    }
  }

  @Test
  void closesTheSchemaAgainWhenOpenedByHand() throws SQLException {
    database.ensureTenant("opened_a", "opened_a", "password-a");
    database.ensureTenant("opened_b", "opened_b", "password-b");
    try (Connection b = login("opened_b", "password-b")) {
      execute(b, "CREATE TABLE secret (x int)");
      execute(b, "GRANT SELECT ON secret TO PUBLIC");
    }
    try (Connection admin = admin()) {
      execute(admin, "GRANT USAGE ON SCHEMA opened_b TO PUBLIC");
    }
    try (Connection a = login("opened_a", "password-a")) {
      assertThat(queryOne(a, "SELECT count(*)::text FROM opened_b.secret")).isEqualTo("0");
    }

    database.ensureTenant("opened_b", "opened_b", "password-b");

    try (Connection a = login("opened_a", "password-a")) {
      assertPermissionDenied(() -> queryOne(a, "SELECT count(*)::text FROM opened_b.secret"));
    }
  }

  @Test
  void dropTenantRemovesSchemaAndRole() throws SQLException {
    database.ensureTenant("dropped", "dropped", "password");
    try (Connection tenant = login("dropped", "password")) {
      execute(tenant, "CREATE TABLE data (x int)");
    }
    assertThat(database.exists("dropped", "dropped")).isTrue();

    database.dropTenant("dropped", "dropped");

    assertThat(database.exists("dropped", "dropped")).isFalse();
    try (Connection admin = admin()) {
      assertThat(queryOne(admin, "SELECT count(*)::text FROM pg_roles WHERE rolname = 'dropped'"))
          .isEqualTo("0");
      assertThat(
              queryOne(admin, "SELECT count(*)::text FROM pg_namespace WHERE nspname = 'dropped'"))
          .isEqualTo("0");
    }
    assertThatCode(() -> database.dropTenant("dropped", "dropped")).doesNotThrowAnyException();
  }

  @Test
  void rejectsNamesThatAreNotPlainIdentifiers() {
    for (String name :
        new String[] {"Acme", "1acme", "acme\"; DROP ROLE postgres; --", "pg_acme", "public", ""}) {
      assertThatThrownBy(() -> database.ensureTenant(name, "acme", "password"))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> database.ensureTenant("acme", name, "password"))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private Connection login(String role, String password) throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(), role, password);
  }

  private Connection admin() throws SQLException {
    return login(postgres.username(), postgres.password());
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String queryOne(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getString(1);
    }
  }

  private static void assertPermissionDenied(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("permission denied");
  }
}
