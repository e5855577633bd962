package dev.sundae.operator.tenant;

import dev.sundae.operator.api.Tenant;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The tenant's namespace {@code <environment>-<tenant>}; every other tenant object in Kubernetes
 * lives in it and goes with it. Pod Security admission enforces the restricted profile.
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = TenantObjects.SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class TenantNamespaceDependent
    extends CRUDNoGCKubernetesDependentResource<Namespace, Tenant> {

  static final String NAME = "namespace";

  TenantNamespaceDependent() {
    super(Namespace.class);
  }

  @Override
  protected Namespace desired(Tenant tenant, Context<Tenant> context) {
    TenantContext tenantContext = TenantContext.of(context);
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(tenantContext.names().namespace())
        .withLabels(TenantObjects.labels(tenantContext))
        .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
        .endMetadata()
        .build();
  }
}
