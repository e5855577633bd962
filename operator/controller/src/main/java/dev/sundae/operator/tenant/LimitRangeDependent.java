package dev.sundae.operator.tenant;

import dev.sundae.operator.api.Tenant;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;

/**
 * Default requests and limits for containers that set none, so that the quota can be enforced on
 * every pod of the namespace.
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = TenantObjects.SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class LimitRangeDependent extends CRUDNoGCKubernetesDependentResource<LimitRange, Tenant> {

  static final String NAME = "limit-range";

  LimitRangeDependent() {
    super(LimitRange.class);
  }

  @Override
  protected LimitRange desired(Tenant tenant, Context<Tenant> context) {
    TenantContext tenantContext = TenantContext.of(context);
    WorkloadResources resources = WorkloadResources.of(tenantContext.environment());
    return new LimitRangeBuilder()
        .withMetadata(TenantObjects.metadata(tenantContext, "sundae-tenant-limits"))
        .withNewSpec()
        .addNewLimit()
        .withType("Container")
        .withDefaultRequest(
            Map.of("cpu", resources.cpuRequest(), "memory", resources.memoryRequest()))
        .withDefault(Map.of("cpu", resources.cpuLimit(), "memory", resources.memoryLimit()))
        .withMax(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi")))
        .endLimit()
        .endSpec()
        .build();
  }
}
