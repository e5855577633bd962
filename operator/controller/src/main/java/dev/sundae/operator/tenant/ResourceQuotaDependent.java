package dev.sundae.operator.tenant;

import dev.sundae.operator.api.QuotaSpec;
import dev.sundae.operator.api.Tenant;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.Optional;

/** Caps on what the tenant's namespace may use: the Tenant's quota, or platform defaults. */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = TenantObjects.SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class ResourceQuotaDependent
    extends CRUDNoGCKubernetesDependentResource<ResourceQuota, Tenant> {

  static final String NAME = "resource-quota";
  static final Quantity DEFAULT_CPU = new Quantity("8");
  static final Quantity DEFAULT_MEMORY = new Quantity("16Gi");
  static final int DEFAULT_PODS = 50;

  ResourceQuotaDependent() {
    super(ResourceQuota.class);
  }

  /** The caps: CPU and memory apply to both requests and limits. */
  record Hard(Quantity cpu, Quantity memory, int pods) {}

  /** The Tenant's quota, or the platform's defaults for what it leaves out. */
  static Hard hard(Tenant tenant) {
    Optional<QuotaSpec> quota = Optional.ofNullable(tenant.getSpec().getQuota());
    return new Hard(
        quota.map(QuotaSpec::getCpu).orElse(DEFAULT_CPU),
        quota.map(QuotaSpec::getMemory).orElse(DEFAULT_MEMORY),
        quota.map(QuotaSpec::getPods).orElse(DEFAULT_PODS));
  }

  @Override
  protected ResourceQuota desired(Tenant tenant, Context<Tenant> context) {
    TenantContext tenantContext = TenantContext.of(context);
    Hard hard = hard(tenant);
    return new ResourceQuotaBuilder()
        .withMetadata(TenantObjects.metadata(tenantContext, "sundae-tenant-quota"))
        .withNewSpec()
        .withHard(
            Map.of(
                "limits.cpu", hard.cpu(),
                "limits.memory", hard.memory(),
                "requests.cpu", hard.cpu(),
                "requests.memory", hard.memory(),
                "pods", new Quantity(Integer.toString(hard.pods()))))
        .endSpec()
        .build();
  }
}
