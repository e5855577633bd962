package dev.sundae.operator.tenant;

import dev.sundae.operator.api.ObjectStoreSpec;
import dev.sundae.operator.api.StorageSpec;
import dev.sundae.operator.api.StorageSpec.DeletionPolicy;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.runtime.Ownership;
import dev.sundae.operator.storage.BucketSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/**
 * The tenant's bucket: versioned, with lifecycle rules from the Tenant's storage spec and an
 * object-created notification toward the Environment's event target.
 */
final class BucketDependent extends ExternalDependent<BucketSpec> {

  static final String NAME = "bucket";

  BucketDependent() {
    super(BucketSpec.class);
  }

  @Override
  BucketSpec ensure(Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    BucketSpec desired = desired(tenant, tenantContext);
    tenantContext.backends().objectStore().ensureBucket(desired, Optional.of(Ownership.of(tenant)));
    return desired;
  }

  static BucketSpec desired(Tenant tenant, TenantContext tenantContext) {
    StorageSpec storage = TenantSpecs.storage(tenant);
    ObjectStoreSpec store = tenantContext.environment().getSpec().getObjectStore();
    Optional<Integer> coldTierDays = Optional.ofNullable(storage.getColdTierDays());
    return new BucketSpec(
        tenantContext.names().bucket(),
        storage.getRetentionDays(),
        storage.getNoncurrentVersionDays(),
        coldTierDays,
        coldTierDays.map(days -> coldStorageClass(store)),
        Optional.ofNullable(store.getNotificationTarget()).filter(target -> !target.isBlank()));
  }

  // AWS has a storage class for it; MinIO transitions to a remote tier its administrator names.
  private static String coldStorageClass(ObjectStoreSpec store) {
    return store.getProvider() == ObjectStoreSpec.Provider.S3 ? "GLACIER_IR" : "COLD";
  }

  @Override
  void remove(Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    if (TenantSpecs.deletionPolicy(tenant) == DeletionPolicy.DELETE) {
      tenantContext.backends().objectStore().deleteBucket(tenantContext.names().bucket());
    }
  }
}
