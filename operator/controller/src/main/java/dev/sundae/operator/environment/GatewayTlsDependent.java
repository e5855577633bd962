package dev.sundae.operator.environment;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.tls.ServerTls;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The gateway's server certificate ({@link ServerTls}), issued by the Environment's CA for the
 * gateway Service's names; kept while it serves, issued again before it expires or when the CA
 * changes.
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = GatewayTlsDependent.SELECTOR,
            namespaces = Constants.WATCH_ALL_NAMESPACES))
final class GatewayTlsDependent extends CRUDKubernetesDependentResource<Secret, Environment> {

  static final String NAME = "gateway-tls";
  static final String SECRET = Gateway.NAME + "-tls";
  static final String COMPONENT = "gateway-tls";
  static final String SELECTOR =
      EnvironmentNamespaceDependent.SELECTOR + ",app.kubernetes.io/component=" + COMPONENT;

  GatewayTlsDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(Environment environment, Context<Environment> context) {
    var authority = EnvironmentReconciler.backends(context).certificateAuthority(environment);
    return ServerTls.secret(
        Gateway.metadata(environment, SECRET, COMPONENT),
        authority,
        Gateway.NAME,
        environment.getSpec().getNamespace(),
        context.getSecondaryResource(Secret.class, NAME).orElse(null));
  }

  @Override
  protected ResourceID targetSecondaryResourceID(
      Environment environment, Context<Environment> context) {
    return new ResourceID(SECRET, environment.getSpec().getNamespace());
  }
}
