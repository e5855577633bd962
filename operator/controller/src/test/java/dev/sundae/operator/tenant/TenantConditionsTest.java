package dev.sundae.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.operator.api.TenantStatus;
import dev.sundae.operator.storage.ObjectStoreException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantConditionsTest {

  private static Map<String, Outcome> allReady(boolean workloads) {
    Map<String, Outcome> outcomes = new HashMap<>();
    for (String name :
        List.of(
            TenantNamespaceDependent.NAME,
            ResourceQuotaDependent.NAME,
            LimitRangeDependent.NAME,
            NetworkPolicyDependent.NAME,
            QueueDependent.NAME,
            BucketDependent.NAME,
            BucketUserDependent.NAME,
            DatabaseDependent.NAME,
            CredentialsSecretDependent.NAME)) {
      outcomes.put(name, Outcome.READY);
    }
    if (workloads) {
      outcomes.put(InferenceDeploymentDependent.NAME, Outcome.READY);
      outcomes.put(InferenceServiceDependent.NAME, Outcome.READY);
      outcomes.put(ChatDeploymentDependent.NAME, Outcome.READY);
      outcomes.put(ChatServiceDependent.NAME, Outcome.READY);
    }
    return outcomes;
  }

  private static TenantConditions.Verdict verdict(
      List<TenantConditions.Verdict> verdicts, String type) {
    return verdicts.stream().filter(v -> v.type().equals(type)).findFirst().orElseThrow();
  }

  @Test
  void everythingInPlaceMakesTheTenantReady() {
    var verdicts = TenantConditions.evaluate(allReady(true), true, true);

    assertThat(verdicts).allMatch(TenantConditions.Verdict::isTrue);
    assertThat(verdicts)
        .extracting(TenantConditions.Verdict::type)
        .containsExactlyElementsOf(TenantReconciler.CONDITION_TYPES);
  }

  @Test
  void workloadsOutsideTheClusterCountAsReadyWithTheirReason() {
    var verdicts = TenantConditions.evaluate(allReady(false), false, true);

    assertThat(verdict(verdicts, TenantStatus.READY).isTrue()).isTrue();
    assertThat(verdict(verdicts, TenantStatus.INFERENCE_READY).reason())
        .isEqualTo("ExternalRuntime");
  }

  @Test
  void anObjectStoreFailureNamesTheStoreAndBlocksReadiness() {
    var outcomes = allReady(false);
    outcomes.put(
        BucketDependent.NAME, Outcome.failed(new ObjectStoreException("http://minio:9000 down")));
    outcomes.remove(BucketUserDependent.NAME);
    outcomes.remove(CredentialsSecretDependent.NAME);

    var verdicts = TenantConditions.evaluate(outcomes, false, true);

    var storage = verdict(verdicts, TenantStatus.STORAGE_READY);
    assertThat(storage.status()).isEqualTo("False");
    assertThat(storage.reason()).isEqualTo("ObjectStoreError");
    assertThat(storage.message()).contains("http://minio:9000");
    assertThat(verdict(verdicts, TenantStatus.QUEUE_READY).isTrue()).isTrue();
    var ready = verdict(verdicts, TenantStatus.READY);
    assertThat(ready.status()).isEqualTo("False");
    assertThat(ready.reason()).isEqualTo("ObjectStoreError");
  }

  @Test
  void podsNotYetAvailableKeepTheTenantProgressing() {
    var outcomes = allReady(true);
    outcomes.put(InferenceDeploymentDependent.NAME, Outcome.NOT_READY);

    var verdicts = TenantConditions.evaluate(outcomes, true, true);

    assertThat(verdict(verdicts, TenantStatus.INFERENCE_READY).reason())
        .isEqualTo("DeploymentNotAvailable");
    assertThat(verdict(verdicts, TenantStatus.READY).reason()).isEqualTo("DeploymentNotAvailable");
  }

  @Test
  void disabledChatIsReadyAsDisabled() {
    var outcomes = allReady(true);
    outcomes.remove(ChatDeploymentDependent.NAME);
    outcomes.remove(ChatServiceDependent.NAME);

    var verdicts = TenantConditions.evaluate(outcomes, true, false);

    assertThat(verdict(verdicts, TenantStatus.CHAT_READY).reason()).isEqualTo("Disabled");
    assertThat(verdict(verdicts, TenantStatus.READY).isTrue()).isTrue();
  }

  @Test
  void aDependentThatWasNeverReachedSaysWhatItWaitsFor() {
    var outcomes = allReady(false);
    outcomes.remove(CredentialsSecretDependent.NAME);

    var storage =
        verdict(TenantConditions.evaluate(outcomes, false, true), TenantStatus.STORAGE_READY);

    assertThat(storage.reason()).isEqualTo("DependencyNotReady");
    assertThat(storage.message()).contains("credentials");
  }

  @Test
  void everyConditionFailsTogetherWhenNothingCouldRun() {
    var verdicts = TenantConditions.allFailing("EnvironmentNotFound", "no Environment");

    assertThat(verdicts).hasSize(6).noneMatch(TenantConditions.Verdict::isTrue);
  }
}
