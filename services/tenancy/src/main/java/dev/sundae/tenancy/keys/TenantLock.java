package dev.sundae.tenancy.keys;

import dev.sundae.tenancy.TenantConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A PostgreSQL session advisory lock on one tenant's work, so that one replica at a time does it
 * (the chat's event export, the gateway's daily export). Its key is one only the tenant can derive
 * ({@link TenantKeys#advisoryLock}): advisory locks are shared by the whole database. Held by the
 * connection it was taken on until {@link #close}.
 */
public final class TenantLock implements AutoCloseable {

  private final Connection connection;
  private final long key;

  private TenantLock(Connection connection, long key) {
    this.connection = connection;
    this.key = key;
  }

  /** The lock, or empty while another session holds it. */
  public static Optional<TenantLock> tryAcquire(
      Connection connection, TenantConfig.Database database, String purpose) throws SQLException {
    long key = TenantKeys.of(database).advisoryLock(purpose);
    return call(connection, "pg_try_advisory_lock", key)
        ? Optional.of(new TenantLock(connection, key))
        : Optional.empty();
  }

  @Override
  public void close() throws SQLException {
    call(connection, "pg_advisory_unlock", key);
  }

  private static boolean call(Connection connection, String function, long key)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?)")) {
      statement.setLong(1, key);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() && row.getBoolean(1);
      }
    }
  }
}
