package dev.sundae.operator.environment;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.ImagesSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
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
 * read-only root file system, its tenants mounted from {@link GatewaySecretDependent}, and a pod
 * annotation with their digest, so that a Tenant added, removed or re-keyed rolls the pods.
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
    String image =
        images.map(ImagesSpec::getGateway).orElse("ghcr.io/sundae-platform/gateway:latest");
    String pullPolicy =
        images
            .map(ImagesSpec::getPullPolicy)
            .map(
                p ->
                    switch (p) {
                      case ALWAYS -> "Always";
                      case NEVER -> "Never";
                      case IF_NOT_PRESENT -> "IfNotPresent";
                    })
            .orElse("IfNotPresent");
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
        .addToAnnotations(
            "sundae.dev/tenants-hash", GatewayTenants.hash(Gateway.tenants(environment, context)))
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName(Gateway.COMPONENT)
        .withImage(image)
        .withImagePullPolicy(pullPolicy)
        .addNewPort()
        .withName("http")
        .withContainerPort(PORT)
        .endPort()
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
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/actuator/health/readiness")
        .withNewPort("http")
        .endHttpGet()
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewHttpGet()
        .withPath("/actuator/health/liveness")
        .withNewPort("http")
        .endHttpGet()
        .withInitialDelaySeconds(30)
        .endLivenessProbe()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .addToDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("tenants")
        .withMountPath(CONFIG_DIR)
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("tenants")
        .withNewSecret()
        .withSecretName(Gateway.NAME)
        .endSecret()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
