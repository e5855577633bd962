package dev.sundae.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.tenancy.TrustedCas;
import dev.sundae.testing.compose.ComposeServiceCheck;
import dev.sundae.testing.compose.SpringEnvironment;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/**
 * What docker-compose.yml says about the gateway, checked without Docker (e2e/compose/run.sh runs
 * it).
 */
class ComposeFileTest {

  @Test
  void runsTheImageThatJibBuildsFromThisModule() throws Exception {
    assertThat(ComposeServiceCheck.of("gateway").imageProblems()).isEmpty();
  }

  @Test
  void setsOnlyVariablesTheServiceReads() throws Exception {
    ComposeServiceCheck gateway = ComposeServiceCheck.of("gateway");
    assertThat(gateway.service().environment()).containsKey("SPRING_CONFIG_ADDITIONAL_LOCATION");
    assertThat(gateway.environmentProblems("sundae", GatewayProperties.class, TrustedCas.VARIABLES))
        .isEmpty();

    // the check finds a misspelt variable, inside and outside the service's own properties
    var misspelt = new HashMap<>(gateway.service().environment());
    misspelt.keySet().removeAll(TrustedCas.VARIABLES);
    misspelt.put("SUNDAE_BRIDGE_TOKN", "x");
    misspelt.put("SERVER_PROT", "8080");
    assertThat(SpringEnvironment.of(misspelt).problems("sundae", GatewayProperties.class))
        .hasSize(2)
        .anyMatch(problem -> problem.contains("tokn"))
        .anyMatch(problem -> problem.startsWith("server.prot"));
  }

  @Test
  void publishesAndHealthChecksThePortTheServiceListensOn() throws Exception {
    assertThat(
            ComposeServiceCheck.of("gateway")
                .portProblems("application.yaml", "/actuator/health/readiness"))
        .isEmpty();
  }
}
