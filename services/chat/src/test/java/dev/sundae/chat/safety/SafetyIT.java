package dev.sundae.chat.safety;

import static dev.sundae.chat.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.chat.ChatApplication;
import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.LiveClient;
import dev.sundae.chat.support.TestMember;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.testing.audio.Clips;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.web.tenant.TenantDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.ErrorResponseException;
import tools.jackson.databind.JsonNode;

/** Blocks and per-member rate limits, against real servers. */
@WithKeycloak
@WithMinio
@WithPostgres
@SpringBootTest(
    classes = ChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "sundae.chat.messages-per-minute=5")
class SafetyIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static ChatTenants tenants;
  private static ChatTenant a;
  private static TestMember moderator;

  @LocalServerPort int port;
  @Autowired TenantDatabases databases;
  @Autowired TenantDirectory directory;
  private Api api;

  @BeforeAll
  static void provision(KeycloakServer keycloak, MinioServer minio, PostgresServer postgres)
      throws Exception {
    tenants = new ChatTenants(keycloak, minio, postgres);
    a = tenants.add("tenant_a");
    moderator = tenants.moderator(a, "moderator");
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
  void aBlockedMembersMessageIsRefused() {
    TestMember alice = signedIn("alice1");
    TestMember bob = signedIn("bob1");
    String direct = direct(alice, bob).json().path("id").asString();
    assertThat(api.put("/v1/blocks/" + alice.subject(), bob.token(), "").status()).isEqualTo(204);
    assertThat(api.get("/v1/blocks", bob.token()).body()).contains(alice.subject());

    Api.Response refused = post(alice, direct, "after-block", 1);
    assertProblem(refused, 403, "blocked");
    assertThat(refused.json().path("detail").asString()).contains("has blocked you");
    assertProblem(direct(alice, bob), 403, "blocked");
    // bob may still write to alice
    assertThat(post(bob, direct, "from-bob", 1).status()).isEqualTo(201);

    assertThat(api.delete("/v1/blocks/" + alice.subject(), bob.token()).status()).isEqualTo(204);
    assertThat(post(alice, direct, "after-unblock", 1).status()).isEqualTo(201);
  }

  @Test
  void theBlockerGetsNothingLiveFromTheBlockedMemberInAGroup() throws Exception {
    TestMember alice = signedIn("alice2");
    TestMember bob = signedIn("bob2");
    TestMember carol = signedIn("carol2");
    String group = openGroup(alice, "ice");
    for (TestMember member : List.of(bob, carol)) {
      join(member, group);
    }
    assertThat(api.put("/v1/blocks/" + alice.subject(), bob.token(), "").status()).isEqualTo(204);
    try (LiveClient bobs = LiveClient.connect(port, bob.token());
        LiveClient carols = LiveClient.connect(port, carol.token())) {
      assertThat(bobs.next("hello", WAIT)).isNotNull();
      assertThat(carols.next("hello", WAIT)).isNotNull();

      assertThat(post(alice, group, "from-alice", 1).status()).isEqualTo(201);
      assertThat(post(carol, group, "from-carol", 1).status()).isEqualTo(201);

      assertThat(carols.next("message", WAIT).path("message").path("clientMessageId").asString())
          .isEqualTo("from-alice");
      JsonNode first = bobs.next("message", WAIT);
      assertThat(first.path("message").path("clientMessageId").asString()).isEqualTo("from-carol");
    }
  }

  @Test
  void aMemberOverTheRateLimitGets429WithRetryAfter() {
    TestMember dave = signedIn("dave3");
    for (int i = 0; i < 5; i++) {
      assertThat(sign(dave).status()).isEqualTo(201);
    }
    Api.Response limited = sign(dave);
    assertProblem(limited, 429, "rate-limited");
    assertThat(limited.json().path("detail").asString())
        .startsWith("At most 5 uploads per minute; retry in ");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
    // another member is not held up by dave
    assertThat(sign(signedIn("erin3")).status()).isEqualTo(201);
  }

  @Test
  void aModeratorCannotBanThemself() throws Exception {
    Api.Response ban =
        api.post(
            "/v1/moderation/bans/" + moderator.subject(),
            moderator.token(),
            Map.of("reason", "oops"));

    assertProblem(ban, 409, "cannot-ban-self");
    assertThat(api.get("/v1/moderation/reports", moderator.token()).status()).isEqualTo(200);
  }

  @Test
  void aReportReachesTheModeratorsWhoRemoveTheMessageAndBanTheSender() throws Exception {
    TestMember alice = signedIn("alice4");
    TestMember bob = signedIn("bob4");
    String direct = direct(alice, bob).json().path("id").asString();
    assertThat(post(alice, direct, "rude", 1).status()).isEqualTo(201);

    Api.Response report =
        api.post(
            "/v1/reports",
            bob.token(),
            Map.of(
                "conversationId",
                direct,
                "subject",
                alice.subject(),
                "messageSeq",
                1,
                "reason",
                "insults"));
    assertThat(report.status()).as(report.toString()).isEqualTo(201);
    assertProblem(api.get("/v1/moderation/reports", bob.token()), 403, "forbidden-role");
    JsonNode queue = api.get("/v1/moderation/reports", moderator.token()).json();
    assertThat(queue.findValuesAsString("id")).contains(report.json().path("reportId").asString());

    try (LiveClient bobs = LiveClient.connect(port, bob.token());
        LiveClient alices = LiveClient.connect(port, alice.token())) {
      assertThat(bobs.next("hello", WAIT)).isNotNull();
      assertThat(alices.next("hello", WAIT)).isNotNull();
      assertThat(
              api.delete("/v1/conversations/" + direct + "/messages/1", moderator.token()).status())
          .isEqualTo(204);
      JsonNode removed = bobs.next("removed", WAIT);
      assertThat(removed.path("seq").asLong()).isEqualTo(1);
      JsonNode kept =
          api.get("/v1/conversations/" + direct + "/messages", bob.token()).json().get(0);
      assertThat(kept.path("removed").asBoolean()).isTrue();
      assertThat(kept.path("audio").isNull()).isTrue();

      Api.Response ban =
          api.post(
              "/v1/moderation/bans/" + alice.subject(),
              moderator.token(),
              Map.of("reason", "repeated insults"));
      assertThat(ban.status()).as(ban.toString()).isEqualTo(204);
      assertThat(alices.closed().get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4003);
    }
    Api.Response banned = api.get("/v1/conversations", alice.token());
    assertProblem(banned, 403, "banned");
    assertThat(banned.json().path("detail").asString()).endsWith("repeated insults");
    assertThat(
            api.post(
                    "/v1/moderation/reports/"
                        + report.json().path("reportId").asString()
                        + "/resolve",
                    moderator.token(),
                    Map.of("resolution", "banned"))
                .status())
        .isEqualTo(204);
  }

  @Test
  void aMutedMemberReadsButCannotPost() {
    TestMember owner = signedIn("owner5");
    TestMember loud = signedIn("loud5");
    String group = openGroup(owner, "quiet");
    join(loud, group);
    assertProblem(
        api.post(
            "/v1/conversations/" + group + "/members/" + owner.subject() + "/mute",
            loud.token(),
            Map.of("minutes", 10)),
        403,
        "not-allowed");
    Api.Response muted =
        api.post(
            "/v1/conversations/" + group + "/members/" + loud.subject() + "/mute",
            owner.token(),
            Map.of("minutes", 10));
    assertThat(muted.status()).as(muted.toString()).isEqualTo(200);

    assertProblem(post(loud, group, "shout", 1), 403, "muted");
    assertThat(api.get("/v1/conversations/" + group + "/messages", loud.token()).status())
        .isEqualTo(200);

    // leaving and joining the open group again does not end the mute
    assertThat(api.delete("/v1/conversations/" + group + "/members/me", loud.token()).status())
        .isEqualTo(204);
    join(loud, group);
    assertProblem(post(loud, group, "shout-again", 1), 403, "muted");
  }

  @Test
  void moderatorsMuteMembersOnlyAndARemovedMemberComesBackOnlyWhenInvited() {
    TestMember owner = signedIn("owner6");
    TestMember mod = signedIn("mod6");
    TestMember other = signedIn("othermod6");
    TestMember pest = signedIn("pest6");
    String group = openGroup(owner, "open house");
    for (TestMember m : List.of(mod, other, pest)) {
      join(m, group);
    }
    for (TestMember m : List.of(mod, other)) {
      assertThat(
              api.put(
                      "/v1/conversations/" + group + "/members/" + m.subject() + "/role",
                      owner.token(),
                      Map.of("role", "moderator"))
                  .status())
          .isEqualTo(204);
    }

    assertProblem(
        api.post(
            "/v1/conversations/" + group + "/members/" + other.subject() + "/mute",
            mod.token(),
            Map.of("minutes", 10)),
        404,
        "member-not-found");
    assertThat(post(other, group, "still-speaking", 1).status()).isEqualTo(201);

    assertThat(
            api.delete("/v1/conversations/" + group + "/members/" + pest.subject(), mod.token())
                .status())
        .isEqualTo(204);
    assertProblem(
        api.post("/v1/conversations/" + group + "/join", pest.token(), ""),
        403,
        "removed-from-group");
    assertThat(
            api.post(
                    "/v1/conversations/" + group + "/members",
                    owner.token(),
                    Map.of("subject", pest.subject()))
                .status())
        .isEqualTo(201);
    join(pest, group);
  }

  /** An open group {@code owner} creates; its id. */
  private String openGroup(TestMember owner, String title) {
    return api.post(
            "/v1/conversations",
            owner.token(),
            Map.of("kind", "group", "title", title, "open", true))
        .json()
        .path("id")
        .asString();
  }

  private void join(TestMember member, String group) {
    assertThat(api.post("/v1/conversations/" + group + "/join", member.token(), "").status())
        .isEqualTo(204);
  }

  private TestMember signedIn(String username) {
    TestMember member = tenants.member(a, username);
    assertThat(api.get("/v1/me", member.token()).status()).isEqualTo(200);
    return member;
  }

  /** A direct conversation {@code two} has accepted (when it could be started). */
  private Api.Response direct(TestMember one, TestMember two) {
    Api.Response created =
        api.post("/v1/conversations", one.token(), Map.of("kind", "direct", "with", two.subject()));
    if (created.status() == 200 || created.status() == 201) {
      String id = created.json().path("id").asString();
      assertThat(api.post("/v1/conversations/" + id + "/join", two.token(), "").status())
          .isEqualTo(204);
    }
    return created;
  }

  /**
   * Two replicas of the chat share each member's buckets: the service here and another {@link
   * RateLimits} on the same tenant database (what a second replica runs) together hand out the
   * limit once.
   */
  @Test
  void everyReplicaDrawsFromTheSameBucket() {
    TestMember frank = signedIn("frank4");
    RateLimits otherReplica = new RateLimits(5, databases, Clock.systemUTC());
    Caller caller = new Caller(tenantA(), frank.subject(), frank.username(), false);
    for (int i = 0; i < 3; i++) {
      assertThat(sign(frank).status()).isEqualTo(201);
    }
    otherReplica.take(caller, "uploads");
    otherReplica.take(caller, "uploads");
    assertProblem(sign(frank), 429, "rate-limited");
    assertThatThrownBy(() -> otherReplica.take(caller, "uploads"))
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            e -> assertThat(e.getStatusCode().value()).isEqualTo(429));
    // and a replica started afresh (a restart) does not hand out a new bucket either
    assertThatThrownBy(
            () -> new RateLimits(5, databases, Clock.systemUTC()).take(caller, "uploads"))
        .isInstanceOf(ErrorResponseException.class);
  }

  /**
   * A bucket refills at its rate, says how long until the next token, keeps its state while its
   * period runs, and is purged once idle long enough to be full again.
   */
  @Test
  void aBucketRefillsAtItsRateAndAnIdleOneIsPurged() {
    TestMember grace = signedIn("grace5");
    Caller caller = new Caller(tenantA(), grace.subject(), grace.username(), false);
    // from the real time on (the other tests' buckets are stamped with it), then moved by hand
    AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    Clock clock =
        new Clock() {
          @Override
          public Instant instant() {
            return now.get();
          }

          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }
        };
    RateLimits limits = new RateLimits(5, databases, clock);
    Runnable start = () -> limits.take(caller, "starts", 2, Duration.ofHours(1), "hour");
    start.run();
    start.run();
    assertThatThrownBy(start::run)
        .isInstanceOfSatisfying(
            ErrorResponseException.class,
            e -> {
              assertThat(e.getBody().getDetail())
                  .isEqualTo("At most 2 starts per hour; retry in 1800 s");
              assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("1800");
            });
    // half an hour refills one token (2 an hour), not two
    now.set(now.get().plus(Duration.ofMinutes(30)));
    start.run();
    assertThatThrownBy(start::run).isInstanceOf(ErrorResponseException.class);
    // idle for less than a day: kept (it would be as full as a new one, but the purge waits)
    assertThat(limits.purge(tenantA(), now.get().plus(Duration.ofHours(23)))).isZero();
    now.set(now.get().plus(RateLimits.IDLE).plusSeconds(1));
    assertThat(limits.purge(tenantA(), now.get())).isGreaterThanOrEqualTo(1);
    start.run();
    start.run();
    assertThatThrownBy(start::run).isInstanceOf(ErrorResponseException.class);
  }

  private TenantConfig tenantA() {
    return directory.byName("tenant_a").orElseThrow();
  }

  private Api.Response sign(TestMember member) {
    return api.post(
        "/v1/audio/uploads", member.token(), Map.of("contentType", "audio/ogg", "sizeBytes", 100));
  }

  private Api.Response post(TestMember member, String conversation, String clientId, int seconds) {
    return api.voiceMessage(member.token(), conversation, clientId, Clips.oggOpus(seconds * 1000L));
  }
}
