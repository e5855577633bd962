package dev.sundae.operator.database;

import dev.sundae.operator.runtime.Ownership;
import dev.sundae.tenancy.ModelTrials;
import dev.sundae.tenancy.TenantConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TenantDatabase} on PostgreSQL. Each tenant is a login role that owns one schema, which is
 * closed to PUBLIC; nobody but the owners may create in the public schema or add schemas, so one
 * tenant can neither reach another's tables nor put objects where others would see them.
 *
 * <p>The admin user must be a superuser, or own the database and have CREATEROLE with membership in
 * the tenant roles it creates (PostgreSQL 16+: {@code createrole_self_grant = 'set'}).
 */
public final class PostgresTenantDatabase implements TenantDatabase {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresTenantDatabase.class);

  private static final String UNDEFINED_TABLE = "42P01";

  private static final Pattern IDENTIFIER = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

  /**
   * Serialises tenant changes across operator threads and replicas: concurrent GRANT or REVOKE on
   * the same object (the public schema, the database) fails with "tuple concurrently updated".
   */
  private static final long SHARED_LOCK_KEY = 0x53554e4441450001L;

  private final DataSource dataSource;

  public PostgresTenantDatabase(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public static PostgresTenantDatabase connect(String jdbcUrl, String user, String password) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(jdbcUrl);
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return new PostgresTenantDatabase(dataSource);
  }

  @Override
  public void ensureTenant(String schema, String role, String password, Optional<Ownership> owner) {
    requireIdentifier(schema, "schema");
    requireIdentifier(role, "role");
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("The password of role " + role + " is empty");
    }
    inTransaction(
        "ensure schema " + schema + " and role " + role,
        tenantLockKey(role),
        connection -> {
          PGConnection pg = connection.unwrap(PGConnection.class);
          String r = pg.escapeIdentifier(role);
          String s = pg.escapeIdentifier(schema);
          Optional<String> marked = schemaMark(connection, schema);
          // first, before the role or its password change: the old role would open the old data
          if (owner.isPresent() && marked != null) {
            owner.get().check("Schema " + schema, marked.orElse(null));
          }
          boolean created = !roleExists(connection, role);
          execute(connection, (created ? "CREATE ROLE " : "ALTER ROLE ") + r + " LOGIN");
          // Hashed here (SCRAM, or whatever password_encryption says), so the statement that
          // reaches the server, and any statement log, never holds the password itself.
          pg.alterUserPassword(role, password.toCharArray(), null);
          execute(connection, "CREATE SCHEMA IF NOT EXISTS " + s + " AUTHORIZATION " + r);
          execute(connection, "ALTER SCHEMA " + s + " OWNER TO " + r);
          execute(connection, "REVOKE ALL ON SCHEMA " + s + " FROM PUBLIC");
          execute(connection, "ALTER ROLE " + r + " SET search_path TO " + s);
          boolean markedAsOwners =
              marked != null && owner.isPresent() && marked.equals(Optional.of(owner.get().uid()));
          if (owner.isPresent() && !markedAsOwners) {
            execute(
                connection,
                "COMMENT ON SCHEMA "
                    + s
                    + " IS '"
                    // escapes the quotes inside, adds none around
                    + pg.escapeLiteral(marked(owner.get().uid()))
                    + "'");
          }
          if (created) {
            LOG.info("Created role {} with schema {}", role, schema);
          }
        });
    revokeSharedPrivileges();
  }

  /**
   * PostgreSQL before 15 let everyone create in public; PUBLIC may also have been given CREATE on
   * the database, which would let a tenant add schemas of its own. These two objects are shared by
   * all tenants, and concurrent REVOKEs on one object fail ("tuple concurrently updated"), so they
   * run under one database-wide lock; the per-tenant statements above lock only their role and run
   * in parallel.
   */
  private void revokeSharedPrivileges() {
    inTransaction(
        "revoke CREATE on public and on the database from PUBLIC",
        SHARED_LOCK_KEY,
        connection -> {
          PGConnection pg = connection.unwrap(PGConnection.class);
          String database = pg.escapeIdentifier(connection.getCatalog());
          execute(connection, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
          execute(connection, "REVOKE CREATE ON DATABASE " + database + " FROM PUBLIC");
        });
  }

  @Override
  public boolean exists(String schema, String role) {
    requireIdentifier(schema, "schema");
    requireIdentifier(role, "role");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)"
                    + " AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)")) {
      query.setString(1, schema);
      query.setString(2, role);
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getBoolean(1);
      }
    } catch (SQLException e) {
      throw failure("look up schema " + schema + " and role " + role, e);
    }
  }

  @Override
  public Optional<ModelTrials.Figures> trialFigures(
      String schema,
      String role,
      String stable,
      String candidate,
      TenantConfig.Candidate.Mode mode,
      Instant since) {
    requireIdentifier(schema, "schema");
    requireIdentifier(role, "role");
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        PGConnection pg = connection.unwrap(PGConnection.class);
        // the tenant's own rights and nothing more, for this transaction only
        execute(connection, "SET LOCAL ROLE " + pg.escapeIdentifier(role));
        execute(connection, "SET LOCAL search_path TO " + pg.escapeIdentifier(schema));
        return Optional.of(ModelTrials.read(connection, stable, candidate, mode, since));
      } catch (SQLException e) {
        if (UNDEFINED_TABLE.equals(e.getSQLState())) {
          return Optional.empty();
        }
        throw e;
      } finally {
        connection.rollback(); // it only read
      }
    } catch (SQLException e) {
      throw failure("read the model trial of schema " + schema, e);
    }
  }

  @Override
  public void dropTenant(String schema, String role) {
    requireIdentifier(schema, "schema");
    requireIdentifier(role, "role");
    inTransaction(
        "drop schema " + schema + " and role " + role,
        tenantLockKey(role),
        connection -> {
          PGConnection pg = connection.unwrap(PGConnection.class);
          String r = pg.escapeIdentifier(role);
          execute(connection, "DROP SCHEMA IF EXISTS " + pg.escapeIdentifier(schema) + " CASCADE");
          if (roleExists(connection, role)) {
            // PostgreSQL's own recipe for dropping a role: what it still owns outside its schema
            // passes to the admin instead of blocking the drop, then its grants go.
            execute(connection, "REASSIGN OWNED BY " + r + " TO CURRENT_USER");
            execute(connection, "DROP OWNED BY " + r);
            execute(connection, "DROP ROLE " + r);
          }
          LOG.info("Dropped schema {} and role {}", schema, role);
        });
  }

  @FunctionalInterface
  private interface Work {
    void run(Connection connection) throws SQLException;
  }

  private static long tenantLockKey(String role) {
    return SHARED_LOCK_KEY ^ ((long) role.hashCode() << 16);
  }

  private void inTransaction(String what, long lockKey, Work work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement lock =
            connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
          lock.setLong(1, lockKey);
          lock.execute();
        }
        work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private static final String MARK_PREFIX = Ownership.MARK + "=";

  private static String marked(String uid) {
    return MARK_PREFIX + uid;
  }

  /**
   * The owner's UID marked on the schema's comment: null when there is no such schema, empty when
   * it carries no mark.
   */
  private static Optional<String> schemaMark(Connection connection, String schema)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ?")) {
      query.setString(1, schema);
      try (ResultSet result = query.executeQuery()) {
        if (!result.next()) {
          return null;
        }
        return Optional.ofNullable(result.getString(1))
            .filter(comment -> comment.startsWith(MARK_PREFIX))
            .map(comment -> comment.substring(MARK_PREFIX.length()));
      }
    }
  }

  private static boolean roleExists(Connection connection, String role) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      query.setString(1, role);
      try (ResultSet result = query.executeQuery()) {
        return result.next();
      }
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static TenantDatabaseException failure(String what, SQLException e) {
    return new TenantDatabaseException(
        "PostgreSQL could not "
            + what
            + ": "
            + e.getMessage()
            + " (SQLState "
            + e.getSQLState()
            + ")",
        e);
  }

  /**
   * Lowercase names only, so that a quoted name means what it reads as; and none that PostgreSQL
   * reserves or that would hand a shared schema to a tenant.
   */
  private static void requireIdentifier(String name, String kind) {
    if (name == null
        || !IDENTIFIER.matcher(name).matches()
        || name.startsWith("pg_")
        || name.equals("public")
        || name.equals("information_schema")) {
      throw new IllegalArgumentException(
          "Invalid "
              + kind
              + " name '"
              + name
              + "': 1 to 63 of a-z, 0-9, '_', not starting with a digit or pg_,"
              + " not public or information_schema");
    }
  }
}
