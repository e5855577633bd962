package dev.sundae.operator.tenant;

import dev.sundae.operator.api.ChatSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.runtime.Deployments;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.Optional;
import java.util.OptionalInt;

/** When the workload dependents take part in a reconcile, and when they count as ready. */
final class WorkloadConditions {

  private WorkloadConditions() {}

  /** Workloads run in the cluster only for an Environment with runtime 'kubernetes'. */
  static final class RunsWorkloads implements Condition<Object, Tenant> {
    @Override
    public boolean isMet(
        DependentResource<Object, Tenant> dependent, Tenant tenant, Context<Tenant> context) {
      return TenantContext.of(context).runsWorkloads();
    }
  }

  /** The chat workload runs when workloads do and the Tenant has chat enabled. */
  static final class ChatEnabled implements Condition<Object, Tenant> {
    @Override
    public boolean isMet(
        DependentResource<Object, Tenant> dependent, Tenant tenant, Context<Tenant> context) {
      return TenantContext.of(context).runsWorkloads() && chatEnabled(tenant);
    }
  }

  /**
   * The CPU autoscaler exists when workloads run and the Tenant (or its Environment) has bounds,
   * unless KEDA scales the workers on the queue instead.
   */
  static final class InferenceAutoscaled implements Condition<Object, Tenant> {
    @Override
    public boolean isMet(
        DependentResource<Object, Tenant> dependent, Tenant tenant, Context<Tenant> context) {
      TenantContext tenantContext = TenantContext.of(context);
      return tenantContext.runsWorkloads()
          && Workload.INFERENCE
              .autoscaling(tenant, tenantContext.environment().getSpec())
              .isPresent()
          && !queueScaled(tenant, tenantContext);
    }
  }

  /** KEDA's ScaledObject exists when the Tenant asks to scale on the queue and KEDA is there. */
  static final class InferenceQueueScaled implements Condition<Object, Tenant> {
    @Override
    public boolean isMet(
        DependentResource<Object, Tenant> dependent, Tenant tenant, Context<Tenant> context) {
      TenantContext tenantContext = TenantContext.of(context);
      return tenantContext.runsWorkloads() && queueScaled(tenant, tenantContext);
    }
  }

  static boolean queueScaled(Tenant tenant, TenantContext tenantContext) {
    return tenantContext.kedaInstalled()
        && Workload.INFERENCE
            .autoscaling(tenant, tenantContext.environment().getSpec())
            .filter(QueueScaling::requested)
            .isPresent();
  }

  /**
   * Ready when the Deployment serves ({@link Deployments#serving}): an autoscaled one with its
   * autoscaler's minimum available (at least one on CPU); one KEDA scales on the queue also at zero
   * replicas, where an upload starts a worker.
   */
  static final class DeploymentAvailable implements Condition<Deployment, Tenant> {
    @Override
    public boolean isMet(
        DependentResource<Deployment, Tenant> dependent, Tenant tenant, Context<Tenant> context) {
      TenantContext tenantContext = TenantContext.of(context);
      Workload workload = ((WorkloadDeploymentDependent) dependent).workload();
      OptionalInt autoscaledFloor =
          workload == Workload.INFERENCE && queueScaled(tenant, tenantContext)
              ? OptionalInt.of(0)
              : workload
                  .autoscaling(tenant, tenantContext.environment().getSpec())
                  .map(bounds -> OptionalInt.of(QueueScaling.minReplicasAboveZero(bounds)))
                  .orElse(OptionalInt.empty());
      return dependent
          .getSecondaryResource(tenant, context)
          .map(deployment -> Deployments.serving(deployment, autoscaledFloor))
          .orElse(false);
    }
  }

  static boolean chatEnabled(Tenant tenant) {
    return Optional.ofNullable(tenant.getSpec().getChat()).map(ChatSpec::getEnabled).orElse(true);
  }
}
