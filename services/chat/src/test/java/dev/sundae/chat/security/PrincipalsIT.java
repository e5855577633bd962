package dev.sundae.chat.security;

import static dev.sundae.chat.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.chat.ChatApplication;
import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.LiveClient;
import dev.sundae.chat.support.TestMember;
import dev.sundae.tenancy.CallerRole;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The chat is the community's: a member's or a moderator's token opens it, only a moderator's the
 * moderation; the tokens the issuer hands a chain's registers and analysts, or a user with no role
 * of ours, open nothing here, neither REST nor the live WebSocket, and leave no member behind.
 */
@WithKeycloak
@WithMinio
@WithPostgres
@SpringBootTest(
    classes = ChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PrincipalsIT {

  private static ChatTenants tenants;
  private static ChatTenant a;

  @LocalServerPort int port;
  private Api api;

  @BeforeAll
  static void provision(KeycloakServer keycloak, MinioServer minio, PostgresServer postgres)
      throws Exception {
    tenants = new ChatTenants(keycloak, minio, postgres);
    a = tenants.add("tenant_a");
  }

  @DynamicPropertySource
  static void chat(DynamicPropertyRegistry registry) {
    ChatTenants.register(registry, 1, () -> tenants);
  }

  @BeforeEach
  void api() {
    api = new Api(port);
  }

  @Test
  void aMemberChatsButDoesNotModerate() {
    TestMember member = tenants.member(a, "member");

    assertThat(api.get("/v1/me", member.token()).status()).isEqualTo(200);
    assertThat(api.get("/v1/conversations", member.token()).status()).isEqualTo(200);
    assertProblem(api.get("/v1/moderation/reports", member.token()), 403, "forbidden-role");
    assertProblem(api.get("/v1/moderation/verifications", member.token()), 403, "forbidden-role");
    assertProblem(
        api.post("/v1/moderation/bans/someone", member.token(), Map.of("reason", "spam")),
        403,
        "forbidden-role");
  }

  @Test
  void aModeratorModerates() {
    TestMember moderator = tenants.moderator(a, "moderator");

    assertThat(api.get("/v1/moderation/reports", moderator.token()).status()).isEqualTo(200);
    assertThat(api.get("/v1/me", moderator.token()).status()).isEqualTo(200);
  }

  @Test
  void registersAnalystsAndStrangersReachNothing() throws Exception {
    List<TestMember> outsiders =
        List.of(
            tenants.user(a, "register", CallerRole.REGISTER),
            tenants.user(a, "analyst", CallerRole.ANALYST),
            tenants.user(a, "nobody"));

    for (TestMember outsider : outsiders) {
      String token = outsider.token();
      assertProblem(api.get("/v1/me", token), 403, "forbidden-role");
      assertProblem(api.get("/v1/conversations", token), 403, "forbidden-role");
      assertProblem(
          api.post("/v1/conversations", token, Map.of("kind", "group", "title", "x")),
          403,
          "forbidden-role");
      assertProblem(api.get("/v1/moderation/reports", token), 403, "forbidden-role");
      assertThatThrownBy(() -> LiveClient.connect(port, token))
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
    }
    try (var connection = tenants.connect(a);
        var statement = connection.createStatement();
        var rows = statement.executeQuery("SELECT username FROM chat_member")) {
      while (rows.next()) {
        assertThat(rows.getString(1)).isNotIn("register", "analyst", "nobody");
      }
    }
  }
}
