package dev.sundae.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** When a Deployment counts as serving, for the Tenant's and the Environment's conditions. */
class DeploymentsTest {

  private static final OptionalInt FIXED = OptionalInt.empty();

  @Test
  void anAutoscaledDeploymentHeldBelowItsReplicasByTheQuotaStillServes() {
    // what the kind runs showed: the autoscaler asked 4, the quota admitted 3 (Available True);
    // the autoscaler asked 3, the quota admitted 2 (maxUnavailable 25% of 3 is none: False)
    assertThat(Deployments.serving(deployment(2, 2, 4, 3, "True"), OptionalInt.of(1))).isTrue();
    assertThat(Deployments.serving(deployment(2, 2, 3, 2, "False"), OptionalInt.of(1))).isTrue();
  }

  @Test
  void anAutoscaledDeploymentBelowItsMinimumDoesNotServe() {
    assertThat(Deployments.serving(deployment(2, 2, 3, 1, "False"), OptionalInt.of(2))).isFalse();
  }

  @Test
  void aDeploymentWhoseControllerSaysUnavailableDoesNotServe() {
    assertThat(Deployments.serving(deployment(1, 1, 2, 1, "False"), FIXED)).isFalse();
    assertThat(Deployments.serving(deployment(1, 1, 1, 0, "False"), FIXED)).isFalse();
  }

  @Test
  void aGenerationTheControllerHasNotSeenIsNotJudgedYet() {
    assertThat(Deployments.serving(deployment(3, 2, 1, 1, "True"), FIXED)).isFalse();
    assertThat(Deployments.serving(deployment(3, 2, 1, 1, "True"), OptionalInt.of(1))).isFalse();
  }

  @Test
  void noPodAvailableIsNeverServing() {
    assertThat(Deployments.serving(deployment(1, 1, 0, 0, "True"), FIXED)).isFalse();
  }

  private static Deployment deployment(
      long generation, long observed, int replicas, int available, String availableCondition) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("sundae-inference")
        .withGeneration(generation)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(observed)
        .withReplicas(replicas)
        .withAvailableReplicas(available)
        .addNewCondition()
        .withType("Available")
        .withStatus(availableCondition)
        .endCondition()
        .endStatus()
        .build();
  }
}
