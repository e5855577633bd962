package dev.sundae.operator.tenant;

import dev.sundae.operator.api.StorageSpec;
import dev.sundae.operator.api.StorageSpec.DeletionPolicy;
import dev.sundae.operator.api.Tenant;
import java.util.Objects;

/**
 * The Tenant spec with the schema's defaults filled in: the API server applies them, but a Tenant
 * read from elsewhere (a test, an old object) may lack them.
 */
final class TenantSpecs {

  private TenantSpecs() {}

  static StorageSpec storage(Tenant tenant) {
    StorageSpec storage =
        Objects.requireNonNullElseGet(tenant.getSpec().getStorage(), StorageSpec::new);
    if (storage.getRetentionDays() == null) {
      storage.setRetentionDays(StorageSpec.DEFAULT_RETENTION_DAYS);
    }
    if (storage.getNoncurrentVersionDays() == null) {
      storage.setNoncurrentVersionDays(StorageSpec.DEFAULT_NONCURRENT_VERSION_DAYS);
    }
    return storage;
  }

  static DeletionPolicy deletionPolicy(Tenant tenant) {
    return Objects.requireNonNullElse(storage(tenant).getDeletionPolicy(), DeletionPolicy.RETAIN);
  }
}
