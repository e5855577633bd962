package dev.sundae.operator.tenant;

import dev.sundae.operator.api.AutoscalingSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.queue.QueueUrls;
import dev.sundae.operator.runtime.Keda;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * KEDA's ScaledObject (and its TriggerAuthentication) for the tenant's inference workers, when the
 * Tenant asks to scale on its queue and the cluster serves KEDA ({@link QueueScaling}). Not a JOSDK
 * Kubernetes dependent: that one's informer would keep the operator from starting on a cluster
 * without KEDA's CRDs. Applied server-side on every reconcile (as the external dependents ensure
 * theirs), so an edit or a deletion by hand is put back at the next one; deleted when the Tenant
 * stops asking for it, and with the tenant's namespace.
 */
final class InferenceQueueScalerDependent extends ExternalDependent<GenericKubernetesResource> {

  static final String NAME = "inference-queue-scaler";

  InferenceQueueScalerDependent() {
    super(GenericKubernetesResource.class);
  }

  @Override
  GenericKubernetesResource ensure(
      Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    AutoscalingSpec bounds =
        Workload.INFERENCE
            .autoscaling(tenant, tenantContext.environment().getSpec())
            .orElseThrow(() -> new IllegalStateException("queue scaler active without bounds"));
    QueueUrls queues =
        TenantContext.shared(context, QueueUrls.class)
            .orElseThrow(() -> new IllegalStateException("queue scaler before the queue"));
    KubernetesClient client = context.getClient();
    client
        .resource(
            QueueScaling.triggerAuthentication(
                TenantObjects.metadata(
                    tenantContext, QueueScaling.AUTHENTICATION, Workload.INFERENCE.component())))
        .forceConflicts()
        .serverSideApply();
    return client
        .resource(
            QueueScaling.scaledObject(
                TenantObjects.metadata(
                    tenantContext, Workload.INFERENCE.objectName(), Workload.INFERENCE.component()),
                bounds,
                tenantContext.environment().getSpec().getQueue(),
                queues.queue()))
        .forceConflicts()
        .serverSideApply();
  }

  @Override
  void remove(Tenant tenant, TenantContext tenantContext, Context<Tenant> context) {
    if (!tenantContext.kedaInstalled()) {
      return; // nothing of KEDA's can exist
    }
    String namespace = tenantContext.names().namespace();
    var client = context.getClient();
    client
        .genericKubernetesResources(Keda.API_VERSION, Keda.SCALED_OBJECT)
        .inNamespace(namespace)
        .withName(Workload.INFERENCE.objectName())
        .delete();
    client
        .genericKubernetesResources(Keda.API_VERSION, Keda.TRIGGER_AUTHENTICATION)
        .inNamespace(namespace)
        .withName(QueueScaling.AUTHENTICATION)
        .delete();
  }
}
