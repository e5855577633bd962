package dev.sundae.operator.environment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.operator.api.ConditionReasons;
import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.EnvironmentStatus;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnvironmentConditionsTest {

  private static final Optional<Boolean> EXTERNAL = Optional.empty();
  private static final Optional<Boolean> SERVES = Optional.of(true);
  private static final Optional<Boolean> DOWN = Optional.of(false);
  private static final Optional<String> STORE_ANSWERS = Optional.empty();
  private static final Optional<String> STORE_DOWN = Optional.of("minio: connection refused");

  /** backend problem, gateway, then the expected GatewayReady and Ready (status, reason). */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            STORE_ANSWERS,
            EXTERNAL,
            "True",
            ConditionReasons.EXTERNAL_RUNTIME,
            "True",
            "Reconciled"),
        Arguments.of(STORE_ANSWERS, SERVES, "True", "Reconciled", "True", "Reconciled"),
        Arguments.of(
            STORE_ANSWERS,
            DOWN,
            "False",
            "DeploymentNotAvailable",
            "False",
            "DeploymentNotAvailable"),
        // the object store first: nothing works without it, whatever the gateway does
        Arguments.of(
            STORE_DOWN,
            EXTERNAL,
            "True",
            ConditionReasons.EXTERNAL_RUNTIME,
            "False",
            "BackendsUnavailable"),
        Arguments.of(STORE_DOWN, SERVES, "True", "Reconciled", "False", "BackendsUnavailable"),
        Arguments.of(
            STORE_DOWN, DOWN, "False", "DeploymentNotAvailable", "False", "BackendsUnavailable"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void verdicts(
      Optional<String> problem,
      Optional<Boolean> gateway,
      String gatewayStatus,
      String gatewayReason,
      String readyStatus,
      String readyReason) {
    var gatewayReady = EnvironmentConditions.gateway(gateway);
    assertThat(gatewayReady.type()).isEqualTo(EnvironmentStatus.GATEWAY_READY);
    assertThat(gatewayReady.status()).isEqualTo(gatewayStatus);
    assertThat(gatewayReady.reason()).isEqualTo(gatewayReason);

    var ready = EnvironmentConditions.ready(problem, gateway);
    assertThat(ready.type()).isEqualTo(EnvironmentStatus.READY);
    assertThat(ready.status()).isEqualTo(readyStatus);
    assertThat(ready.reason()).isEqualTo(readyReason);
    if (problem.isPresent()) {
      assertThat(ready.message()).as("the store's own words").isEqualTo(problem.get());
    }
    assertThat(ready.status().equals(Conditions.TRUE))
        .as("Ready only when the store answers and the gateway does not fail")
        .isEqualTo(problem.isEmpty() && !gateway.equals(DOWN));
  }
}
