package dev.sundae.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenantDirectoryTest {

  @Test
  void findsATenantByNameIssuerAndBucket() {
    TenantDirectory directory =
        new TenantDirectory(List.of(tenant("acme", "https://id.acme", "acme-frames")));
    assertThat(directory.byIssuer("https://id.acme")).map(TenantConfig::name).contains("acme");
    assertThat(directory.byBucket("acme-frames")).map(TenantConfig::name).contains("acme");
    assertThat(directory.byName("other")).isEmpty();
  }

  @Test
  void leavesOutTheSecondOfTwoTenantsSharingAnIssuerABucketOrANameAndServesTheRest() {
    TenantDirectory directory =
        new TenantDirectory(
            List.of(
                tenant("a", "https://a", "a-frames"),
                tenant("b", "https://a", "b-frames"),
                tenant("c", "https://c", "a-frames"),
                tenant("a", "https://d", "d-frames"),
                tenant("e", "https://e", "e-frames")));

    assertThat(directory.all()).extracting(TenantConfig::name).containsExactly("a", "e");
    assertThat(directory.byIssuer("https://a")).map(TenantConfig::name).contains("a");
    assertThat(directory.byBucket("b-frames")).isEmpty();
    assertThat(directory.byIssuer("https://d")).isEmpty();
    assertThat(directory.byBucket("a-frames")).map(TenantConfig::name).contains("a");
  }

  @Test
  void acceptsTenantsWithoutIssuerForServicesThatCheckNoTokens() {
    TenantDirectory directory =
        new TenantDirectory(List.of(tenant("a", null, "a-frames"), tenant("b", null, "b-frames")));
    assertThat(directory.all()).hasSize(2);
    assertThat(directory.byBucket("b-frames")).map(TenantConfig::name).contains("b");
  }

  private static TenantConfig tenant(String name, String issuer, String bucket) {
    return new TenantConfig(
        "dev",
        name,
        issuer,
        "registers",
        null,
        List.of("vanilla", "chocolate", "strawberry"),
        new TenantConfig.Storage("http://127.0.0.1:9000", "us-east-1", bucket, "k", "s"),
        new TenantConfig.Queue("http://127.0.0.1:9324", "elasticmq", "q", "dlq"),
        new TenantConfig.Database("jdbc:postgresql://127.0.0.1/sundae", name, name, "p"),
        new TenantConfig.Model("classpath:model/reference/model.pt", "1", null),
        null,
        null,
        null);
  }
}
