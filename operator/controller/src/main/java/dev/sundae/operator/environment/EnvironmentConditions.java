package dev.sundae.operator.environment;

import dev.sundae.operator.api.ConditionReasons;
import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.EnvironmentStatus;
import java.util.Optional;

/**
 * The Environment's {@code GatewayReady} and {@code Ready} from what its reconcile found: whether
 * the object store answers and whether the gateway serves. Pure, so that one table test covers
 * every case (EnvironmentConditionsTest), as TenantConditions does for a Tenant.
 */
final class EnvironmentConditions {

  static final String GATEWAY_NOT_AVAILABLE = "DeploymentNotAvailable";
  static final String BACKENDS_UNAVAILABLE = "BackendsUnavailable";

  record Verdict(String type, String status, String reason, String message) {}

  private EnvironmentConditions() {}

  /**
   * @param gatewayServes whether the gateway's pods serve; empty where it runs outside the cluster
   */
  static Verdict gateway(Optional<Boolean> gatewayServes) {
    if (gatewayServes.isEmpty()) {
      return new Verdict(
          EnvironmentStatus.GATEWAY_READY,
          Conditions.TRUE,
          ConditionReasons.EXTERNAL_RUNTIME,
          "runs outside the cluster (Environment runtime 'external')");
    }
    return gatewayServes.get()
        ? new Verdict(
            EnvironmentStatus.GATEWAY_READY,
            Conditions.TRUE,
            ConditionReasons.RECONCILED,
            "deployment, service and certificate in place, pods serve")
        : new Verdict(
            EnvironmentStatus.GATEWAY_READY,
            Conditions.FALSE,
            GATEWAY_NOT_AVAILABLE,
            "the gateway's pods are not available yet");
  }

  /**
   * @param backendProblem why the object store does not answer; empty when it does
   * @param gatewayServes as for {@link #gateway}
   */
  static Verdict ready(Optional<String> backendProblem, Optional<Boolean> gatewayServes) {
    if (backendProblem.isPresent()) {
      return new Verdict(
          EnvironmentStatus.READY, Conditions.FALSE, BACKENDS_UNAVAILABLE, backendProblem.get());
    }
    if (gatewayServes.isPresent() && !gatewayServes.get()) {
      return new Verdict(
          EnvironmentStatus.READY,
          Conditions.FALSE,
          GATEWAY_NOT_AVAILABLE,
          "GatewayReady: the gateway's pods are not available yet");
    }
    return new Verdict(
        EnvironmentStatus.READY,
        Conditions.TRUE,
        ConditionReasons.RECONCILED,
        "namespace in place, backends answer, gateway serves");
  }
}
