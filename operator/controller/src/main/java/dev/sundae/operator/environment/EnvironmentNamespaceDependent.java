package dev.sundae.operator.environment;

import dev.sundae.operator.api.Environment;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * The Environment's namespace, where its Tenants live. Created when missing (also after a deletion
 * by hand), never deleted by the operator: deleting an Environment must not take its Tenants' data
 * along unasked.
 */
@KubernetesDependent(informer = @Informer(labelSelector = EnvironmentNamespaceDependent.SELECTOR))
final class EnvironmentNamespaceDependent
    extends KubernetesDependentResource<Namespace, Environment>
    implements Creator<Namespace, Environment> {

  static final String NAME = "environment-namespace";
  static final String SELECTOR = "app.kubernetes.io/managed-by=sundae-operator";

  EnvironmentNamespaceDependent() {
    super(Namespace.class);
  }

  @Override
  protected Namespace desired(Environment environment, Context<Environment> context) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(environment.getSpec().getNamespace())
        .addToLabels("app.kubernetes.io/managed-by", "sundae-operator")
        .addToLabels("app.kubernetes.io/part-of", "sundae")
        .addToLabels("sundae.dev/environment", environment.getMetadata().getName())
        .endMetadata()
        .build();
  }
}
