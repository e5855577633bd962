package dev.sundae.operator.tenant;

import dev.sundae.operator.api.AutoscalingSpec;
import dev.sundae.operator.api.ChatSpec;
import dev.sundae.operator.api.Tenant;
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

  /**
   * Ready when the Deployment controller has seen its current generation and enough replicas serve:
   * for a fixed count, what the controller's {@code Available} condition says (its replicas less
   * {@code maxUnavailable}); for an autoscaled workload, at least the autoscaler's minimum. Not
   * what the autoscaler asks at the moment: a workload scaling out (pods starting for a minute), or
   * held below its autoscaler's wish by the tenant's quota, still serves, and its Tenant stays
   * Ready. Kind runs showed both: acme at 3 of 4 inference pods, and at 2 of 3, where {@code
   * maxUnavailable} 25% rounds down to none and {@code Available} turned False for good.
   */
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
          .map(deployment -> available(deployment, autoscaledFloor))
          .orElse(false);
    }
  }

  /**
   * @param autoscaledFloor the autoscaler's minimum replicas, empty when the count is fixed
   */
  static boolean available(Deployment deployment, OptionalInt autoscaledFloor) {
    var status = deployment.getStatus();
    if (status == null) {
      return false;
    }
    long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
    int availableReplicas = Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
    boolean availableCondition =
        status.getConditions() != null
            && status.getConditions().stream()
                .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    boolean enough =
        autoscaledFloor.isPresent()
            ? availableReplicas >= autoscaledFloor.getAsInt()
            : availableCondition;
    return Objects.requireNonNullElse(status.getObservedGeneration(), 0L) >= generation
        && enough
        && availableReplicas >= 1;
  }

  static boolean chatEnabled(Tenant tenant) {
    return Optional.ofNullable(tenant.getSpec().getChat()).map(ChatSpec::getEnabled).orElse(true);
  }
}
