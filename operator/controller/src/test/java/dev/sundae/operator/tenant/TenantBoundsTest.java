package dev.sundae.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.tenancy.TenantConfig;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bounds and defaults of the Tenant's holdout and learning are written three times: in the CRD
 * (operator/api's annotations: what admission refuses and what the API server fills in), in
 * TenantConfig (what the services accept), and in tenant-from-kubernetes.yaml (what a worker
 * assumes when a variable is missing). This holds the three together.
 */
class TenantBoundsTest {

  @Test
  void theCrdTheServicesAndTheWorkersFallbacksAgree() throws Exception {
    JSONSchemaProps spec = crd().getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    spec = spec.getProperties().get("spec");
    String fallbacks = resource("sundae/tenant-from-kubernetes.yaml");

    JSONSchemaProps percent = spec.getProperties().get("holdout").getProperties().get("percent");
    assertThat(percent.getMaximum().intValue()).isEqualTo(TenantConfig.Holdout.MAX_PERCENT);
    assertThat(percent.getMinimum().intValue()).isZero();
    assertThat(percent.getDefault().asInt()).isEqualTo(TenantConfig.Holdout.NONE.percent());
    assertThat(fallback(fallbacks, "SUNDAE_HOLDOUT_PERCENT"))
        .isEqualTo(TenantConfig.Holdout.NONE.percent());

    JSONSchemaProps days =
        spec.getProperties().get("holdout").getProperties().get("bestSellerDays");
    assertThat(days.getDefault().asInt()).isEqualTo(TenantConfig.Holdout.DEFAULT_BEST_SELLER_DAYS);
    assertThat(days.getMinimum().intValue()).isEqualTo(1);
    assertThat(fallback(fallbacks, "SUNDAE_HOLDOUT_BEST_SELLER_DAYS"))
        .isEqualTo(TenantConfig.Holdout.DEFAULT_BEST_SELLER_DAYS);

    JSONSchemaProps exploration =
        spec.getProperties().get("learning").getProperties().get("explorationPercent");
    assertThat(exploration.getMaximum().intValue())
        .isEqualTo(TenantConfig.Learning.MAX_EXPLORATION_PERCENT);
    assertThat(exploration.getMinimum().intValue()).isZero();
    assertThat(exploration.getDefault().asInt())
        .isEqualTo(TenantConfig.Learning.NONE.explorationPercent());
    assertThat(fallback(fallbacks, "SUNDAE_LEARNING_EXPLORATION_PERCENT"))
        .isEqualTo(TenantConfig.Learning.NONE.explorationPercent());
  }

  private static CustomResourceDefinition crd() throws Exception {
    return Serialization.unmarshal(
        resource("META-INF/fabric8/tenants.sundae.dev-v1.yml"), CustomResourceDefinition.class);
  }

  /** The number after the colon of {@code ${NAME:n}}. */
  private static int fallback(String yaml, String variable) {
    Matcher m = Pattern.compile("\\$\\{" + variable + ":(\\d+)}").matcher(yaml);
    assertThat(m.find()).as("%s with a fallback in tenant-from-kubernetes.yaml", variable).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static String resource(String name) throws Exception {
    try (InputStream in = TenantBoundsTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
