package dev.sundae.operator.tenant;

import dev.sundae.operator.api.ConditionReasons;
import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.TenantStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Tenant's conditions, derived from what became of each dependent. A pure function, so that
 * every combination can be unit-tested without a cluster.
 */
final class TenantConditions {

  /** One condition to set. */
  record Verdict(String type, String status, String reason, String message) {

    boolean isTrue() {
      return Conditions.TRUE.equals(status);
    }
  }

  private TenantConditions() {}

  /**
   * @param outcomes what became of each dependent, by dependent name; inactive ones are absent
   * @param runsWorkloads whether workloads run in the cluster
   * @param chatEnabled whether the Tenant has chat
   */
  static List<Verdict> evaluate(
      Map<String, Outcome> outcomes, boolean runsWorkloads, boolean chatEnabled) {
    List<Verdict> verdicts = new ArrayList<>();
    verdicts.add(
        component(
            outcomes,
            TenantStatus.STORAGE_READY,
            "bucket, user and credentials",
            BucketDependent.NAME,
            BucketUserDependent.NAME,
            CredentialsSecretDependent.NAME));
    verdicts.add(component(outcomes, TenantStatus.QUEUE_READY, "queues", QueueDependent.NAME));
    verdicts.add(
        component(
            outcomes, TenantStatus.DATABASE_READY, "schema and role", DatabaseDependent.NAME));
    verdicts.add(
        workload(
            outcomes,
            TenantStatus.INFERENCE_READY,
            runsWorkloads,
            true,
            InferenceDeploymentDependent.NAME,
            InferenceServiceDependent.NAME,
            InferenceAutoscalerDependent.NAME));
    verdicts.add(
        workload(
            outcomes,
            TenantStatus.CHAT_READY,
            runsWorkloads,
            chatEnabled,
            ChatDeploymentDependent.NAME,
            ChatServiceDependent.NAME));
    Verdict namespace =
        component(
            outcomes,
            "Namespace",
            "namespace, quota, limits and network policy",
            TenantNamespaceDependent.NAME,
            ResourceQuotaDependent.NAME,
            LimitRangeDependent.NAME,
            NetworkPolicyDependent.NAME);
    verdicts.add(0, ready(namespace, verdicts));
    return verdicts;
  }

  /** Every condition False (Unknown for readiness) with one reason, when nothing could run. */
  static List<Verdict> allFailing(String reason, String message) {
    List<Verdict> verdicts = new ArrayList<>();
    for (String type : TenantReconciler.CONDITION_TYPES) {
      verdicts.add(new Verdict(type, Conditions.FALSE, reason, message));
    }
    return verdicts;
  }

  private static Verdict ready(Verdict namespace, List<Verdict> parts) {
    Optional<Verdict> firstProblem =
        java.util.stream.Stream.concat(java.util.stream.Stream.of(namespace), parts.stream())
            .filter(v -> !v.isTrue())
            .findFirst();
    return firstProblem
        .map(
            p ->
                new Verdict(
                    TenantStatus.READY,
                    Conditions.FALSE,
                    p.reason(),
                    p.type() + ": " + p.message()))
        .orElse(
            new Verdict(
                TenantStatus.READY,
                Conditions.TRUE,
                ConditionReasons.RECONCILED,
                "Every resource of the tenant is in place"));
  }

  private static Verdict component(
      Map<String, Outcome> outcomes, String type, String what, String... names) {
    for (String name : names) {
      Outcome outcome = outcomes.getOrDefault(name, Outcome.NOT_REACHED);
      switch (outcome.state()) {
        case FAILED:
          return new Verdict(type, Conditions.FALSE, outcome.failureReason(), outcome.message());
        case NOT_REACHED:
          return new Verdict(
              type,
              Conditions.FALSE,
              ConditionReasons.DEPENDENCY_NOT_READY,
              name + " waits for a resource it depends on");
        case NOT_READY:
          return new Verdict(
              type, Conditions.FALSE, ConditionReasons.PROGRESSING, name + " is not ready yet");
        default:
          break;
      }
    }
    return new Verdict(type, Conditions.TRUE, ConditionReasons.RECONCILED, what + " in place");
  }

  private static Verdict workload(
      Map<String, Outcome> outcomes,
      String type,
      boolean runsWorkloads,
      boolean enabled,
      String deployment,
      String... others) {
    if (!enabled) {
      return new Verdict(
          type, Conditions.TRUE, ConditionReasons.DISABLED, "disabled by the Tenant");
    }
    if (!runsWorkloads) {
      return new Verdict(
          type,
          Conditions.TRUE,
          ConditionReasons.EXTERNAL_RUNTIME,
          "runs outside the cluster (Environment runtime 'external')");
    }
    Outcome outcome = outcomes.getOrDefault(deployment, Outcome.NOT_REACHED);
    if (outcome.state() == Outcome.State.NOT_READY) {
      return new Verdict(
          type, Conditions.FALSE, "DeploymentNotAvailable", "pods are not available yet");
    }
    List<String> names = new ArrayList<>(List.of(deployment));
    for (String other : others) {
      if (outcomes.containsKey(other)) {
        names.add(other);
      }
    }
    return component(outcomes, type, "deployment and service", names.toArray(String[]::new));
  }
}
