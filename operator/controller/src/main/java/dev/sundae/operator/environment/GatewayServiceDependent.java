package dev.sundae.operator.environment;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.tls.ServerTls;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ClusterIP Service of the shared gateway; an Ingress or load balancer points at it. */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Gateway.SELECTOR, namespaces = Constants.WATCH_ALL_NAMESPACES))
final class GatewayServiceDependent extends CRUDKubernetesDependentResource<Service, Environment> {

  static final String NAME = "gateway-service";

  GatewayServiceDependent() {
    super(Service.class);
  }

  @Override
  protected Service desired(Environment environment, Context<Environment> context) {
    return new ServiceBuilder()
        .withMetadata(Gateway.metadata(environment))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Gateway.selector(environment))
        .addNewPort()
        .withName(ServerTls.PORT_NAME)
        .withPort(ServerTls.SERVICE_PORT)
        .withTargetPort(new IntOrString(ServerTls.PORT_NAME))
        .endPort()
        .endSpec()
        .build();
  }
}
