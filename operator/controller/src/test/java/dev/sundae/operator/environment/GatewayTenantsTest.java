package dev.sundae.operator.environment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sundae.operator.api.CandidateModelSpec;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.Flavour;
import dev.sundae.operator.api.IdentitySpec;
import dev.sundae.operator.api.InferenceSpec;
import dev.sundae.operator.api.ModelStatus;
import dev.sundae.operator.api.ObjectStoreSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantSpec;
import dev.sundae.operator.api.TenantStatus;
import dev.sundae.tenancy.CallerRole;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayTenantsTest {

  @Test
  void rendersProvisionedTenantsOnlyInNameOrderWithThePublicEndpoint() throws Exception {
    Environment prod = environment("https://frames.sundae.example");
    Map<String, Secret> secrets =
        Map.of(
            "prod-gelato", credentials("sundae-prod-gelato", "jdbc:postgresql://db/sundae"),
            "prod-acme", credentials("sundae-prod-acme", "jdbc:postgresql://db/sundae"));

    Tenant gelato = tenant("gelato");
    gelato.getSpec().getIdentity().setRolesClaim("https://gelato.example/roles");
    gelato
        .getSpec()
        .setFlavours(
            List.of(
                new Flavour("strawberry", "Wild Strawberry", "#f4a6c0"),
                new Flavour("lemon", null, null)));

    String yaml =
        GatewayTenants.render(
            prod,
            List.of(gelato, tenant("late"), tenant("acme")),
            namespace -> Optional.ofNullable(secrets.get(namespace)));

    // JSON (so YAML too): the local run reads it back with Python's json module
    JsonNode sundae = new ObjectMapper().readTree(yaml).path("sundae");
    assertThat(sundae.path("uploads").path("publicEndpoint").asText())
        .isEqualTo("https://frames.sundae.example");
    JsonNode tenants = sundae.path("tenants");
    assertThat(tenants).hasSize(2);
    assertThat(tenants.get(0).path("name").asText()).isEqualTo("acme");
    assertThat(tenants.get(0).path("storage").path("bucket").asText())
        .isEqualTo("sundae-prod-acme");
    assertThat(tenants.get(0).path("storage").has("endpoint"))
        .as("absent values are left out")
        .isFalse();
    assertThat(tenants.get(1).path("name").asText()).isEqualTo("gelato");
    assertThat(tenants.get(1).path("flavours").get(0).asText()).isEqualTo("strawberry");
    // the apps' look of the catalogue (GET /v1/catalogue): names for people and colours
    assertThat(tenants.get(1).path("looks").get(0).path("displayName").asText())
        .isEqualTo("Wild Strawberry");
    assertThat(tenants.get(1).path("looks").get(0).path("colour").asText()).isEqualTo("#f4a6c0");
    assertThat(tenants.get(1).path("looks").get(1).path("displayName").asText())
        .as("no display name: the name")
        .isEqualTo("lemon");
    assertThat(tenants.get(1).path("looks").get(1).has("colour")).isFalse();
    assertThat(tenants.get(0).path("rolesClaim").asText())
        .as("the services' default, which TenantConfig fills in")
        .isEqualTo(CallerRole.DEFAULT_CLAIM);
    assertThat(tenants.get(0).has("model")).as("a Tenant without inference").isFalse();
    assertThat(tenants.get(1).path("rolesClaim").asText())
        .isEqualTo("https://gelato.example/roles");
  }

  @Test
  void leavesOutATenantWhoseIssuerAnOlderTenantHas() throws Exception {
    Tenant acme = tenant("acme");
    acme.getMetadata().setCreationTimestamp("2026-01-01T00:00:00Z");
    Tenant copycat = tenant("copycat");
    copycat.getMetadata().setCreationTimestamp("2026-02-01T00:00:00Z");
    copycat.getSpec().getIdentity().setIssuer(acme.getSpec().getIdentity().getIssuer());

    String yaml =
        GatewayTenants.render(
            environment(null),
            List.of(copycat, acme),
            namespace -> Optional.of(credentials("bucket-" + namespace, "jdbc:postgresql://db/s")));

    JsonNode tenants = new YAMLMapper().readTree(yaml).path("sundae").path("tenants");
    assertThat(tenants).hasSize(1);
    assertThat(tenants.get(0).path("name").asText()).isEqualTo("acme");
  }

  @Test
  void leavesTheUploadsOutWithoutAPublicEndpoint() {
    String rendered =
        GatewayTenants.render(
            environment(null), List.of(tenant("acme")), ns -> Optional.of(credentials("a", "x")));

    assertThat(rendered).contains("acme").doesNotContain("uploads");
  }

  @Test
  void rendersTheModelTheWorkersServeForWorkersItDoesNotRunOnly() throws Exception {
    Tenant acme = tenant("acme");
    InferenceSpec inference = new InferenceSpec();
    inference.setModelUri("s3://models/v1.pt");
    inference.setModelVersion("v1");
    CandidateModelSpec candidate = new CandidateModelSpec();
    candidate.setModelUri("s3://models/v2.pt");
    candidate.setModelVersion("v2");
    candidate.setMode(CandidateModelSpec.Mode.Shadow);
    inference.setCandidate(candidate);
    acme.getSpec().setInference(inference);
    Environment external = environment(null);
    external.getSpec().setRuntime(EnvironmentSpec.Runtime.EXTERNAL);
    Environment kubernetes = environment(null);
    kubernetes.getSpec().setRuntime(EnvironmentSpec.Runtime.KUBERNETES);

    // undecided: the processes get the candidate beside the model
    JsonNode trial = model(external, acme);
    assertThat(trial.path("uri").asText()).isEqualTo("s3://models/v1.pt");
    assertThat(trial.path("candidate").path("version").asText()).isEqualTo("v2");
    assertThat(trial.path("candidate").path("mode").asText()).isEqualTo("SHADOW");
    // the Deployments have it already: the gateway's file stays as it was, so it does not roll
    assertThat(model(kubernetes, acme).has("candidate")).isFalse();

    // promoted: the candidate in the model's place, in the processes' file only
    ModelStatus.CandidateStatus promoted = new ModelStatus.CandidateStatus();
    promoted.setVersion("v2");
    promoted.setMode(CandidateModelSpec.Mode.Shadow);
    promoted.setPhase(ModelStatus.CandidateStatus.Phase.Promoted);
    ModelStatus status = new ModelStatus();
    status.setCandidate(promoted);
    acme.setStatus(new TenantStatus());
    acme.getStatus().setModel(status);
    JsonNode decided = model(external, acme);
    assertThat(decided.path("version").asText()).isEqualTo("v2");
    assertThat(decided.has("candidate")).isFalse();
    assertThat(model(kubernetes, acme).path("version").asText()).isEqualTo("v1");

    // rolled back: the model alone
    promoted.setPhase(ModelStatus.CandidateStatus.Phase.RolledBack);
    assertThat(model(external, acme).path("version").asText()).isEqualTo("v1");
    assertThat(model(external, acme).has("candidate")).isFalse();
  }

  private static JsonNode model(Environment environment, Tenant tenant) throws Exception {
    String yaml =
        GatewayTenants.render(
            environment,
            List.of(tenant),
            namespace -> Optional.of(credentials("b", "jdbc:postgresql://db/s")));
    return new ObjectMapper().readTree(yaml).path("sundae").path("tenants").get(0).path("model");
  }

  private static Environment environment(String publicEndpoint) {
    ObjectStoreSpec store = new ObjectStoreSpec();
    store.setPublicEndpoint(publicEndpoint);
    EnvironmentSpec spec = new EnvironmentSpec();
    spec.setObjectStore(store);
    Environment environment = new Environment();
    environment.setMetadata(new ObjectMetaBuilder().withName("prod").build());
    environment.setSpec(spec);
    return environment;
  }

  private static Tenant tenant(String name) {
    IdentitySpec identity = new IdentitySpec();
    identity.setIssuer("https://id.example/realms/" + name);
    identity.setAudience("sundae");
    Flavour strawberry = new Flavour();
    strawberry.setName("strawberry");
    TenantSpec spec = new TenantSpec();
    spec.setIdentity(identity);
    spec.setFlavours(List.of(strawberry));
    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("prod").build());
    tenant.setSpec(spec);
    return tenant;
  }

  private static Secret credentials(String bucket, String jdbcUrl) {
    return new SecretBuilder()
        .addToData("SUNDAE_S3_BUCKET", encoded(bucket))
        .addToData("SUNDAE_DB_URL", encoded(jdbcUrl))
        .build();
  }

  private static String encoded(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
