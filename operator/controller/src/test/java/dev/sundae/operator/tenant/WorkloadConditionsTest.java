package dev.sundae.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

/** When a workload's Deployment counts as serving, for the Tenant's Ready condition. */
class WorkloadConditionsTest {

  @Test
  void anAutoscaledDeploymentHeldBelowItsReplicasByTheQuotaStillServes() {
    // what the kind run showed: the autoscaler asked 4, the quota admitted 3
    assertThat(WorkloadConditions.available(deployment(2, 2, 4, 3, "True"))).isTrue();
  }

  @Test
  void aDeploymentWhoseControllerSaysUnavailableDoesNotServe() {
    assertThat(WorkloadConditions.available(deployment(1, 1, 1, 0, "False"))).isFalse();
  }

  @Test
  void aGenerationTheControllerHasNotSeenIsNotJudgedYet() {
    assertThat(WorkloadConditions.available(deployment(3, 2, 1, 1, "True"))).isFalse();
  }

  @Test
  void noPodAvailableIsNeverServing() {
    assertThat(WorkloadConditions.available(deployment(1, 1, 0, 0, "True"))).isFalse();
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
