package dev.sundae.operator.runtime;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Objects;
import java.util.OptionalInt;

/** When a Deployment the operator made counts as serving, for the conditions it reports. */
public final class Deployments {

  private Deployments() {}

  /**
   * Serving when the Deployment controller has seen the current generation and enough replicas
   * serve: for a fixed count, what the controller's {@code Available} condition says (its replicas
   * less {@code maxUnavailable}); for an autoscaled workload, at least the autoscaler's minimum.
   * Not what the autoscaler asks at the moment: a workload scaling out (pods starting for a
   * minute), or held below its autoscaler's wish by the tenant's quota, still serves. Kind runs
   * showed both: acme at 3 of 4 inference pods, and at 2 of 3, where {@code maxUnavailable} 25% of
   * 3 rounds down to none and {@code Available} turned False for good.
   *
   * @param autoscaledFloor the autoscaler's minimum replicas, empty when the count is fixed
   */
  public static boolean serving(Deployment deployment, OptionalInt autoscaledFloor) {
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
    // scaled to zero on purpose (a floor of 0 and no replica asked for): serving, an upload wakes
    // it
    boolean scaledToZero =
        autoscaledFloor.isPresent()
            && autoscaledFloor.getAsInt() == 0
            && Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1) == 0;
    return Objects.requireNonNullElse(status.getObservedGeneration(), 0L) >= generation
        && enough
        && (availableReplicas >= 1 || scaledToZero);
  }
}
