package dev.sundae.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundae.testing.compose.ComposeFile;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.oidc.KeycloakServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Keycloak realms docker-compose.yml imports (hack/compose/keycloak/), imported into a real
 * Keycloak: each tenant the gateway serves there has its realm, whose register client gets a token
 * with the audience the gateway expects.
 */
@WithKeycloak
class ComposeRealmsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyTenantsRealmIssuesRegisterTokensForTheGateway(KeycloakServer keycloak)
      throws Exception {
    Map<String, String> gateway = ComposeFile.ofRepository().service("gateway").environment();
    int tenants = 0;
    for (int i = 0; gateway.containsKey("SUNDAE_TENANTS_" + i + "_NAME"); i++, tenants++) {
      String issuer = gateway.get("SUNDAE_TENANTS_" + i + "_ISSUER");
      String realm = issuer.substring(issuer.lastIndexOf('/') + 1);
      Map<String, Object> representation =
          JSON.readValue(
              Files.readString(Path.of("../../hack/compose/keycloak/" + realm + ".json")),
              new TypeReference<>() {});
      assertThat(representation).containsEntry("realm", realm);
      // the test Keycloak is shared by the whole test run: a name no other test uses
      String imported = "compose-" + realm;
      representation.put("realm", imported);
      keycloak.importRealm(representation);

      String token =
          keycloak.clientCredentialsToken(imported, "register", realm + "-register-secret");
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
      assertThat(claims.get("iss").asText()).isEqualTo(keycloak.issuer(imported));
      assertThat(claims.get("aud").toString())
          .contains("\"" + gateway.get("SUNDAE_TENANTS_" + i + "_AUDIENCE") + "\"");
    }
    assertThat(tenants).isEqualTo(2);
  }
}
