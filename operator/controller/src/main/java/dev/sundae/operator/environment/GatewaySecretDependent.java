package dev.sundae.operator.environment;

import dev.sundae.operator.api.Environment;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The gateway's tenants ({@link GatewayTenants}), a Secret since it holds their keys; made in every
 * runtime, since outside the cluster ({@code external}) the services read it too.
 */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Gateway.SELECTOR, namespaces = Constants.WATCH_ALL_NAMESPACES))
final class GatewaySecretDependent extends CRUDKubernetesDependentResource<Secret, Environment> {

  static final String NAME = "gateway-secret";

  GatewaySecretDependent() {
    super(Secret.class);
  }

  @Override
  protected Secret desired(Environment environment, Context<Environment> context) {
    return new SecretBuilder()
        .withMetadata(Gateway.metadata(environment))
        .withType("Opaque")
        // data, not stringData: the cluster returns data, and desired must match it to stay quiet
        .withData(
            Map.of(
                GatewayTenants.FILE,
                Base64.getEncoder()
                    .encodeToString(
                        Gateway.tenants(environment, context).getBytes(StandardCharsets.UTF_8))))
        .build();
  }
}
