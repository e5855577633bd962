package dev.sundae.chat.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.chat.ChatProperties;
import dev.sundae.tenancy.CallerRole;
import dev.sundae.tenancy.TenantConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * In Kubernetes the chat service serves the one tenant that the operator's variables and
 * credentials Secret describe; elsewhere those variables mean nothing and plain {@code
 * sundae.tenants} apply. Runs the service's real application.yaml (with its import), binding only
 * the properties.
 */
class KubernetesTenantConfigTest {

  static final Map<String, String> OPERATOR_VARIABLES =
      Map.ofEntries(
          Map.entry("SUNDAE_ENVIRONMENT", "prod"),
          Map.entry("SUNDAE_TENANT", "acme"),
          Map.entry("SUNDAE_CHAT_ADMISSION", "verified"),
          Map.entry("SUNDAE_OIDC_ISSUER", "https://id.acme.example/realms/acme"),
          Map.entry("SUNDAE_OIDC_AUDIENCE", "sundae"),
          Map.entry("SUNDAE_FLAVOURS", "strawberry,pistachio,chocolate"),
          Map.entry("SUNDAE_MODEL_URI", "s3://models/flavours.pt"),
          Map.entry("SUNDAE_MODEL_VERSION", "7"),
          Map.entry("SUNDAE_S3_BUCKET", "sundae-prod-acme"),
          Map.entry("SUNDAE_S3_ACCESS_KEY", "AKIA-acme"),
          Map.entry("SUNDAE_S3_SECRET_KEY", "secret-acme"),
          Map.entry("SUNDAE_SQS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/prod-acme"),
          Map.entry(
              "SUNDAE_SQS_DEAD_LETTER_QUEUE_URL",
              "https://sqs.eu-west-1.amazonaws.com/1/prod-acme-dlq"),
          Map.entry("SUNDAE_SQS_REGION", "eu-west-1"),
          Map.entry("SUNDAE_DB_URL", "jdbc:postgresql://db/sundae"),
          Map.entry("SUNDAE_DB_SCHEMA", "tenant_prod_acme"),
          Map.entry("SUNDAE_DB_USERNAME", "tenant_prod_acme"),
          Map.entry("SUNDAE_DB_PASSWORD", "pw"));

  @EnableConfigurationProperties(ChatProperties.class)
  static class PropertiesOnly {}

  @Test
  void servesTheTenantOfTheOperatorsVariablesInKubernetes() {
    try (ConfigurableApplicationContext context = start("kubernetes")) {
      List<TenantConfig> tenants = context.getBean(ChatProperties.class).tenants();

      assertThat(tenants).hasSize(1);
      TenantConfig acme = tenants.get(0);
      assertThat(acme.environment()).isEqualTo("prod");
      assertThat(acme.name()).isEqualTo("acme");
      assertThat(acme.issuer()).isEqualTo("https://id.acme.example/realms/acme");
      assertThat(acme.rolesClaim())
          .as("no SUNDAE_OIDC_ROLES_CLAIM: the default")
          .isEqualTo(CallerRole.DEFAULT_CLAIM);
      assertThat(acme.flavours()).containsExactly("strawberry", "pistachio", "chocolate");
      assertThat(acme.storage().endpoint()).as("AWS S3: no endpoint override").isEmpty();
      assertThat(acme.storage().region()).isEqualTo("us-east-1");
      assertThat(acme.storage().bucket()).isEqualTo("sundae-prod-acme");
      assertThat(acme.storage().secretKey()).isEqualTo("secret-acme");
      assertThat(acme.queue().region()).isEqualTo("eu-west-1");
      assertThat(acme.queue().deadLetterUrl()).endsWith("/prod-acme-dlq");
      assertThat(acme.database().schema()).isEqualTo("tenant_prod_acme");
      assertThat(acme.database().password()).isEqualTo("pw");
      assertThat(acme.model().uri()).isEqualTo("s3://models/flavours.pt");
      assertThat(acme.model().version()).isEqualTo("7");
    }
  }

  @Test
  void ignoresTheVariablesOutsideKubernetes() {
    try (ConfigurableApplicationContext context = start("none")) {
      assertThat(context.getBean(ChatProperties.class).tenants()).isEmpty();
    }
  }

  private static ConfigurableApplicationContext start(String cloudPlatform) {
    List<String> args = new ArrayList<>();
    args.add("--spring.main.cloud-platform=" + cloudPlatform);
    OPERATOR_VARIABLES.forEach((name, value) -> args.add("--" + name + "=" + value));
    return new SpringApplicationBuilder(PropertiesOnly.class)
        .web(WebApplicationType.NONE)
        .run(args.toArray(String[]::new));
  }
}
