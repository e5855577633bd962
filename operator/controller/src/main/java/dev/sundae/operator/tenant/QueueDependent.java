package dev.sundae.operator.tenant;

import dev.sundae.operator.api.QueueSpec;
import dev.sundae.operator.api.StorageSpec.DeletionPolicy;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.queue.QueueUrls;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Objects;

/** The tenant's queue of uploaded frames and its dead-letter queue. */
final class QueueDependent extends ExternalDependent<QueueUrls> {

  static final String NAME = "queue";

  QueueDependent() {
    super(QueueUrls.class);
  }

  @Override
  QueueUrls ensure(Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    QueueSpec queue = Objects.requireNonNullElseGet(tenant.getSpec().getQueue(), QueueSpec::new);
    return tenantContext
        .backends()
        .queues()
        .ensureQueues(
            tenantContext.names().queue(),
            Objects.requireNonNullElse(
                queue.getVisibilityTimeoutSeconds(), QueueSpec.DEFAULT_VISIBILITY_TIMEOUT_SECONDS),
            Objects.requireNonNullElse(
                queue.getMaxReceiveCount(), QueueSpec.DEFAULT_MAX_RECEIVE_COUNT));
  }

  @Override
  void remove(Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    if (TenantSpecs.deletionPolicy(tenant) == DeletionPolicy.DELETE) {
      tenantContext.backends().queues().deleteQueues(tenantContext.names().queue());
    }
  }
}
