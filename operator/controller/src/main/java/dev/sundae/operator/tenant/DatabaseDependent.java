package dev.sundae.operator.tenant;

import dev.sundae.operator.api.StorageSpec.DeletionPolicy;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.runtime.Ownership;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/** The tenant's PostgreSQL schema and the login role that owns it. */
final class DatabaseDependent extends ExternalDependent<DatabaseLogin> {

  static final String NAME = "database";

  DatabaseDependent() {
    super(DatabaseLogin.class);
  }

  @Override
  DatabaseLogin ensure(Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    String role = tenantContext.names().databaseRole();
    String schema = tenantContext.names().databaseSchema();
    String password =
        CredentialsSecretDependent.current(context)
            .databasePassword()
            .orElseGet(Passwords::generate);
    tenantContext
        .backends()
        .database()
        .ensureTenant(schema, role, password, Optional.of(Ownership.of(tenant)));
    return new DatabaseLogin(tenantContext.backends().jdbcUrl(), schema, role, password);
  }

  @Override
  void remove(Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    if (TenantSpecs.deletionPolicy(tenant) == DeletionPolicy.DELETE) {
      tenantContext
          .backends()
          .database()
          .dropTenant(tenantContext.names().databaseSchema(), tenantContext.names().databaseRole());
    }
  }
}
