package dev.sundae.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void credentialsAreReadFromTheOperatorsNamespaceAndTheListedOnes() {
    OperatorSettings settings =
        OperatorSettings.from(
            Map.of(
                "SUNDAE_OPERATOR_NAMESPACE", "sundae-system",
                "SUNDAE_SECRET_NAMESPACES", " vault-sync, ,backends "));

    assertThat(settings.secretNamespaces())
        .containsExactlyInAnyOrder("sundae-system", "vault-sync", "backends");
  }

  @Test
  void outsideAClusterWithNothingNamedAnyNamespaceIsRead() {
    assertThat(OperatorSettings.from(Map.of()).secretNamespaces()).isEmpty();
  }
}
