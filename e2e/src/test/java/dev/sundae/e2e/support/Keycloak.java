package dev.sundae.e2e.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/** Tokens from an OIDC issuer's token endpoint, as a register or a member's app gets them. */
final class Keycloak {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;

  /** {@code tls}: what the platform's issuers are trusted by (its CA where they serve HTTPS). */
  Keycloak(SSLContext tls) {
    http = HttpClient.newBuilder().sslContext(tls).build();
  }

  String clientCredentialsToken(String issuer, String clientId, String secret) {
    return token(
        issuer,
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(secret, StandardCharsets.UTF_8));
  }

  String passwordToken(String issuer, String clientId, String username, String password) {
    return token(
        issuer,
        "grant_type=password&client_id="
            + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8));
  }

  private String token(String issuer, String form) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            issuer + " refused a token: " + response.statusCode() + " " + response.body());
      }
      return JSON.readTree(response.body()).get("access_token").asText();
    } catch (IOException e) {
      throw new IllegalStateException("no answer from " + issuer, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
