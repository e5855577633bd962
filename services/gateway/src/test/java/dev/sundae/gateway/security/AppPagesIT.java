package dev.sundae.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.gateway.GatewayApplication;
import dev.sundae.gateway.support.Api;
import dev.sundae.gateway.support.TestTenant;
import dev.sundae.gateway.support.TestTenants;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway serves the register and the dashboard as built by the apps module: open to all (the
 * apps sign in themselves), with a policy that lets them connect to the gateway, the tenants'
 * issuers and the object store of the signed URLs and to nothing else, compressed copies for
 * browsers that take them, hashed files cached for good, and nothing of the API opened by it.
 */
@WithKeycloak
@WithMinio
@WithElasticMq
@WithPostgres
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AppPagesIT {

  private static TestTenants tenants;
  private static TestTenant a;
  private static MinioServer store;

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void provision(
      KeycloakServer keycloak, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    tenants = new TestTenants(keycloak, minio, sqs, postgres);
    a = tenants.add("tenant_a", List.of("vanilla"), Optional.empty());
    store = minio;
  }

  @DynamicPropertySource
  static void gateway(DynamicPropertyRegistry registry) {
    TestTenants.register(registry, 1, () -> tenants);
  }

  @Test
  void theRegistersPageIsOpenWithAPolicyThatAllowsOnlyWhatItNeeds() throws Exception {
    HttpResponse<String> page = get("/apps/register/", "identity");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<div id=\"app\">").doesNotContain("<script>");
    String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(policy)
        .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    String connect = directive(policy, "connect-src");
    assertThat(connect.split(" "))
        .containsExactlyInAnyOrder("'self'", origin(a.issuer()), origin(store.endpoint()));
    assertThat(page.headers().firstValue("Permissions-Policy").orElseThrow())
        .contains("camera=(self)", "microphone=()");
    assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-cache");

    // the dashboard reaches no object store
    String dashboard =
        get("/apps/dashboard/", "identity")
            .headers()
            .firstValue("Content-Security-Policy")
            .orElseThrow();
    assertThat(directive(dashboard, "connect-src").split(" "))
        .containsExactlyInAnyOrder("'self'", origin(a.issuer()));
  }

  @Test
  void hashedFilesAreCachedForGoodAndSentCompressed() throws Exception {
    String page = get("/apps/register/", "identity").body();
    Matcher script = Pattern.compile("src=\"(/apps/register/assets/[^\"]+\\.js)\"").matcher(page);
    assertThat(script.find()).as(page).isTrue();

    HttpResponse<String> plain = get(script.group(1), "identity");
    HttpResponse<String> gzip = get(script.group(1), "gzip");

    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("Cache-Control").orElseThrow())
        .contains("max-age=31536000", "immutable");
    assertThat(gzip.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(gzip.headers().firstValueAsLong("Content-Length").orElseThrow())
        .isLessThan(plain.body().length() / 2);
  }

  @Test
  void theAppsOpenNothingElse() throws Exception {
    assertThat(get("/apps/register", "identity").statusCode()).isEqualTo(302);
    assertThat(get("/apps/register/no-such-file.js", "identity").statusCode()).isEqualTo(404);
    // the community app is the chat's, and no other path under /apps is served
    assertThat(get("/apps/community/", "identity").statusCode()).isIn(401, 403, 404);
    assertThat(get("/apps/../v1/catalogue", "identity").statusCode()).isIn(400, 401);
    HttpResponse<String> api = get("/v1/catalogue", "identity");
    assertThat(api.statusCode()).as("the API still wants a token").isEqualTo(401);
  }

  private HttpResponse<String> get(String path, String encoding) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(new Api(port).base() + path))
            .header("Accept-Encoding", encoding)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String directive(String policy, String name) {
    for (String directive : policy.split(";\\s*")) {
      if (directive.startsWith(name + " ")) {
        return directive.substring(name.length() + 1).trim();
      }
    }
    throw new AssertionError(name + " is not in " + policy);
  }

  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }
}
