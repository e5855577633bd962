package dev.sundae.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.tenancy.TrustedCas;
import dev.sundae.testing.compose.ComposeServiceCheck;
import dev.sundae.testing.compose.SpringEnvironment;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/**
 * What docker-compose.yml says about the chat, checked without Docker (e2e/compose/run.sh runs it).
 */
class ComposeFileTest {

  @Test
  void runsTheImageThatJibBuildsFromThisModule() throws Exception {
    assertThat(ComposeServiceCheck.of("chat").imageProblems()).isEmpty();
  }

  @Test
  void setsOnlyVariablesTheServiceReads() throws Exception {
    ComposeServiceCheck chat = ComposeServiceCheck.of("chat");
    assertThat(chat.service().environment()).containsKey("SPRING_CONFIG_ADDITIONAL_LOCATION");
    assertThat(chat.environmentProblems("sundae", ChatProperties.class, TrustedCas.VARIABLES))
        .isEmpty();

    // the check finds a misspelt variable, inside and outside the service's own properties
    var misspelt = new HashMap<>(chat.service().environment());
    misspelt.keySet().removeAll(TrustedCas.VARIABLES);
    misspelt.put("SUNDAE_CHAT_ADMISION", "open");
    misspelt.put("SERVER_PROT", "8080");
    assertThat(SpringEnvironment.of(misspelt).problems("sundae", ChatProperties.class))
        .hasSize(2)
        .anyMatch(problem -> problem.contains("admision"))
        .anyMatch(problem -> problem.startsWith("server.prot"));
  }

  @Test
  void publishesAndHealthChecksThePortTheServiceListensOn() throws Exception {
    assertThat(
            ComposeServiceCheck.of("chat")
                .portProblems("application.yaml", "/actuator/health/readiness"))
        .isEmpty();
  }
}
