package dev.sundae.operator.tenant;

import dev.sundae.operator.api.ChatSpec;
import dev.sundae.operator.api.Tenant;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import java.util.Objects;
import java.util.Optional;

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
   * Ready when the Deployment controller has seen its current generation and says it is {@code
   * Available}: at least its replicas less {@code maxUnavailable} serve. Not every replica: an
   * autoscaled workload scaling out (pods starting for a minute), or held below what its autoscaler
   * asks by the tenant's quota, still serves, and its Tenant stays Ready (a kind run showed acme
   * stuck at 3 of 4 inference pods by its quota, not Ready for good).
   */
  static final class DeploymentAvailable implements Condition<Deployment, Tenant> {
    @Override
    public boolean isMet(
        DependentResource<Deployment, Tenant> dependent, Tenant tenant, Context<Tenant> context) {
      return dependent
          .getSecondaryResource(tenant, context)
          .map(WorkloadConditions::available)
          .orElse(false);
    }
  }

  static boolean available(Deployment deployment) {
    var status = deployment.getStatus();
    if (status == null) {
      return false;
    }
    long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 0L);
    boolean availableCondition =
        status.getConditions() != null
            && status.getConditions().stream()
                .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    return Objects.requireNonNullElse(status.getObservedGeneration(), 0L) >= generation
        && availableCondition
        && Objects.requireNonNullElse(status.getAvailableReplicas(), 0) >= 1;
  }

  static boolean chatEnabled(Tenant tenant) {
    return Optional.ofNullable(tenant.getSpec().getChat()).map(ChatSpec::getEnabled).orElse(true);
  }
}
