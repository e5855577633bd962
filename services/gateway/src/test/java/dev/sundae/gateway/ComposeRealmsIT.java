package dev.sundae.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundae.tenancy.CallerRole;
import dev.sundae.testing.compose.ComposeFile;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.oidc.KeycloakServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Keycloak realms docker-compose.yml imports (hack/compose/keycloak/), imported into a real
 * Keycloak: each Tenant compose serves (examples/, which its provision job reads) has its realm,
 * whose register client gets a token with the audience the gateway expects, and whose members (ana,
 * ben) sign in through the public client "community" with the same audience; each with its roles
 * (CallerRole): the register's service account, the members, a moderator (ben) and an analyst
 * (carla, through "dashboard"). The files hold no secret: Keycloak's import fills their {@code
 * ${VAR}} placeholders from variables the compose file gives the keycloak service (and requires);
 * here they are filled the same way, with values made up for the test.
 */
@WithKeycloak
class ComposeRealmsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

  @Test
  void everyTenantsRealmIssuesRegisterAndMemberTokensForTheServices(KeycloakServer keycloak)
      throws Exception {
    ComposeFile compose = ComposeFile.ofRepository();
    Map<String, String> keycloakService = compose.service("keycloak").environment();
    Map<String, String> values = new HashMap<>();
    int tenants = 0;
    for (Map<String, Object> tenant : compose.tenants()) {
      tenants++;
      Map<?, ?> identity = (Map<?, ?>) ((Map<?, ?>) tenant.get("spec")).get("identity");
      String issuer = identity.get("issuer").toString();
      String audience = identity.get("audience").toString();
      String realm = issuer.substring(issuer.lastIndexOf('/') + 1);
      String file = Files.readString(Path.of("../../hack/compose/keycloak/" + realm + ".json"));
      Matcher placeholders = PLACEHOLDER.matcher(file);
      StringBuilder filled = new StringBuilder();
      while (placeholders.find()) {
        String variable = placeholders.group(1);
        assertThat(keycloakService)
            .as("the keycloak service sets %s for %s.json", variable, realm)
            .containsEntry(variable, "<" + variable + ">");
        placeholders.appendReplacement(
            filled, values.computeIfAbsent(variable, v -> UUID.randomUUID().toString()));
      }
      placeholders.appendTail(filled);
      Map<String, Object> representation =
          JSON.readValue(filled.toString(), new TypeReference<>() {});
      assertThat(representation).containsEntry("realm", realm);
      // the test Keycloak is shared by the whole test run: a name no other test uses
      String imported = "compose-" + realm;
      representation.put("realm", imported);
      keycloak.importRealm(representation);

      String registerSecret = values.get("SUNDAE_" + realm.toUpperCase() + "_REGISTER_SECRET");
      assertThat(registerSecret)
          .as("the register secret's placeholder in %s.json", realm)
          .isNotNull();
      JsonNode register =
          claims(keycloak.clientCredentialsToken(imported, "register", registerSecret));
      assertThat(register.get("iss").asText()).isEqualTo(keycloak.issuer(imported));
      assertThat(register.get("aud").toString()).contains("\"" + audience + "\"");
      assertThat(roles(register))
          .as("the register's roles")
          .contains(CallerRole.REGISTER)
          .hasSize(1);

      for (String member : new String[] {"ana", "ben"}) {
        JsonNode claims =
            claims(
                keycloak.passwordToken(
                    imported, "community", "", member, values.get("SUNDAE_MEMBER_PASSWORD")));
        assertThat(claims.get("preferred_username").asText()).isEqualTo(member);
        assertThat(claims.get("aud").toString()).contains("\"" + audience + "\"");
        assertThat(roles(claims))
            .as("%s's roles", member)
            .contains(CallerRole.MEMBER)
            .doesNotContain(CallerRole.REGISTER, CallerRole.ANALYST);
      }
      JsonNode analyst =
          claims(
              keycloak.passwordToken(
                  imported, "dashboard", "", "carla", values.get("SUNDAE_MEMBER_PASSWORD")));
      assertThat(roles(analyst)).as("carla's roles").containsExactly(CallerRole.ANALYST);
      assertThat(analyst.get("aud").toString()).contains("\"" + audience + "\"");
    }
    assertThat(tenants).isEqualTo(2);
  }

  private static Set<CallerRole> roles(JsonNode claims) {
    return CallerRole.granted(
        JSON.convertValue(claims, new TypeReference<Map<String, Object>>() {}),
        CallerRole.DEFAULT_CLAIM);
  }

  private static JsonNode claims(String token) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
  }
}
