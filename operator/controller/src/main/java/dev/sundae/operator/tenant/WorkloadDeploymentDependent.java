package dev.sundae.operator.tenant;

import dev.sundae.operator.api.ImagesSpec;
import dev.sundae.operator.api.Tenant;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tenant workload's Deployment: non-root, read-only root file system, no privilege escalation,
 * credentials from the tenant's Secret, and a pod annotation that rolls the pods when those
 * credentials change.
 */
abstract class WorkloadDeploymentDependent
    extends CRUDNoGCKubernetesDependentResource<Deployment, Tenant> {

  private final Workload workload;

  WorkloadDeploymentDependent(Workload workload) {
    super(Deployment.class);
    this.workload = workload;
  }

  @Override
  protected Deployment desired(Tenant tenant, Context<Tenant> context) {
    TenantContext tenantContext = TenantContext.of(context);
    var environment = tenantContext.environment().getSpec();
    var selector = TenantObjects.selector(tenantContext, workload.component());
    String pullPolicy =
        Optional.ofNullable(environment.getImages())
            .map(ImagesSpec::getPullPolicy)
            .map(p -> p == ImagesSpec.PullPolicy.IF_NOT_PRESENT ? "IfNotPresent" : capitalized(p))
            .orElse("IfNotPresent");
    return new DeploymentBuilder()
        .withMetadata(
            TenantObjects.metadata(tenantContext, workload.objectName(), workload.component()))
        .withNewSpec()
        .withReplicas(workload.replicas(tenant, environment).orElse(null))
        .withNewSelector()
        .withMatchLabels(selector)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(selector)
        .addToAnnotations("sundae.dev/credentials-hash", credentialsHash(context))
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
        .withName(workload.component())
        .withImage(workload.image(environment))
        .withImagePullPolicy(pullPolicy)
        .addNewPort()
        .withName("http")
        .withContainerPort(Workload.PORT)
        .endPort()
        .addNewEnvFrom()
        .withNewSecretRef()
        .withName(tenantContext.names().credentialsSecret())
        .endSecretRef()
        .endEnvFrom()
        .withEnv(workload.environment(tenant, tenantContext))
        .withResources(WorkloadResources.of(tenantContext.environment()).requirements())
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
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
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

  private static String capitalized(ImagesSpec.PullPolicy policy) {
    String name = policy.name().toLowerCase();
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  // The Secret's content as it is in the cluster: a change of keys changes the pod template.
  private static String credentialsHash(Context<Tenant> context) {
    var data =
        context
            .getSecondaryResource(Secret.class, CredentialsSecretDependent.NAME)
            .map(Secret::getData)
            .map(TreeMap::new)
            .map(Object::toString)
            .orElse("");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(data.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
