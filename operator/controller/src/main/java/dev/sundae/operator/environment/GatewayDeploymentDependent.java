package dev.sundae.operator.environment;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.ImagesSpec;
import dev.sundae.operator.runtime.DefaultImages;
import dev.sundae.operator.runtime.Pods;
import dev.sundae.operator.tls.ServerTls;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.Optional;

/**
 * The shared gateway's Deployment: two replicas rolled one at a time (none unavailable), non-root,
 * read-only root file system, its tenants mounted from {@link GatewaySecretDependent}, HTTPS with
 * the certificate of {@link GatewayTlsDependent}, and pod annotations with the digests of both, so
 * that a Tenant added, removed or re-keyed, or a certificate renewed, rolls the pods.
 */
@KubernetesDependent(
    informer =
        @Informer(labelSelector = Gateway.SELECTOR, namespaces = Constants.WATCH_ALL_NAMESPACES))
final class GatewayDeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, Environment> {

  static final String NAME = "gateway-deployment";
  static final int PORT = 8080;
  static final String CONFIG_DIR = "/etc/sundae";

  GatewayDeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(Environment environment, Context<Environment> context) {
    Optional<ImagesSpec> images = Optional.ofNullable(environment.getSpec().getImages());
    String image = images.map(ImagesSpec::getGateway).orElseGet(() -> DefaultImages.of("gateway"));
    return new DeploymentBuilder()
        .withMetadata(Gateway.metadata(environment))
        .withNewSpec()
        .withReplicas(2)
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(new IntOrString(0))
        .withMaxSurge(new IntOrString(1))
        .endRollingUpdate()
        .endStrategy()
        .withNewSelector()
        .withMatchLabels(Gateway.selector(environment))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Gateway.selector(environment))
        // the Secret as applied just before (dependsOn), not a second rendering of it
        .addToAnnotations(
            "sundae.dev/tenants-hash",
            Pods.digest(context.getSecondaryResource(Secret.class, GatewaySecretDependent.NAME)))
        // a certificate issued again rolls the pods onto it
        .addToAnnotations(
            "sundae.dev/tls-hash",
            Pods.digest(context.getSecondaryResource(Secret.class, GatewayTlsDependent.NAME)))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(Pods.restrictedPod())
        .addNewContainer()
        .withName(Gateway.COMPONENT)
        .withImage(image)
        .withImagePullPolicy(Pods.pullPolicy(environment.getSpec()))
        .addNewPort()
        .withName(ServerTls.PORT_NAME)
        .withContainerPort(PORT)
        .endPort()
        .addToPorts(Pods.managementPort())
        .addToEnv(Pods.managementPortVariable())
        .addAllToEnv(ServerTls.springVariables())
        .addAllToEnv(Pods.trustVariables(EnvironmentReconciler.backends(context).trustedCas()))
        .addNewEnv()
        .withName("SPRING_CONFIG_ADDITIONAL_LOCATION")
        .withValue("file:" + CONFIG_DIR + "/" + GatewayTenants.FILE)
        .endEnv()
        .addNewEnv()
        .withName("SUNDAE_BRIDGE_TOKEN")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(Gateway.BRIDGE_TOKEN_SECRET)
        .withKey("token")
        .withOptional(true)
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("512Mi")))
        .withLimits(Map.of("cpu", new Quantity("2"), "memory", new Quantity("1Gi")))
        .endResources()
        .withReadinessProbe(Pods.readiness(Pods.MANAGEMENT_PORT_NAME))
        .withStartupProbe(Pods.startup(Pods.MANAGEMENT_PORT_NAME))
        .withLivenessProbe(Pods.liveness(Pods.MANAGEMENT_PORT_NAME))
        .withSecurityContext(Pods.restrictedContainer())
        .addNewVolumeMount()
        .withName("tenants")
        .withMountPath(CONFIG_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addToVolumeMounts(ServerTls.mount())
        .addToVolumeMounts(Pods.tmpMount())
        .endContainer()
        .addNewVolume()
        .withName("tenants")
        .withNewSecret()
        .withSecretName(Gateway.NAME)
        .endSecret()
        .endVolume()
        .addToVolumes(ServerTls.volume(GatewayTlsDependent.SECRET))
        .addToVolumes(Pods.tmpVolume())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
