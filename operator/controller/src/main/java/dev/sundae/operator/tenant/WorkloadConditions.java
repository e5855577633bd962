package dev.sundae.operator.tenant;

import dev.sundae.operator.api.AutoscalingSpec;
import dev.sundae.operator.api.ChatSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.runtime.Deployments;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.Objects;
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

  /** The autoscaler exists when workloads run and the Tenant (or its Environment) has bounds. */
  static final class InferenceAutoscaled implements Condition<Object, Tenant> {
    @Override
    public boolean isMet(
        DependentResource<Object, Tenant> dependent, Tenant tenant, Context<Tenant> context) {
      TenantContext tenantContext = TenantContext.of(context);
      return tenantContext.runsWorkloads()
          && Workload.INFERENCE
              .autoscaling(tenant, tenantContext.environment().getSpec())
              .isPresent();
    }
  }

  /** Ready when the Deployment serves ({@link Deployments#serving}). */
  static final class DeploymentAvailable implements Condition<Deployment, Tenant> {
    @Override
    public boolean isMet(
        DependentResource<Deployment, Tenant> dependent, Tenant tenant, Context<Tenant> context) {
      OptionalInt autoscaledFloor =
          ((WorkloadDeploymentDependent) dependent)
              .workload()
              .autoscaling(tenant, TenantContext.of(context).environment().getSpec())
              .map(
                  bounds ->
                      OptionalInt.of(
                          Objects.requireNonNullElse(
                              bounds.getMinReplicas(), AutoscalingSpec.DEFAULT_MIN_REPLICAS)))
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
