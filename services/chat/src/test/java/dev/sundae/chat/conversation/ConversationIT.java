package dev.sundae.chat.conversation;

import static dev.sundae.chat.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.chat.ChatApplication;
import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.TestMember;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** Direct conversations and groups with roles, against real PostgreSQL and Keycloak. */
@WithKeycloak
@WithMinio
@WithPostgres
@SpringBootTest(
    classes = ChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConversationIT {

  private static ChatTenants tenants;
  private static ChatTenant a;
  private static ChatTenant b;

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping handlers;

  private Api api;

  @BeforeAll
  static void provision(KeycloakServer keycloak, MinioServer minio, PostgresServer postgres)
      throws Exception {
    tenants = new ChatTenants(keycloak, minio, postgres);
    a = tenants.add("tenant_a");
    b = tenants.add("tenant_b");
  }

  @DynamicPropertySource
  static void chat(DynamicPropertyRegistry registry) {
    ChatTenants.register(registry, 2, () -> tenants);
  }

  @BeforeEach
  void api() {
    api = new Api(port);
  }

  @Test
  void onlyActiveMembersReadAGroup() {
    TestMember owner = signedIn(a, "owner1");
    TestMember guest = signedIn(a, "guest1");
    String id = group(owner, "Pistachio lovers", false);

    assertProblem(api.get("/v1/conversations/" + id, guest.token()), 403, "not-a-member");

    assertThat(invite(owner, id, guest).status()).isEqualTo(201);
    // invited is not yet a member
    assertProblem(api.get("/v1/conversations/" + id, guest.token()), 403, "not-a-member");
    assertThat(api.post("/v1/conversations/" + id + "/join", guest.token(), "").status())
        .isEqualTo(204);

    Api.Response read = api.get("/v1/conversations/" + id, guest.token());
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    assertThat(read.json().path("title").asString()).isEqualTo("Pistachio lovers");
    assertThat(roles(read.json()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(owner.subject(), "owner/active", guest.subject(), "member/active"));
    assertThat(api.get("/v1/conversations", guest.token()).json().findValuesAsString("id"))
        .contains(id);
  }

  /** Presence is shared only by consent: starting a direct conversation does not give it. */
  @Test
  void theOtherMemberOfADirectConversationStaysInvitedUntilTheyAccept() {
    TestMember stranger = signedIn(a, "stranger1");
    TestMember target = signedIn(a, "target1");
    String id =
        api.post(
                "/v1/conversations",
                stranger.token(),
                Map.of("kind", "direct", "with", target.subject()))
            .json()
            .path("id")
            .asString();

    // the stranger learns nothing of the target's presence, and the target sees a request
    assertProblem(
        api.get("/v1/presence?subject=" + target.subject(), stranger.token()),
        404,
        "member-not-found");
    assertThat(membership(target, id).path("state").asString()).isEqualTo("invited");
    assertProblem(
        api.get("/v1/conversations/" + id + "/messages", target.token()), 403, "not-a-member");

    assertThat(api.post("/v1/conversations/" + id + "/join", target.token(), "").status())
        .isEqualTo(204);

    assertThat(api.get("/v1/presence?subject=" + target.subject(), stranger.token()).status())
        .isEqualTo(200);
    assertThat(membership(target, id).path("state").asString()).isEqualTo("active");
  }

  @Test
  void aDirectConversationIsOnePerPairAndHasNoRoles() {
    TestMember one = signedIn(a, "direct1");
    TestMember two = signedIn(a, "direct2");
    TestMember three = signedIn(a, "direct3");

    Api.Response created =
        api.post("/v1/conversations", one.token(), Map.of("kind", "direct", "with", two.subject()));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().path("id").asString();
    Api.Response again =
        api.post("/v1/conversations", two.token(), Map.of("kind", "direct", "with", one.subject()));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("id").asString()).isEqualTo(id);

    assertProblem(invite(one, id, three), 409, "direct-conversation");
    assertProblem(api.get("/v1/conversations/" + id, three.token()), 403, "not-a-member");
    assertProblem(
        api.post("/v1/conversations", one.token(), Map.of("kind", "direct", "with", "nobody")),
        404,
        "member-not-found");
  }

  @Test
  void rolesDecideWhoInvitesRemovesAndChangesRoles() {
    TestMember owner = signedIn(a, "owner2");
    TestMember mod = signedIn(a, "mod2");
    TestMember plain = signedIn(a, "plain2");
    TestMember late = signedIn(a, "late2");
    String id = group(owner, "Sorbet", false);
    invite(owner, id, mod);
    invite(owner, id, plain);
    join(mod, id);
    join(plain, id);

    assertProblem(invite(plain, id, late), 403, "not-allowed");
    assertProblem(setRole(plain, id, mod, "member"), 403, "not-allowed");
    assertThat(setRole(owner, id, mod, "moderator").status()).isEqualTo(204);

    assertThat(invite(mod, id, late).status()).isEqualTo(201);
    assertProblem(remove(mod, id, owner), 403, "not-allowed");
    assertThat(remove(mod, id, plain).status()).isEqualTo(204);
    assertProblem(api.get("/v1/conversations/" + id, plain.token()), 403, "not-a-member");

    // the only owner can neither leave nor step down while others remain
    assertProblem(remove(owner, id, owner), 409, "last-owner");
    assertProblem(setRole(owner, id, owner, "member"), 409, "last-owner");
    assertThat(setRole(owner, id, mod, "owner").status()).isEqualTo(204);
    assertThat(api.delete("/v1/conversations/" + id + "/members/me", owner.token()).status())
        .isEqualTo(204);

    Api.Response read = api.get("/v1/conversations/" + id, mod.token());
    assertThat(roles(read.json()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(mod.subject(), "owner/active", late.subject(), "member/invited"));
  }

  @Test
  void anOpenGroupIsJoinedWithoutInvitationAClosedOneIsNot() {
    TestMember owner = signedIn(a, "owner3");
    TestMember walkIn = signedIn(a, "walkin3");
    String open = group(owner, "Open", true);
    String closed = group(owner, "Closed", false);

    assertProblem(
        api.post("/v1/conversations/" + closed + "/join", walkIn.token(), ""),
        403,
        "invitation-required");
    assertThat(api.post("/v1/conversations/" + open + "/join", walkIn.token(), "").status())
        .isEqualTo(204);
    assertThat(api.get("/v1/conversations/" + open, walkIn.token()).status()).isEqualTo(200);
  }

  @Test
  void aMemberOfTenantACannotReachTenantBsConversations() throws Exception {
    TestMember ofA = signedIn(a, "alice");
    TestMember ofB = signedIn(b, "bob");
    String groupOfB = group(ofB, "B only", true);
    String groupOfA = group(ofA, "A only", false);

    // the same id, asked with A's token, is looked up in A's schema: there is nothing to find
    assertProblem(api.get("/v1/conversations/" + groupOfB, ofA.token()), 403, "not-a-member");
    assertProblem(
        api.post("/v1/conversations/" + groupOfB + "/join", ofA.token(), ""),
        404,
        "conversation-not-found");
    assertThat(api.get("/v1/conversations", ofA.token()).json().findValuesAsString("id"))
        .doesNotContain(groupOfB);
    // nor can A bring B's member in
    assertProblem(invite(ofA, groupOfA, ofB), 404, "member-not-found");

    // and the database itself refuses: A's role cannot read B's tables
    try (Connection connection = tenants.connect(a)) {
      assertThatThrownBy(
              () ->
                  connection
                      .createStatement()
                      .executeQuery("SELECT * FROM tenant_b.chat_conversation"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("permission denied");
    }
  }

  @Test
  void refusesBadInputWithAReason() {
    TestMember member = signedIn(a, "careless");
    Api.Response kind =
        api.post("/v1/conversations", member.token(), Map.of("kind", "channel", "title", "x"));
    assertProblem(kind, 400, "invalid-request");
    assertThat(kind.json().path("detail").asString()).contains("kind: must be direct or group");
    assertProblem(
        api.post("/v1/conversations", member.token(), Map.of("kind", "group")),
        400,
        "invalid-request");
    assertThat(api.get("/v1/conversations", null).status()).isEqualTo(401);
    assertProblem(api.get("/v1/conversations/not-a-uuid", member.token()), 400, "invalid-request");
  }

  @Test
  void servesItsApiDescriptionCoveringEveryEndpointAndItsMetrics() {
    Api.Response spec = api.get("/openapi.yaml", null);
    assertThat(spec.status()).isEqualTo(200);
    handlers.getHandlerMethods().keySet().stream()
        .flatMap(mapping -> mapping.getPatternValues().stream())
        .filter(path -> path.startsWith("/v1/"))
        .forEach(path -> assertThat(spec.body()).as(path).contains("\n  " + path + ":"));
    // metrics on the management port only, which no Service exposes
    Api.Response metrics = new Api(managementPort).get("/actuator/prometheus", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("http_server_requests_seconds_count");
    assertThat(api.get("/actuator/prometheus", null).status()).isIn(401, 404);
  }

  private TestMember signedIn(ChatTenant tenant, String username) {
    TestMember member = tenants.member(tenant, username);
    Api.Response me = api.get("/v1/me", member.token());
    assertThat(me.status()).as(me.toString()).isEqualTo(200);
    assertThat(me.json().path("subject").asString()).isEqualTo(member.subject());
    return member;
  }

  private String group(TestMember owner, String title, boolean open) {
    Api.Response created =
        api.post(
            "/v1/conversations",
            owner.token(),
            Map.of("kind", "group", "title", title, "open", open));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().path("id").asString();
  }

  private Api.Response invite(TestMember by, String id, TestMember who) {
    return api.post(
        "/v1/conversations/" + id + "/members", by.token(), Map.of("subject", who.subject()));
  }

  private void join(TestMember who, String id) {
    assertThat(api.post("/v1/conversations/" + id + "/join", who.token(), "").status())
        .isEqualTo(204);
  }

  private Api.Response remove(TestMember by, String id, TestMember who) {
    return api.delete("/v1/conversations/" + id + "/members/" + who.subject(), by.token());
  }

  private Api.Response setRole(TestMember by, String id, TestMember who, String role) {
    return api.put(
        "/v1/conversations/" + id + "/members/" + who.subject() + "/role",
        by.token(),
        Map.of("role", role));
  }

  private static Map<String, String> roles(JsonNode conversation) {
    java.util.Map<String, String> roles = new java.util.HashMap<>();
    for (JsonNode m : conversation.path("members")) {
      roles.put(
          m.path("subject").asString(),
          m.path("role").asString() + "/" + m.path("state").asString());
    }
    return roles;
  }

  /** {@code member}'s own entry in conversation {@code id}, as their conversation list shows it. */
  private JsonNode membership(TestMember member, String id) {
    for (JsonNode conversation : api.get("/v1/conversations", member.token()).json()) {
      if (conversation.path("id").asString().equals(id)) {
        for (JsonNode entry : conversation.path("members")) {
          if (entry.path("subject").asString().equals(member.subject())) {
            return entry;
          }
        }
      }
    }
    throw new AssertionError(member.subject() + " does not list conversation " + id);
  }
}
