package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sundae.e2e.support.Platform;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * What a client of the platform connects to is TLS, checked against the platform's CA ({@code
 * tls.ca}): the gateway, the chat, each tenant's issuer, the object store and the queue service
 * (ElasticMQ behind stunnel), on the local run, on kind and under docker compose, and the local
 * run's PostgreSQL. For each: a client trusting the CA is answered, one with the JDK's own CAs
 * fails the handshake, and plain HTTP on the same port gets no content.
 */
class TransportSecurityE2E {

  private final Platform platform = Platform.get();

  @Test
  void everyEndpointServesTlsCheckedAgainstThePlatformsCa() throws Exception {
    assertThat(platform.caFile())
        .as("every target (run-local, kind, compose) serves TLS and names its CA (tls.ca)")
        .isPresent();
    String tenant = platform.tenantNames().get(0);
    // each endpoint, and a path it answers 200 on with a word of its content
    Map<URI, String> endpoints = new LinkedHashMap<>();
    endpoints.put(platform.gateway().base().resolve("/openapi.yaml"), "openapi");
    endpoints.put(platform.chat(tenant).base().resolve("/openapi.yaml"), "openapi");
    endpoints.put(
        URI.create(platform.value("tenant." + tenant + ".issuer") + "/"), "\"realm\":\"" + tenant);
    endpoints.put(URI.create(platform.value("s3.endpoint") + "/minio/health/live"), "");
    endpoints.put(
        URI.create(platform.value("sqs.endpoint") + "/?Action=ListQueues"), "ListQueuesResponse");
    assertThat(endpoints.keySet())
        .as("every target serves all of these over TLS")
        .allMatch(uri -> uri.getScheme().equals("https"));
    assertThat(platform.facts(tenant).deadLetterQueueUrl())
        .as("the queue URLs the operator hands the tenant's services")
        .startsWith(platform.value("sqs.endpoint") + "/");
    HttpClient trusting = HttpClient.newBuilder().sslContext(platform.tls()).build();
    for (Map.Entry<URI, String> endpoint : endpoints.entrySet()) {
      URI uri = endpoint.getKey();
      if (!uri.getScheme().equals("https")) {
        continue;
      }
      HttpResponse<String> answer = trusting.send(get(uri), BodyHandlers.ofString());
      assertThat(answer.statusCode()).as("%s with the platform's CA", uri).isEqualTo(200);
      assertThat(answer.body()).contains(endpoint.getValue());

      assertThatThrownBy(() -> HttpClient.newHttpClient().send(get(uri), BodyHandlers.ofString()))
          .as("%s with the JDK's CAs only", uri)
          .isInstanceOf(SSLHandshakeException.class);

      URI plain = URI.create("http" + uri.toString().substring("https".length()));
      try {
        HttpResponse<String> refused =
            HttpClient.newHttpClient().send(get(plain), BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("plain HTTP to %s", plain).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("openapi", "realm");
      } catch (IOException closed) {
        // the server closed the connection on a request that is not TLS: served nothing either
      }
    }
  }

  /**
   * The local run's PostgreSQL admits TLS connections only (its pg_hba has {@code hostssl} alone):
   * a tenant's own credentials over TLS, the server's name checked against the CA, are admitted;
   * the same credentials without TLS are refused before the password is asked.
   */
  @Test
  void theLocalDatabaseAdmitsOnlyTls() throws SQLException {
    assumeTrue(
        platform.target().equals("local"),
        "the database of a cluster is not reachable from the test (kind's is TLS-only as well:"
            + " e2e/kind/backends.yaml)");
    Map<String, String> credentials = platform.credentials(platform.tenantNames().get(0));
    String url = credentials.get("SUNDAE_DB_URL");
    String bare = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    Properties properties = new Properties();
    properties.setProperty("user", credentials.get("SUNDAE_DB_USERNAME"));
    properties.setProperty("password", credentials.get("SUNDAE_DB_PASSWORD"));
    properties.setProperty("sslmode", "verify-full");
    properties.setProperty("sslrootcert", platform.caFile().orElseThrow().toString());
    try (Connection connection = DriverManager.getConnection(bare, properties);
        ResultSet ssl =
            connection
                .createStatement()
                .executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(ssl.next()).isTrue();
      assertThat(ssl.getBoolean(1)).as("the session of %s is encrypted", bare).isTrue();
    }

    properties.setProperty("sslmode", "disable");
    assertThatThrownBy(() -> DriverManager.getConnection(bare, properties).close())
        .as("%s without TLS", bare)
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no encryption");
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
  }
}
