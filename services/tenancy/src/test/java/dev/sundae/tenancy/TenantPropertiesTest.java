package dev.sundae.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.ClassPathResource;

class TenantPropertiesTest {

  private static final TenantConfig ACME =
      new TenantConfig(
          "dev",
          "acme",
          "https://issuer.example/realms/acme",
          "sundae",
          "sundae.roles",
          List.of("vanilla", "mint"),
          new TenantConfig.Storage("https://s3", "eu-west-1", "b", "ak", "sk"),
          new TenantConfig.Queue("https://sqs", "eu-west-1", "https://sqs/q", "https://sqs/dlq"),
          new TenantConfig.Database("jdbc:postgresql://db/sundae", "tenant_acme", "r", "pw"),
          new TenantConfig.Model(
              "file:///m.pt",
              "v1",
              new TenantConfig.Candidate(
                  "s3://models/m2.pt", "v2", TenantConfig.Candidate.Mode.SHADOW, 10)),
          new TenantConfig.Holdout(5, 14),
          new TenantConfig.Learning(10),
          null);

  @Test
  void keysAreTheRecordsComponentsInKebabCase() {
    assertThat(TenantProperties.keys())
        .startsWith("environment", "name", "issuer", "audience", "roles-claim", "flavours")
        .contains("storage.access-key", "queue.dead-letter-url", "database.jdbc-url")
        .endsWith(
            "model.uri",
            "model.version",
            "model.candidate.uri",
            "model.candidate.version",
            "model.candidate.mode",
            "model.candidate.percent",
            "holdout.percent",
            "holdout.best-seller-days",
            "learning.exploration-percent")
        .hasSize(28);
  }

  @Test
  void aRenderingBindsBackToTheSameTenantsAsTheServicesBindThem() {
    TenantConfig chatOnly =
        new TenantConfig(
            "dev",
            "gelato",
            "https://issuer.example/realms/gelato",
            "sundae",
            null,
            null,
            ACME.storage(),
            null,
            ACME.database(),
            null,
            null,
            null,
            null);
    Map<String, String> rendered = TenantProperties.of(List.of(ACME, chatOnly));
    assertThat(rendered)
        .containsEntry("sundae.tenants[0].flavours", "vanilla,mint")
        .containsEntry("sundae.tenants[0].queue.dead-letter-url", "https://sqs/dlq")
        .doesNotContainKey("sundae.tenants[1].queue.url");

    List<TenantConfig> bound =
        new Binder(new MapConfigurationPropertySource(rendered))
            .bind(TenantProperties.PREFIX, Bindable.listOf(TenantConfig.class))
            .get();
    assertThat(bound).containsExactly(ACME, chatOnly);
  }

  /** The Kubernetes form of the contract maps every variable onto a key of the record. */
  @Test
  void tenantFromKubernetesNamesEveryKeyAndNoOther() throws IOException {
    var sources =
        new YamlPropertySourceLoader()
            .load("k8s", new ClassPathResource("sundae/tenant-from-kubernetes.yaml"));
    Set<String> named = new TreeSet<>();
    for (var source : sources) {
      for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
        if (name.startsWith(TenantProperties.prefix(0))) {
          named.add(name.substring(TenantProperties.prefix(0).length()));
        }
      }
    }
    assertThat(named).containsExactlyInAnyOrderElementsOf(TenantProperties.keys());
  }
}
