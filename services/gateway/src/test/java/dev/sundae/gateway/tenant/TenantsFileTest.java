package dev.sundae.gateway.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.gateway.GatewayProperties;
import dev.sundae.tenancy.TenantConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * In Kubernetes the operator mounts the gateway's tenants as a file in the shape below (camelCase
 * keys, absent values left out; see the operator's GatewayTenants and KubernetesRuntimeIT) and
 * points SPRING_CONFIG_ADDITIONAL_LOCATION at it. The gateway's real application.yaml is loaded.
 */
class TenantsFileTest {

  static final String RENDERED =
      """
      sundae:
        tenants:
        - environment: "prod"
          name: "acme"
          issuer: "https://id.acme.example/realms/acme"
          audience: "sundae"
          flavours:
          - "strawberry"
          - "pistachio"
          storage:
            region: "eu-west-1"
            bucket: "sundae-prod-acme"
            accessKey: "AKIA-acme"
            secretKey: "secret-acme"
          queue:
            region: "eu-west-1"
            url: "https://sqs.eu-west-1.amazonaws.com/1/prod-acme"
            deadLetterUrl: "https://sqs.eu-west-1.amazonaws.com/1/prod-acme-dlq"
          database:
            jdbcUrl: "jdbc:postgresql://db/sundae"
            schema: "tenant_prod_acme"
            username: "tenant_prod_acme"
            password: "pw"
          model:
            uri: "s3://models/flavours.pt"
            version: "7"
      """;

  @EnableConfigurationProperties(GatewayProperties.class)
  static class PropertiesOnly {}

  @Test
  void bindsTheTenantsTheOperatorRenders(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("tenants.yaml"), RENDERED);
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(PropertiesOnly.class)
            .web(WebApplicationType.NONE)
            .run("--spring.config.additional-location=file:" + file)) {
      var tenants = context.getBean(GatewayProperties.class).tenants();

      assertThat(tenants).hasSize(1);
      TenantConfig acme = tenants.get(0);
      assertThat(acme.name()).isEqualTo("acme");
      assertThat(acme.flavours()).containsExactly("strawberry", "pistachio");
      assertThat(acme.storage().endpoint()).as("left out: AWS").isNull();
      assertThat(acme.storage().accessKey()).isEqualTo("AKIA-acme");
      assertThat(acme.storage().secretKey()).isEqualTo("secret-acme");
      assertThat(acme.queue().deadLetterUrl()).endsWith("-dlq");
      assertThat(acme.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db/sundae");
      assertThat(acme.database().schema()).isEqualTo("tenant_prod_acme");
    }
  }
}
