package dev.sundae.operator.tenant;

import dev.sundae.operator.api.QueueSpec;
import dev.sundae.operator.api.StorageSpec.DeletionPolicy;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.queue.QueueUrls;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/** The tenant's queue of uploaded frames and its dead-letter queue. */
final class QueueDependent extends ExternalDependent<QueueUrls> {

  static final String NAME = "queue";

  QueueDependent() {
    super(QueueUrls.class);
  }

  @Override
  QueueUrls ensure(Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    QueueSpec queue = TenantSpecs.queue(tenant);
    return tenantContext
        .backends()
        .queues()
        .ensureQueues(
            tenantContext.names().queue(),
            queue.getVisibilityTimeoutSeconds(),
            queue.getMaxReceiveCount());
  }

  @Override
  void remove(Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    if (TenantSpecs.deletionPolicy(tenant) == DeletionPolicy.DELETE) {
      tenantContext.backends().queues().deleteQueues(tenantContext.names().queue());
    }
  }
}
