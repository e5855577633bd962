package dev.sundae.operator.database;

/** The database refused a tenant's schema or role change, or could not be reached. */
public class TenantDatabaseException extends RuntimeException {

  public TenantDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
