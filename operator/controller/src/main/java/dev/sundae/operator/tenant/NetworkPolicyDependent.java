package dev.sundae.operator.tenant;

import dev.sundae.operator.api.Tenant;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * Denies all traffic into the tenant's pods except from its own namespace and from the
 * Environment's namespace (the shared gateway and event bridge). Another tenant's pods can
 * therefore never reach them, whatever they send.
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = TenantObjects.SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class NetworkPolicyDependent
    extends CRUDNoGCKubernetesDependentResource<NetworkPolicy, Tenant> {

  static final String NAME = "network-policy";
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  NetworkPolicyDependent() {
    super(NetworkPolicy.class);
  }

  @Override
  protected NetworkPolicy desired(Tenant tenant, Context<Tenant> context) {
    TenantContext tenantContext = TenantContext.of(context);
    return new NetworkPolicyBuilder()
        .withMetadata(TenantObjects.metadata(tenantContext, "sundae-tenant-isolation"))
        .withNewSpec()
        .withNewPodSelector()
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .addNewFrom()
        .withNewPodSelector()
        .endPodSelector()
        .endFrom()
        .addNewFrom()
        .withNewNamespaceSelector()
        .addToMatchLabels(
            NAMESPACE_NAME_LABEL, tenantContext.environment().getSpec().getNamespace())
        .endNamespaceSelector()
        .endFrom()
        .endIngress()
        .endSpec()
        .build();
  }
}
