package dev.sundae.operator.database;

/**
 * The environment's PostgreSQL: one schema and one login role per tenant. The role owns its schema
 * and has no rights on any other tenant's schema, so the database itself keeps tenants apart.
 */
public interface TenantDatabase {

  /** Creates or repairs the role (with this password) and its schema. */
  void ensureTenant(String schema, String role, String password);

  /** True when both the schema and the role exist. */
  boolean exists(String schema, String role);

  /** Drops the schema with everything in it, then the role. */
  void dropTenant(String schema, String role);
}
