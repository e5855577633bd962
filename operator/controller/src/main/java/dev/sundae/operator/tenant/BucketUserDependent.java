package dev.sundae.operator.tenant;

import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.storage.BucketCredentials;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The object-store user whose policy opens the tenant's bucket and nothing else. Its keys live in
 * the tenant's credentials Secret; they are kept across reconciles, so a user deleted by hand comes
 * back with the keys the workloads already hold.
 */
final class BucketUserDependent extends ExternalDependent<BucketCredentials> {

  static final String NAME = "bucket-user";

  BucketUserDependent() {
    super(BucketCredentials.class);
  }

  @Override
  BucketCredentials ensure(Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    return tenantContext
        .backends()
        .objectStore()
        .ensureBucketUser(
            tenantContext.names().objectStoreUser(),
            tenantContext.names().bucket(),
            CredentialsSecretDependent.current(context).bucketCredentials());
  }

  /** The keys die with the tenant namespace, so the user goes whatever the deletion policy. */
  @Override
  void remove(Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    tenantContext
        .backends()
        .objectStore()
        .deleteBucketUser(tenantContext.names().objectStoreUser());
  }
}
