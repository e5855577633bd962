package dev.sundae.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundae.testing.compose.ComposeFile;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.oidc.KeycloakServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The one realm definition ({@link TenantRealm}) in a real Keycloak: each principal it hands out
 * gets its role and the Tenant's audience; compose's realm files are its rendering; the script of
 * the local run and kind creates a realm from it and completes the realm of an earlier run.
 */
@WithKeycloak
class TenantRealmIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPOSITORY = Path.of("../..");

  @Test
  void eachPrincipalGetsItsRoleAndTheTenantsAudience(KeycloakServer keycloak) throws Exception {
    String realm = "realm-" + UUID.randomUUID().toString().substring(0, 8);
    keycloak.importRealm(
        TenantRealm.representation(
            realm, "sundae-x", "register-secret", TenantRealm.TOKEN_LIFESPAN, Optional.of("pw")));

    JsonNode register =
        claims(keycloak.clientCredentialsToken(realm, TenantRealm.REGISTER, "register-secret"));
    assertThat(register.get("iss").asText()).isEqualTo(keycloak.issuer(realm));
    assertThat(audiences(register)).contains("sundae-x");
    assertThat(roles(register)).containsExactly(CallerRole.REGISTER);
    // Keycloak reads its clock once for iat and once for exp, each rounded down to the second:
    // across a second's boundary the two are a second further apart (seen in CI: 901)
    assertThat(register.get("exp").asLong() - register.get("iat").asLong())
        .isBetween(
            TenantRealm.TOKEN_LIFESPAN.toSeconds(), TenantRealm.TOKEN_LIFESPAN.toSeconds() + 1);

    for (TenantRealm.Person person : TenantRealm.PEOPLE) {
      String client =
          person.roles().contains(CallerRole.ANALYST)
              ? TenantRealm.DASHBOARD
              : TenantRealm.COMMUNITY;
      JsonNode claims = claims(keycloak.passwordToken(realm, client, "", person.username(), "pw"));
      assertThat(claims.get("preferred_username").asText()).isEqualTo(person.username());
      assertThat(audiences(claims)).as(person.username()).contains("sundae-x");
      assertThat(roles(claims)).as(person.username()).isEqualTo(person.roles());
    }
    // a register's client signs nobody in with a password: people use the public clients
    assertThatThrownBy(
            () ->
                keycloak.passwordToken(realm, TenantRealm.REGISTER, "register-secret", "ana", "pw"))
        .hasMessageContaining("400");
  }

  /**
   * docker compose imports hack/compose/keycloak/REALM.json; each is the rendering of {@link
   * TenantRealm} for a Tenant compose serves, with placeholders for the secrets that the compose
   * file gives the keycloak service. {@code -Dsundae.realms.write=true} writes them again.
   */
  @Test
  void composeImportsTheRenderingOfEachTenantsRealm() throws Exception {
    ComposeFile compose = ComposeFile.ofRepository();
    Map<String, String> keycloakService = compose.service("keycloak").environment();
    List<String> realms = new ArrayList<>();
    for (Map<String, Object> tenant : compose.tenants()) {
      Map<?, ?> identity = (Map<?, ?>) ((Map<?, ?>) tenant.get("spec")).get("identity");
      String issuer = identity.get("issuer").toString();
      String realm = issuer.substring(issuer.lastIndexOf('/') + 1);
      String name = ((Map<?, ?>) tenant.get("metadata")).get("name").toString();
      // hack/local/keycloak-realms.sh (the local run, kind) is given tenant names only
      assertThat(realm + " " + identity.get("audience"))
          .as("the example Tenant %s names its realm and audience as keycloak-realms.sh does", name)
          .isEqualTo(name + " sundae-" + name);
      realms.add(realm + ".json");
      String secret = "SUNDAE_" + realm.toUpperCase(Locale.ROOT) + "_REGISTER_SECRET";
      for (String variable : List.of(secret, "SUNDAE_MEMBER_PASSWORD")) {
        assertThat(keycloakService)
            .as("the keycloak service sets %s for %s.json", variable, realm)
            .containsEntry(variable, "<" + variable + ">");
      }
      String rendering =
          TenantRealm.json(
              TenantRealm.representation(
                  realm,
                  identity.get("audience").toString(),
                  "${" + secret + "}",
                  TenantRealm.TOKEN_LIFESPAN,
                  Optional.of("${SUNDAE_MEMBER_PASSWORD}")));
      Path file = REPOSITORY.resolve("hack/compose/keycloak/" + realm + ".json");
      if (Boolean.getBoolean("sundae.realms.write")) {
        Files.writeString(file, rendering);
      }
      assertThat(Files.readString(file))
          .as(
              "%s is TenantRealm's rendering (write it again with -Dsundae.realms.write=true)",
              file)
          .isEqualTo(rendering);
    }
    try (var files = Files.list(REPOSITORY.resolve("hack/compose/keycloak"))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("a realm file for each Tenant of compose, and no other")
          .containsExactlyInAnyOrderElementsOf(realms);
    }
  }

  @Test
  void theScriptCreatesARealmAndCompletesOneOfAnEarlierRun(KeycloakServer keycloak)
      throws Exception {
    String fresh = "fresh-" + UUID.randomUUID().toString().substring(0, 8);
    String earlier = "earlier-" + UUID.randomUUID().toString().substring(0, 8);
    // an earlier run's realm: its register only (no people), with a secret of its own
    keycloak.importRealm(
        TenantRealm.representation(
            earlier, "sundae-" + earlier, "old-secret", TenantRealm.TOKEN_LIFESPAN));

    String output = realmsScript(keycloak, fresh + "=fresh-secret", earlier + "=new-secret");
    assertThat(output)
        .contains("realm " + fresh + " created")
        .contains("realm " + earlier + " kept, " + TenantRealm.PEOPLE.size() + " resources added");

    assertThat(
            roles(
                claims(
                    keycloak.clientCredentialsToken(fresh, TenantRealm.REGISTER, "fresh-secret"))))
        .containsExactly(CallerRole.REGISTER);
    assertThat(roles(claims(keycloak.passwordToken(fresh, TenantRealm.COMMUNITY, "", "ben", "pw"))))
        .isEqualTo(Set.of(CallerRole.MEMBER, CallerRole.MODERATOR));
    // what the earlier realm had stays as it was (its register's secret), what it lacked is added
    assertThat(
            audiences(
                claims(
                    keycloak.clientCredentialsToken(earlier, TenantRealm.REGISTER, "old-secret"))))
        .contains("sundae-" + earlier);
    assertThat(
            roles(
                claims(keycloak.passwordToken(earlier, TenantRealm.DASHBOARD, "", "carla", "pw"))))
        .containsExactly(CallerRole.ANALYST);

    assertThat(realmsScript(keycloak, earlier + "=new-secret"))
        .contains("realm " + earlier + " kept, 0 resources added");
  }

  private static String realmsScript(KeycloakServer keycloak, String... tenants)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(REPOSITORY.resolve("hack/local/keycloak-realms.sh").toString());
    command.add(keycloak.endpoint());
    command.add(keycloak.adminUser());
    command.add(keycloak.adminPassword());
    command.addAll(List.of(tenants));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SUNDAE_CLASSPATH", System.getProperty("java.class.path"));
    builder.environment().put("SUNDAE_MEMBER_PASSWORD", "pw");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
    return output;
  }

  private static Set<CallerRole> roles(JsonNode claims) {
    return CallerRole.granted(
        JSON.convertValue(claims, new TypeReference<Map<String, Object>>() {}),
        CallerRole.DEFAULT_CLAIM);
  }

  private static String audiences(JsonNode claims) {
    return claims.get("aud").toString();
  }

  private static JsonNode claims(String token) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
  }
}
