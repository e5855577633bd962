package dev.sundae.testing.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerCommands;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.TestServer;
import dev.sundae.testing.Tools;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A real Keycloak (its Maven Central distribution, pre-built by hack/bootstrap.sh) on free loopback
 * ports. Each realm is one OIDC issuer: {@code <endpoint>/realms/<realm>}. Realms, clients and
 * users are created through Keycloak's admin REST API.
 */
public final class KeycloakServer implements TestServer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "sundae-admin";

  private final int port = ServerProcess.freePort();
  private final int managementPort = ServerProcess.freePort();
  private final String adminPassword = UUID.randomUUID().toString();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Path dataDir;
  private ServerProcess process;

  @Override
  public void start() throws IOException {
    Tools tools = Tools.get();
    dataDir = Files.createTempDirectory("sundae-keycloak-");
    Map<String, String> environment =
        new HashMap<>(ServerCommands.keycloakEnvironment(tools, ADMIN));
    environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
    List<String> command =
        ServerCommands.keycloak(tools, port, managementPort, dataDir, Optional.empty());
    process = new ServerProcess("keycloak", command, environment).start();
    process.awaitReady(
        Duration.ofSeconds(180),
        () -> Probes.httpOk("http://127.0.0.1:" + managementPort + "/health/ready"));
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
    TestServer.deleteRecursively(dataDir);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The bootstrap administrator of the master realm (for scripts that use the admin API). */
  public String adminUser() {
    return ADMIN;
  }

  public String adminPassword() {
    return adminPassword;
  }

  /** The OIDC issuer URL of {@code realm}, as it appears in the tokens' {@code iss} claim. */
  public String issuer(String realm) {
    return endpoint() + "/realms/" + realm;
  }

  @Override
  public List<Path> logs() {
    return process == null ? List.of() : List.of(process.logFile());
  }

  /** Imports a realm from its JSON representation (as {@code kc.sh import} reads it). */
  public void importRealm(Map<String, Object> representation) {
    admin("POST", "/admin/realms", representation);
  }

  /** Creates an empty, enabled realm: one more OIDC issuer. */
  public void createRealm(String realm) {
    admin("POST", "/admin/realms", Map.of("realm", realm, "enabled", true));
  }

  /**
   * Creates a confidential client that gets tokens for itself (client credentials) and for its
   * users (password grant), whose access tokens carry {@code audience} in {@code aud}.
   */
  public void createClient(String realm, String clientId, String secret, String audience) {
    createClient(realm, clientId, secret, audience, Optional.empty());
  }

  /**
   * Like {@link #createClient(String, String, String, String)}, with access tokens that last {@code
   * tokenLifespan} (Keycloak's default: five minutes), e.g. to see an expired token refused.
   */
  public void createClient(
      String realm,
      String clientId,
      String secret,
      String audience,
      Optional<Duration> tokenLifespan) {
    Map<String, Object> audienceMapper =
        Map.of(
            "name",
            "audience",
            "protocol",
            "openid-connect",
            "protocolMapper",
            "oidc-audience-mapper",
            "config",
            Map.of(
                "included.custom.audience", audience,
                "access.token.claim", "true",
                "id.token.claim", "false"));
    Map<String, Object> client = new HashMap<>();
    client.put("clientId", clientId);
    client.put("secret", secret);
    client.put("enabled", true);
    client.put("publicClient", false);
    client.put("serviceAccountsEnabled", true);
    client.put("directAccessGrantsEnabled", true);
    client.put("standardFlowEnabled", false);
    client.put("protocolMappers", List.of(audienceMapper));
    tokenLifespan.ifPresent(
        lifespan ->
            client.put(
                "attributes",
                Map.of("access.token.lifespan", Long.toString(lifespan.toSeconds()))));
    admin("POST", "/admin/realms/" + realm + "/clients", client);
  }

  /** As {@link #createUser(String, String, String)}, then grants it {@code realmRoles}. */
  public void createUser(String realm, String username, String password, String... realmRoles) {
    createUser(realm, username, password);
    if (realmRoles.length > 0) {
      grantRealmRoles(realm, username, realmRoles);
    }
  }

  /** Creates a user with a complete profile, so that Keycloak lets it sign in at once. */
  public void createUser(String realm, String username, String password) {
    Map<String, Object> user = new HashMap<>();
    user.put("username", username);
    user.put("enabled", true);
    user.put("email", username + "@example.org");
    user.put("emailVerified", true);
    user.put("firstName", username);
    user.put("lastName", realm);
    user.put(
        "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false)));
    admin("POST", "/admin/realms/" + realm + "/users", user);
  }

  /**
   * Grants {@code username} the realm roles {@code roles}, creating those the realm lacks (safe
   * from several threads at once); they appear in its access tokens' {@code realm_access.roles}. A
   * client's own tokens (client credentials) are its service account's: {@code
   * service-account-<clientId>}.
   */
  public void grantRealmRoles(String realm, String username, String... roles) {
    List<Object> representations = new ArrayList<>();
    for (String role : roles) {
      String path = "/admin/realms/" + realm + "/roles/" + role;
      JsonNode existing = admin("GET", path, null, 200, 404);
      if (existing.isNull() || !existing.has("id")) {
        // 409: another thread granting the same role created it first
        admin("POST", "/admin/realms/" + realm + "/roles", Map.of("name", role), 201, 409);
        existing = admin("GET", path, null, 200);
      }
      representations.add(existing);
    }
    JsonNode users =
        admin(
            "GET",
            "/admin/realms/"
                + realm
                + "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8),
            null,
            200);
    if (users.size() != 1) {
      throw new IllegalStateException("No user " + username + " in realm " + realm);
    }
    admin(
        "POST",
        "/admin/realms/"
            + realm
            + "/users/"
            + users.get(0).get("id").asText()
            + "/role-mappings/realm",
        representations,
        204);
  }

  /** An access token (a JWT) for the client itself, as a machine such as a register gets one. */
  public String clientCredentialsToken(String realm, String clientId, String secret) {
    return token(
        realm,
        Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
  }

  /** An access token (a JWT) for a user signing in through {@code clientId}. */
  public String passwordToken(
      String realm, String clientId, String secret, String username, String password) {
    return token(
        realm,
        Map.of(
            "grant_type", "password",
            "client_id", clientId,
            "client_secret", secret,
            "username", username,
            "password", password,
            "scope", "openid"));
  }

  private String token(String realm, Map<String, String> form) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
            .build();
    JsonNode body = send(request, 200);
    return body.get("access_token").asText();
  }

  private void admin(String method, String path, Object body) {
    admin(method, path, body, 201);
  }

  /** The answer's JSON (null for an empty body) when its status is one of {@code expected}. */
  private JsonNode admin(String method, String path, Object body, int... expected) {
    String adminToken =
        token(
            "master",
            Map.of(
                "grant_type",
                "password",
                "client_id",
                "admin-cli",
                "username",
                ADMIN,
                "password",
                adminPassword));
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(endpoint() + path))
              .header("Authorization", "Bearer " + adminToken)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build();
      return send(request, expected);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode send(HttpRequest request, int... expectedStatus) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (Arrays.stream(expectedStatus).noneMatch(s -> s == response.statusCode())) {
        throw new IllegalStateException(
            request.method()
                + " "
                + request.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      String text = response.body();
      return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("Keycloak did not answer " + request.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String formEncode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
