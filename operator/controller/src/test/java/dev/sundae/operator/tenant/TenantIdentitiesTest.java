package dev.sundae.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.operator.api.ConditionReasons;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.IdentitySpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantSpec;
import dev.sundae.operator.api.TrustSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantIdentitiesTest {

  @Test
  void anEnvironmentWithoutTrustedIssuersServesAnyIssuer() {
    Tenant acme = tenant("acme", "https://id.example/realms/acme", "2026-01-01T00:00:00Z");

    assertThat(TenantIdentities.refusal(acme, environment(), List.of(acme))).isEmpty();
  }

  @Test
  void trustsListedIssuersAndPrefixesEndingInASlashOnly() {
    Environment prod =
        environment("https://id.example/realms/", "https://login.gelato.example/gelato");
    List<String> served =
        List.of("https://id.example/realms/acme", "https://login.gelato.example/gelato");
    List<String> refused =
        List.of(
            "https://id.example/realmsx/acme",
            "https://login.gelato.example/gelato2",
            "https://evil.example/realms/acme");

    for (String issuer : served) {
      Tenant tenant = tenant("t", issuer, "2026-01-01T00:00:00Z");
      assertThat(TenantIdentities.refusal(tenant, prod, List.of(tenant))).as(issuer).isEmpty();
    }
    for (String issuer : refused) {
      Tenant tenant = tenant("t", issuer, "2026-01-01T00:00:00Z");
      assertThat(TenantIdentities.refusal(tenant, prod, List.of(tenant)))
          .as(issuer)
          .hasValueSatisfying(
              r -> assertThat(r.reason()).isEqualTo(ConditionReasons.ISSUER_NOT_TRUSTED));
    }
  }

  @Test
  void anIssuerBelongsToItsOldestTenantThenToTheFirstByName() {
    String issuer = "https://id.example/realms/shared";
    Tenant old = tenant("zebra", issuer, "2026-01-01T00:00:00Z");
    Tenant young = tenant("apple", issuer, "2026-02-01T00:00:00Z");
    Tenant twin = tenant("banana", issuer, "2026-02-01T00:00:00Z");
    Tenant other = tenant("other", "https://id.example/realms/other", "2026-03-01T00:00:00Z");
    List<Tenant> all = List.of(young, twin, old, other);

    assertThat(TenantIdentities.refusal(old, environment(), all)).isEmpty();
    assertThat(TenantIdentities.refusal(other, environment(), all)).isEmpty();
    assertThat(TenantIdentities.refusal(young, environment(), all))
        .hasValueSatisfying(
            r -> {
              assertThat(r.reason()).isEqualTo(ConditionReasons.ISSUER_IN_USE);
              assertThat(r.message()).contains("Tenant zebra");
            });
    assertThat(TenantIdentities.refusal(twin, environment(List.of()), List.of(young, twin)))
        .as("same age: the first by name keeps it")
        .hasValueSatisfying(r -> assertThat(r.message()).contains("Tenant apple"));
  }

  private static Environment environment(String... trusted) {
    return environment(List.of(trusted));
  }

  private static Environment environment(List<String> trusted) {
    EnvironmentSpec spec = new EnvironmentSpec();
    if (!trusted.isEmpty()) {
      TrustSpec trust = new TrustSpec();
      trust.setTrustedIssuers(trusted);
      spec.setIdentity(trust);
    }
    Environment environment = new Environment();
    environment.setMetadata(new ObjectMetaBuilder().withName("prod").build());
    environment.setSpec(spec);
    return environment;
  }

  private static Tenant tenant(String name, String issuer, String created) {
    TenantSpec spec = new TenantSpec();
    spec.setIdentity(new IdentitySpec(issuer, "sundae"));
    Tenant tenant = new Tenant();
    tenant.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace("prod")
            .withCreationTimestamp(created)
            .build());
    tenant.setSpec(spec);
    return tenant;
  }
}
