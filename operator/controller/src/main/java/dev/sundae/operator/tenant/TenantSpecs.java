package dev.sundae.operator.tenant;

import dev.sundae.operator.api.QueueSpec;
import dev.sundae.operator.api.StorageSpec;
import dev.sundae.operator.api.StorageSpec.DeletionPolicy;
import dev.sundae.operator.api.Tenant;
import java.util.Objects;

/**
 * The Tenant spec with the schema's defaults filled in: the API server applies them, but a Tenant
 * read from elsewhere (a test, an old object) may lack them.
 */
public final class TenantSpecs {

  private TenantSpecs() {}

  public static StorageSpec storage(Tenant tenant) {
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

  public static QueueSpec queue(Tenant tenant) {
    QueueSpec queue = Objects.requireNonNullElseGet(tenant.getSpec().getQueue(), QueueSpec::new);
    if (queue.getVisibilityTimeoutSeconds() == null) {
      queue.setVisibilityTimeoutSeconds(QueueSpec.DEFAULT_VISIBILITY_TIMEOUT_SECONDS);
    }
    if (queue.getMaxReceiveCount() == null) {
      queue.setMaxReceiveCount(QueueSpec.DEFAULT_MAX_RECEIVE_COUNT);
    }
    return queue;
  }

  static DeletionPolicy deletionPolicy(Tenant tenant) {
    return Objects.requireNonNullElse(storage(tenant).getDeletionPolicy(), DeletionPolicy.RETAIN);
  }
}
