package dev.sundae.operator.tenant;

/** How a tenant's workloads sign in to PostgreSQL; never logged (see {@link #toString()}). */
public record DatabaseLogin(String jdbcUrl, String schema, String role, String password) {

  @Override
  public String toString() {
    return "DatabaseLogin[jdbcUrl=" + jdbcUrl + ", schema=" + schema + ", role=" + role + "]";
  }
}
