package dev.sundae.operator.database;

import dev.sundae.operator.runtime.Ownership;
import dev.sundae.tenancy.ModelTrials;
import dev.sundae.tenancy.TenantConfig;
import java.time.Instant;
import java.util.Optional;

/**
 * The environment's PostgreSQL: one schema and one login role per tenant. The role owns its schema
 * and has no rights on any other tenant's schema, so the database itself keeps tenants apart.
 */
public interface TenantDatabase {

  /** Creates or repairs the role (with this password) and its schema. */
  default void ensureTenant(String schema, String role, String password) {
    ensureTenant(schema, role, password, Optional.empty());
  }

  /**
   * As {@link #ensureTenant(String, String, String)}, for the Tenant {@code owner}: an existing
   * schema marked as another Tenant's is refused before the role or its password change, and the
   * schema is marked as the owner's (see Ownership).
   */
  void ensureTenant(String schema, String role, String password, Optional<Ownership> owner);

  /** True when both the schema and the role exist. */
  boolean exists(String schema, String role);

  /**
   * The figures of a candidate model's trial in the tenant's schema, read as the tenant's role;
   * empty while the schema has no tables yet (no worker has migrated it).
   */
  Optional<ModelTrials.Figures> trialFigures(
      String schema,
      String role,
      String stable,
      String candidate,
      TenantConfig.Candidate.Mode mode,
      Instant since);

  /** Drops the schema with everything in it, then the role. */
  void dropTenant(String schema, String role);
}
