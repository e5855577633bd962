package dev.sundae.operator.environment;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.TlsSpec;
import dev.sundae.operator.tls.CertificateAuthority;
import dev.sundae.operator.tls.ServerTls;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;
import java.util.Optional;

/**
 * The CA the operator makes for an Environment that names none ({@link ServerTls#CA_SECRET} in its
 * namespace): created once and never updated, since every certificate and every client that trusts
 * it hangs on it. Deleted by hand, a new one is made and every server certificate issued again.
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = EnvironmentCaDependent.SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class EnvironmentCaDependent extends KubernetesDependentResource<Secret, Environment>
    implements Creator<Secret, Environment>, GarbageCollected<Environment> {

  static final String NAME = "environment-ca";
  static final String COMPONENT = "ca";
  static final String SELECTOR =
      EnvironmentNamespaceDependent.SELECTOR + ",app.kubernetes.io/component=" + COMPONENT;

  EnvironmentCaDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(Environment environment, Context<Environment> context) {
    CertificateAuthority authority =
        CertificateAuthority.generate(
            "sundae " + environment.getMetadata().getName() + " CA", Instant.now());
    return new SecretBuilder()
        .withMetadata(Gateway.metadata(environment, ServerTls.CA_SECRET, COMPONENT))
        .withType(ServerTls.TYPE)
        .withData(ServerTls.data(authority))
        .build();
  }

  // the one Secret it manages, by name: the default would build a CA just to learn the name
  @Override
  protected ResourceID targetSecondaryResourceID(
      Environment environment, Context<Environment> context) {
    return new ResourceID(ServerTls.CA_SECRET, environment.getSpec().getNamespace());
  }

  /** Runs where the gateway does, unless the Environment names its own CA. */
  static final class MadeByOperator implements Condition<Secret, Environment> {
    @Override
    public boolean isMet(
        DependentResource<Secret, Environment> dependent,
        Environment environment,
        Context<Environment> context) {
      return environment.getSpec().getRuntime() == EnvironmentSpec.Runtime.KUBERNETES
          && Optional.ofNullable(environment.getSpec().getTls())
              .map(TlsSpec::getCaSecret)
              .isEmpty();
    }
  }
}
