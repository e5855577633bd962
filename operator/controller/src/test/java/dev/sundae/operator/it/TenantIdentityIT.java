package dev.sundae.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.operator.api.ConditionReasons;
import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantStatus;
import dev.sundae.operator.api.TrustSpec;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKubernetes;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.kubernetes.KubeControlPlane;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One Tenant cannot stop the shared gateway or take another's tokens: a Tenant naming an issuer the
 * Environment does not trust, or one an older Tenant already has, is refused with a condition that
 * says why, and nothing is provisioned for it; once the older Tenant is gone, it goes on.
 */
@WithKubernetes
@WithMinio
@WithElasticMq
@WithPostgres
class TenantIdentityIT {

  private static final String ENV = "ids";
  private static final String REALMS = "http://127.0.0.1:8080/realms/";
  private static final Duration REFUSAL = Duration.ofSeconds(60);
  private static Platform platform;

  @BeforeAll
  static void start(
      KubeControlPlane cluster, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres) {
    platform = Platform.start(cluster, minio, sqs, postgres, Duration.ofSeconds(5));
    TrustSpec trust = new TrustSpec();
    trust.setTrustedIssuers(List.of(REALMS, "https://id.gelato.example/realms/gelato"));
    // Trust is part of the created spec: an edit after creation races the operator's own
    // writes to the Environment (finalizer, status) and fails with 409 Conflict now and then.
    platform.createEnvironment(
        ENV, EnvironmentSpec.Runtime.EXTERNAL, spec -> spec.setIdentity(trust));
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void refusesAnIssuerTheEnvironmentDoesNotTrust() {
    platform.createTenant(
        ENV, "stranger", spec -> spec.getIdentity().setIssuer("https://evil.example/realms/x"));

    Tenant refused = awaitRefused("stranger", ConditionReasons.ISSUER_NOT_TRUSTED);

    assertThat(ready(refused).getMessage()).contains("https://evil.example/realms/x", ENV);
    assertThat(refused.getStatus().getBucket()).isNull();
    assertThat(platform.client.namespaces().withName(ENV + "-stranger").get()).isNull();
  }

  @Test
  void servesAnIssuerOnlyForItsOldestTenantAndHandsItOnWhenThatOneGoes() {
    String shared = REALMS + "shared";
    platform.createTenant(ENV, "first", spec -> spec.getIdentity().setIssuer(shared));
    platform.awaitReady(ENV, "first");
    platform.createTenant(ENV, "second", spec -> spec.getIdentity().setIssuer(shared));

    Tenant refused = awaitRefused("second", ConditionReasons.ISSUER_IN_USE);
    assertThat(ready(refused).getMessage()).contains("Tenant first", shared);
    assertThat(platform.client.namespaces().withName(ENV + "-second").get()).isNull();
    assertThat(platform.tenant(ENV, "first").getStatus().getConditions())
        .as("the older Tenant is untouched")
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo(TenantStatus.READY);
              assertThat(c.getStatus()).isEqualTo(Conditions.TRUE);
            });

    platform.client.resources(Tenant.class).inNamespace(ENV).withName("first").delete();

    // re-checked every 30 s while refused
    platform.awaitCondition(
        ENV, "second", TenantStatus.READY, Conditions.TRUE, Duration.ofSeconds(120));
  }

  private static Tenant awaitRefused(String name, String reason) {
    return platform.awaitTenant(
        ENV,
        name,
        REFUSAL,
        t ->
            t.getStatus() != null
                && Conditions.find(t.getStatus().getConditions(), TenantStatus.READY)
                    .map(
                        c -> Conditions.FALSE.equals(c.getStatus()) && reason.equals(c.getReason()))
                    .orElse(false));
  }

  private static io.fabric8.kubernetes.api.model.Condition ready(Tenant tenant) {
    return Conditions.find(tenant.getStatus().getConditions(), TenantStatus.READY).orElseThrow();
  }
}
