package dev.sundae.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.tenancy.TrustedCas;
import dev.sundae.testing.compose.ComposeServiceCheck;
import dev.sundae.testing.compose.SpringEnvironment;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/**
 * What docker-compose.yml says about the inference, checked without Docker (e2e/compose/run.sh runs
 * it).
 */
class ComposeFileTest {

  @Test
  void runsTheImageThatJibBuildsFromThisModule() throws Exception {
    assertThat(ComposeServiceCheck.of("inference").imageProblems()).isEmpty();
  }

  @Test
  void setsOnlyVariablesTheServiceReads() throws Exception {
    ComposeServiceCheck inference = ComposeServiceCheck.of("inference");
    assertThat(inference.service().environment()).containsKey("SPRING_CONFIG_ADDITIONAL_LOCATION");
    assertThat(
            inference.environmentProblems(
                "sundae", InferenceProperties.class, TrustedCas.VARIABLES))
        .isEmpty();

    // the check finds a misspelt variable, inside and outside the service's own properties
    var misspelt = new HashMap<>(inference.service().environment());
    misspelt.keySet().removeAll(TrustedCas.VARIABLES);
    misspelt.put("SUNDAE_INFERENCE_INTRAOPTHREAD", "2");
    misspelt.put("SERVER_PROT", "8080");
    assertThat(SpringEnvironment.of(misspelt).problems("sundae", InferenceProperties.class))
        .hasSize(2)
        .anyMatch(problem -> problem.contains("intraopthread:"))
        .anyMatch(problem -> problem.startsWith("server.prot"));
  }

  @Test
  void publishesAndHealthChecksThePortTheServiceListensOn() throws Exception {
    assertThat(
            ComposeServiceCheck.of("inference")
                .portProblems("application.yml", "/actuator/health/readiness"))
        .isEmpty();
  }
}
