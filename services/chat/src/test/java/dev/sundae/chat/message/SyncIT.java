package dev.sundae.chat.message;

import static dev.sundae.chat.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.chat.ChatApplication;
import dev.sundae.chat.conversation.Conversations;
import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.TestMember;
import dev.sundae.testing.audio.Clips;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Sync stays bounded: a total limit, a cursor pruned to where the member is, a body for size. */
@WithKeycloak
@WithMinio
@WithPostgres
@SpringBootTest(
    classes = ChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "sundae.chat.messages-per-minute=1000")
class SyncIT {

  private static final int CONVERSATIONS = 5;
  private static final int MESSAGES_EACH = 4;

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
  void aResponseCarriesAtMostLimitMessagesAndFollowingCursorsGivesEachOnce() {
    TestMember alice = signedIn("alice1");
    TestMember bob = signedIn("bob1");
    List<String> posted = new ArrayList<>();
    for (int c = 0; c < CONVERSATIONS; c++) {
      String group = groupOf(alice, bob);
      for (int m = 0; m < MESSAGES_EACH; m++) {
        String id = "c" + c + "-m" + m;
        post(alice, group, id);
        posted.add(id);
      }
    }

    List<String> received = new ArrayList<>();
    String cursor = null;
    int responses = 0;
    JsonNode page;
    do {
      page = sync(bob, cursor, 7);
      int inPage = 0;
      for (JsonNode update : page.path("conversations")) {
        for (JsonNode message : update.path("messages")) {
          received.add(message.path("clientMessageId").asString());
          inPage++;
        }
      }
      assertThat(inPage).isLessThanOrEqualTo(7);
      cursor = page.path("cursor").asString();
      responses++;
    } while (page.path("hasMore").asBoolean() && responses < 50);

    assertThat(received).containsExactlyInAnyOrderElementsOf(posted);
    assertThat(responses).isEqualTo((CONVERSATIONS * MESSAGES_EACH + 6) / 7);
    assertThat(sync(bob, cursor, 7).path("conversations").size()).isZero();
  }

  @Test
  void theCursorForgetsConversationsTheMemberLeft() {
    TestMember alice = signedIn("alice2");
    TestMember bob = signedIn("bob2");
    String kept = groupOf(alice, bob);
    String left = groupOf(alice, bob);
    post(alice, kept, "k1");
    post(alice, left, "l1");
    String cursor = sync(bob, null, 100).path("cursor").asString();
    assertThat(positions(cursor)).containsKeys(UUID.fromString(kept), UUID.fromString(left));

    assertThat(api.delete("/v1/conversations/" + left + "/members/" + bob.subject(), bob.token()))
        .extracting(Api.Response::status)
        .isEqualTo(204);

    String pruned = sync(bob, cursor, 100).path("cursor").asString();
    assertThat(positions(pruned)).containsOnlyKeys(UUID.fromString(kept));
  }

  @Test
  void aCursorTooLongForAUrlIsSentInTheBody() {
    TestMember alice = signedIn("alice3");
    TestMember bob = signedIn("bob3");
    String group = groupOf(alice, bob);
    post(alice, group, "first");
    String cursor = sync(bob, null, 100).path("cursor").asString();
    post(alice, group, "second");
    // what a device's cursor held after thousands of conversations, before cursors were pruned
    Map<UUID, Long> forgotten = new HashMap<>(SyncCursor.decode(cursor).positions());
    for (int i = 0; i < 3_000; i++) {
      forgotten.put(UUID.randomUUID(), 5L);
    }
    String huge = new SyncCursor(forgotten).encode();
    assertThat(huge.length()).isGreaterThan(100_000);

    Api.Response response = api.post("/v1/sync", bob.token(), Map.of("cursor", huge, "limit", 100));

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    JsonNode message = response.json().path("conversations").get(0).path("messages").get(0);
    assertThat(message.path("clientMessageId").asString()).isEqualTo("second");
    assertThat(positions(response.json().path("cursor").asString()))
        .containsOnlyKeys(UUID.fromString(group));
  }

