package dev.sundae.chat.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.chat.ChatApplication;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.TestMember;
import dev.sundae.testing.http.RawHttp;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A member's malformed request (a broken query string, a limit or cursor out of range, a body of
 * the wrong shape) is the caller's error: 400 with a problem, never a 500. Sent byte for byte, as a
 * buggy app or a fuzzer sends them.
 */
@WithKeycloak
@WithMinio
@WithPostgres
@SpringBootTest(
    classes = ChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MalformedRequestIT {

  private static ChatTenants tenants;
  private static ChatTenant tenant;

  @LocalServerPort int port;

  @BeforeAll
  static void provision(KeycloakServer keycloak, MinioServer minio, PostgresServer postgres)
      throws Exception {
    tenants = new ChatTenants(keycloak, minio, postgres);
    tenant = tenants.add("tenant_a");
  }

  @DynamicPropertySource
  static void chat(DynamicPropertyRegistry registry) {
    ChatTenants.register(registry, 1, () -> tenants);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "GET  | /v1/sync?=x                                      |",
        "GET  | /v1/sync?cursor=%zz                               |",
        "GET  | /v1/sync?limit=%                                  |",
        "GET  | /v1/sync?limit=0                                  |",
        "GET  | /v1/sync?limit=99999999999                        |",
        "GET  | /v1/sync?limit=lots                               |",
        "GET  | /v1/conversations/@ID@/messages?after=-1          |",
        "GET  | /v1/conversations/@ID@/messages?after=99999999999999999999 |",
        "GET  | /v1/conversations/@ID@/messages?limit=501         |",
        "GET  | /v1/conversations/not-a-uuid/messages             |",
        "GET  | /v1/conversations/%zz                             |",
        "GET  | /v1/presence?subject=%zz                          |",
        "GET  | /v1/conversations/%0A                             |",
        "GET  | /v1/conversations/%C2%96                          |",
        "POST | /v1/conversations | `{\"kind\":\"group\",\"title\":\"a\\u0000b\"}`",
        "POST | /v1/conversations                                 | `{\"kind\":`",
        "POST | /v1/conversations                                 | `[]`",
        "POST | /v1/conversations?%=1                             | `{}`",
        "POST | /v1/conversations | `{\"kind\":\"group\",\"title\":12}`",
        "PUT  | /v1/me/settings | `{\"deliveryReceipts\":false,\"readReceipts\":false,\"presence\":0}`",
        "PUT  | /v1/me/settings | `{\"deliveryReceipts\":\"false\",\"readReceipts\":false,\"presence\":true}`",
        "PUT  | /v1/me/settings | `{\"deliveryReceipts\":false,\"readReceipts\":null,\"presence\":\"\"}`",
      })
  void answersTheCallersMistakeWithA400Problem(String method, String target, String body) {
    TestMember member = tenants.member(tenant, "fuzzy");
    String id = UUID.randomUUID().toString();
    String resolved = target.replace("@ID@", id);

    RawHttp.Response response =
        RawHttp.send(
            port, method, resolved, member.token(), body == null ? null : body.replace("@ID@", id));

    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.contentType())
        .as(response.toString())
        .startsWith("application/problem+json");
    assertThat(response.body()).as(response.toString()).contains("\"detail\"");
  }

  /** Spring parses a multipart body before it picks the endpoint; none of ours takes one. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"POST, /v1/conversations", "GET, /v1/conversations"})
  void answersAMultipartBodyWithoutABoundaryWithA400Problem(String method, String target) {
    RawHttp.Response response =
        RawHttp.send(
            port,
            method,
            target,
            tenants.member(tenant, "fuzzy").token(),
            "multipart/form-data",
            "{}");

    assertThat(response.status()).as(response.toString()).isEqualTo(400);
    assertThat(response.contentType())
        .as(response.toString())
        .startsWith("application/problem+json");
  }
}
