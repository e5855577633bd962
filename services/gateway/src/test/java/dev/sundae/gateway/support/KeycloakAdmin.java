package dev.sundae.gateway.support;

import dev.sundae.testing.oidc.KeycloakServer;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keycloak admin calls that {@link KeycloakServer} does not offer yet: a client whose tokens expire
 * within seconds, to prove that the gateway refuses expired tokens without waiting Keycloak's
 * default five minutes.
 *
 * <p>KeycloakServer keeps its admin password private; until sundae-testing offers a way to set a
 * token lifespan, it is read by reflection here, and this class should then go.
 */
public final class KeycloakAdmin {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private KeycloakAdmin() {}

  /** A client of {@code realm} like KeycloakServer's, whose access tokens last {@code seconds}. */
  public static void createShortLivedClient(
      KeycloakServer keycloak,
      String realm,
      String clientId,
      String secret,
      String audience,
      int seconds)
      throws Exception {
    Map<String, Object> client =
        Map.of(
            "clientId",
            clientId,
            "secret",
            secret,
            "enabled",
            true,
            "publicClient",
            false,
            "serviceAccountsEnabled",
            true,
            "standardFlowEnabled",
            false,
            "attributes",
            Map.of("access.token.lifespan", Integer.toString(seconds)),
            "protocolMappers",
            List.of(
                Map.of(
                    "name", "audience",
                    "protocol", "openid-connect",
                    "protocolMapper", "oidc-audience-mapper",
                    "config",
                        Map.of(
                            "included.custom.audience", audience, "access.token.claim", "true"))));
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(keycloak.endpoint() + "/admin/realms/" + realm + "/clients"))
            .header("Authorization", "Bearer " + adminToken(keycloak))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(client)))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("Keycloak refused the client: " + response.body());
    }
  }

  private static String adminToken(KeycloakServer keycloak) throws Exception {
    Field password = KeycloakServer.class.getDeclaredField("adminPassword");
    password.setAccessible(true);
    Field user = KeycloakServer.class.getDeclaredField("ADMIN");
    user.setAccessible(true);
    String form =
        "grant_type=password&client_id=admin-cli&username="
            + URLEncoder.encode((String) user.get(null), StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode((String) password.get(keycloak), StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(keycloak.issuer("master") + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).path("access_token").asString();
  }
}