  @Test
  void aBadCursorOrLimitInTheBodyIsA400() {
    TestMember bob = signedIn("bob4");

    assertProblem(
        api.post("/v1/sync", bob.token(), Map.of("cursor", "not a cursor")), 400, "invalid-cursor");
    assertProblem(api.post("/v1/sync", bob.token(), Map.of("limit", 0)), 400, "invalid-request");
    assertProblem(api.post("/v1/sync", bob.token(), Map.of("limit", 501)), 400, "invalid-request");
  }

  @Test
  void aMemberInTheMostConversationsJoinsNoMoreAndTheirCursorIsAccepted() throws Exception {
    TestMember alice = signedIn("alice5");
    TestMember bob = signedIn("bob5");
    String open = openGroupOf(alice);
    // bob already in as many conversations as a member may be (seeded: 5,000 joins take minutes)
    try (Connection db = tenants.connect(a);
        PreparedStatement seed =
            db.prepareStatement(
                "WITH g AS (INSERT INTO chat_conversation (id, kind, title, created_by)"
                    + " SELECT gen_random_uuid(), 'group', 'seeded', ? FROM generate_series(1, ?)"
                    + " RETURNING id)"
                    + " INSERT INTO chat_membership (conversation_id, subject, role, state,"
                    + " joined_at) SELECT id, ?, 'owner', 'active', now() FROM g")) {
      seed.setString(1, bob.subject());
      seed.setInt(2, Conversations.MAX_ACTIVE_PER_MEMBER - 1);
      seed.setString(3, bob.subject());
      seed.executeUpdate();
    }
    assertThat(api.post("/v1/conversations/" + open + "/join", bob.token(), "").status())
        .isEqualTo(204);

    assertProblem(
        api.post("/v1/conversations", bob.token(), Map.of("kind", "group", "title", "one more")),
        409,
        "too-many-conversations");
    String another = openGroupOf(alice);
    assertProblem(
        api.post("/v1/conversations/" + another + "/join", bob.token(), ""),
        409,
        "too-many-conversations");

    Api.Response first = api.post("/v1/sync", bob.token(), Map.of("limit", 1));
    String cursor = first.json().path("cursor").asString();
    assertThat(positions(cursor)).hasSize(Conversations.MAX_ACTIVE_PER_MEMBER);
    assertThat(api.post("/v1/sync", bob.token(), Map.of("cursor", cursor)).status()).isEqualTo(200);

    // leaving one makes room again
    assertThat(api.delete("/v1/conversations/" + open + "/members/" + bob.subject(), bob.token()))
        .extracting(Api.Response::status)
        .isEqualTo(204);
    assertThat(api.post("/v1/conversations/" + another + "/join", bob.token(), "").status())
        .isEqualTo(204);
  }

  private static Map<UUID, Long> positions(String cursor) {
    return SyncCursor.decode(cursor).positions();
  }

  private TestMember signedIn(String username) {
    TestMember member = tenants.member(a, username);
    assertThat(api.get("/v1/me", member.token()).status()).isEqualTo(200);
    return member;
  }

  private String groupOf(TestMember owner, TestMember member) {
    String id = openGroupOf(owner);
    assertThat(api.post("/v1/conversations/" + id + "/join", member.token(), "").status())
        .isEqualTo(204);
    return id;
  }

  private String openGroupOf(TestMember owner) {
    Api.Response created =
        api.post(
            "/v1/conversations",
            owner.token(),
            Map.of("kind", "group", "title", "sync " + UUID.randomUUID(), "open", true));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().path("id").asString();
  }

  private void post(TestMember member, String conversation, String clientId) {
    Api.Response posted =
        api.voiceMessage(member.token(), conversation, clientId, Clips.oggOpus(300));
    assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
  }

  private JsonNode sync(TestMember member, String cursor, int limit) {
    Api.Response response =
        api.get(
            "/v1/sync?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor),
            member.token());
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }
}
