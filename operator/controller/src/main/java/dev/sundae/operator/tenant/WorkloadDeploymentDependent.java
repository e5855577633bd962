package dev.sundae.operator.tenant;

import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.runtime.Pods;
import dev.sundae.operator.tls.ServerTls;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDNoGCKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

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

  Workload workload() {
    return workload;
  }

  @Override
  protected Deployment desired(Tenant tenant, Context<Tenant> context) {
    TenantContext tenantContext = TenantContext.of(context);
    var environment = tenantContext.environment().getSpec();
    var selector = TenantObjects.selector(tenantContext, workload.component());
    var template =
        new DeploymentBuilder()
            .withMetadata(
                TenantObjects.metadata(tenantContext, workload.objectName(), workload.component()))
            .withNewSpec()
            .withReplicas(
                workload
                    .replicas(tenant, environment)
                    .orElseGet(() -> wokenFromZero(tenant, context, tenantContext)))
            .withNewStrategy()
            .withType("RollingUpdate")
            .withNewRollingUpdate()
            .withMaxSurge(new IntOrString(Workload.MAX_SURGE_PERCENT + "%"))
            .endRollingUpdate()
            .endStrategy()
            .withNewSelector()
            .withMatchLabels(selector)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(selector)
            .addToAnnotations(
                "sundae.dev/credentials-hash",
                Pods.digest(
                    context.getSecondaryResource(Secret.class, CredentialsSecretDependent.NAME)))
            .endMetadata()
            .withNewSpec()
            .withAutomountServiceAccountToken(false)
            .withSecurityContext(Pods.restrictedPod())
            .addNewContainer()
            .withName(workload.component())
            .withImage(workload.image(environment))
            .withImagePullPolicy(Pods.pullPolicy(environment))
            .addNewPort()
            .withName(workload.portName())
            .withContainerPort(Workload.PORT)
            .endPort()
            .addAllToPorts(workload.managementPorts())
            .addNewEnvFrom()
            .withNewSecretRef()
            .withName(tenantContext.names().credentialsSecret())
            .endSecretRef()
            .endEnvFrom()
            .withEnv(workload.environment(tenant, tenantContext))
            .addAllToEnv(Pods.trustVariables(tenantContext.backends().trustedCas()))
            .withResources(WorkloadResources.of(tenantContext.environment()).requirements())
            .withReadinessProbe(Pods.readiness(workload.probePort()))
            .withStartupProbe(Pods.startup(workload.probePort()))
            .withLivenessProbe(Pods.liveness(workload.probePort()))
            .withSecurityContext(Pods.restrictedContainer())
            .addToVolumeMounts(Pods.tmpMount())
            .endContainer()
            .addToVolumes(Pods.tmpVolume())
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    if (workload.servesTls()) {
      var pod = template.getSpec().getTemplate();
      // a certificate issued again rolls the pods onto it
      pod.getMetadata()
          .getAnnotations()
          .put(
              "sundae.dev/tls-hash",
              Pods.digest(context.getSecondaryResource(Secret.class, ChatTlsDependent.NAME)));
      pod.getSpec().getContainers().get(0).getVolumeMounts().add(0, ServerTls.mount());
      pod.getSpec().getVolumes().add(0, ServerTls.volume(ChatTlsDependent.secretName()));
    }
    return template;
  }

  /**
   * Null (the autoscaler's count stands) unless a CPU autoscaler takes over a Deployment that KEDA
   * left at zero: a HorizontalPodAutoscaler never scales a Deployment of zero replicas (it reads
   * that as autoscaling turned off), so the operator sets its minimum once.
   */
  private Integer wokenFromZero(
      Tenant tenant, Context<Tenant> context, TenantContext tenantContext) {
    if (workload != Workload.INFERENCE || WorkloadConditions.queueScaled(tenant, tenantContext)) {
      return null;
    }
    // from the informer's cache by name: getSecondaryResource would ask desired() for the name
    ResourceID id = new ResourceID(workload.objectName(), tenantContext.names().namespace());
    boolean atZero =
        eventSource()
            .flatMap(source -> source.get(id))
            .map(d -> d.getSpec().getReplicas())
            .filter(r -> r == 0)
            .isPresent();
    return atZero
        ? workload
            .autoscaling(tenant, tenantContext.environment().getSpec())
            .map(bounds -> QueueScaling.minReplicasAboveZero(bounds))
            .orElse(null)
        : null;
  }
}
