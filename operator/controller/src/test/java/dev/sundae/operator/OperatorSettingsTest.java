package dev.sundae.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.tenancy.TrustedCas;
import java.util.Map;
import java.util.Optional;
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

  @Test
  void trustedCasAreThoseOfTheVariableTheHelmChartSets() {
    assertThat(OperatorSettings.from(Map.of(TrustedCas.VARIABLE, "-----BEGIN CERTIFICATE-----")))
        .extracting(OperatorSettings::trustedCas)
        .isEqualTo(Optional.of("-----BEGIN CERTIFICATE-----"));
    assertThat(OperatorSettings.from(Map.of(TrustedCas.VARIABLE, " ")).trustedCas()).isEmpty();
    assertThat(OperatorSettings.from(Map.of()).trustedCas()).isEmpty();
  }
}
