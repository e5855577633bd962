package dev.sundae.chat.live;

import static dev.sundae.chat.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.chat.ChatApplication;
import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.LiveClient;
import dev.sundae.chat.support.TestMember;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.tenancy.keys.TenantKeys;
import dev.sundae.testing.audio.Clips;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.web.tenant.NotificationListener;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of the chat service for one tenant, on the same tenant database, as two replicas of
 * its Deployment: live events cross between them on the tenant's sealed LISTEN/NOTIFY bus, and
 * another tenant listening on that channel learns nothing.
 */
@WithKeycloak
@WithMinio
@WithPostgres
class MultiInstanceIT {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration QUIET = Duration.ofSeconds(2);
  private static final int SOCKET_CAP = 3;

  private static ChatTenants tenants;
  private static ChatTenant a;
  private static ChatTenant b;
  private static PostgresServer database;
  private static TestMember moderator;
  private static ConfigurableApplicationContext one;
  private static ConfigurableApplicationContext two;
  private static Api api1;
  private static Api api2;
  private static int port1;
  private static int port2;

  @BeforeAll
  static void start(KeycloakServer keycloak, MinioServer minio, PostgresServer postgres)
      throws Exception {
    database = postgres;
    tenants = new ChatTenants(keycloak, minio, postgres);
    a = tenants.add("tenant_a");
    b = tenants.add("tenant_b");
    moderator = tenants.moderator(a, "moderator");
    List<String> arguments = new ArrayList<>(tenants.arguments(a));
    arguments.add("--server.port=0");
    arguments.add("--sundae.chat.live.max-sockets-per-member=" + SOCKET_CAP);
    one = new SpringApplicationBuilder(ChatApplication.class).run(arguments.toArray(String[]::new));
    two = new SpringApplicationBuilder(ChatApplication.class).run(arguments.toArray(String[]::new));
    port1 = port(one);
    port2 = port(two);
    api1 = new Api(port1);
    api2 = new Api(port2);
  }

  @AfterAll
  static void stop() {
    if (two != null) {
      two.close();
    }
    if (one != null) {
      one.close();
    }
  }

  @Test
  void aDeviceOnOneInstanceReceivesAMessagePostedThroughTheOther() throws Exception {
    TestMember alice = signedIn("alice1");
    TestMember bob = signedIn("bob1");
    String group = groupOf(alice, bob);
    try (LiveClient phone = LiveClient.connect(port1, bob.token());
        LiveClient tablet = LiveClient.connect(port2, bob.token())) {
      assertThat(phone.next("hello", WAIT)).isNotNull();
      assertThat(tablet.next("hello", WAIT)).isNotNull();

      assertThat(post(api2, alice, group, "across-1").status()).isEqualTo(201);

      for (LiveClient device : List.of(phone, tablet)) {
        JsonNode message = device.next("message", WAIT);
        assertThat(message).as("a message event").isNotNull();
        assertThat(message.path("message").path("clientMessageId").asString())
            .isEqualTo("across-1");
        assertThat(message.path("message").path("audio").path("url").asString()).startsWith("http");
      }
    }
  }

  @Test
  void typingOnOneInstanceReachesADeviceOnTheOther() throws Exception {
    TestMember alice = signedIn("alice2");
    TestMember bob = signedIn("bob2");
    String group = groupOf(alice, bob);
    try (LiveClient alices = LiveClient.connect(port2, alice.token());
        LiveClient bobs = LiveClient.connect(port1, bob.token())) {
      assertThat(alices.next("hello", WAIT)).isNotNull();
      assertThat(bobs.next("hello", WAIT)).isNotNull();

      alices.send("{\"type\":\"typing\",\"conversationId\":\"" + group + "\"}");

      JsonNode typing = bobs.next("typing", WAIT);
      assertThat(typing).isNotNull();
      assertThat(typing.path("subject").asString()).isEqualTo(alice.subject());
      assertThat(typing.path("conversationId").asString()).isEqualTo(group);
    }
  }

  @Test
  void aBanOnOneInstanceClosesTheMembersConnectionOnTheOther() throws Exception {
    TestMember mallory = signedIn("mallory3");
    try (LiveClient mallorys = LiveClient.connect(port1, mallory.token())) {
      assertThat(mallorys.next("hello", WAIT)).isNotNull();

      Api.Response ban =
          api2.post(
              "/v1/moderation/bans/" + mallory.subject(),
              moderator.token(),
              Map.of("reason", "spam"));
      assertThat(ban.status()).as(ban.toString()).isEqualTo(204);

      assertThat(mallorys.closed().get(10, TimeUnit.SECONDS)).isEqualTo(4003);
    }
  }

  @Test
  void presenceCrossesInstancesAndIsHiddenFromAMemberTheSubjectBlocked() throws Exception {
    TestMember alice = signedIn("alice4");
    TestMember carol = signedIn("carol4");
    TestMember dave = signedIn("dave4");
    TestMember erin = signedIn("erin4");
    TestMember frank = signedIn("frank4");
    String group = groupOf(alice, carol, dave, erin, frank);
    assertThat(api1.put("/v1/blocks/" + carol.subject(), dave.token(), "").status()).isEqualTo(204);
    assertThat(
            api1.put("/v1/me/settings", frank.token(), Map.of("presence", false))
                .json()
                .path("presence")
                .asBoolean())
        .isFalse();
    LiveSessions sessions1 = one.getBean(LiveSessions.class);
    try (LiveClient alices = LiveClient.connect(port1, alice.token());
        LiveClient carols = LiveClient.connect(port1, carol.token())) {
      assertThat(alices.next("hello", WAIT)).isNotNull();
      assertThat(carols.next("hello", WAIT)).isNotNull();
      assertThat(sessions1.online(a.name(), dave.subject())).isFalse();

      LiveClient daves = LiveClient.connect(port2, dave.token());
      assertThat(daves.next("hello", WAIT)).isNotNull();
      JsonNode online = presenceOf(alices, dave, frank, erin);
      assertThat(online.path("subject").asString()).isEqualTo(dave.subject());
      assertThat(online.path("online").asBoolean()).isTrue();
      // the instance where dave is not connected knows he is online
      assertThat(sessions1.online(a.name(), dave.subject())).isTrue();
      assertThat(presence(api1, alice, dave)).isTrue();
      assertThat(presence(api1, carol, dave)).isFalse();

      // frank shares no presence: nobody is told, yet the service knows (for push)
      try (LiveClient franks = LiveClient.connect(port2, frank.token());
          LiveClient erins = LiveClient.connect(port2, erin.token())) {
        assertThat(franks.next("hello", WAIT)).isNotNull();
        assertThat(erins.next("hello", WAIT)).isNotNull();
        JsonNode next = presenceOf(alices, dave, frank, erin);
        assertThat(next.path("subject").asString()).isEqualTo(erin.subject());
        // carol, whom dave blocked, hears of erin but never of dave (nor of frank)
        JsonNode carolsFirst = presenceOf(carols, dave, frank, erin);
        assertThat(carolsFirst.path("subject").asString()).isEqualTo(erin.subject());
        Awaitility.await().atMost(WAIT).until(() -> sessions1.online(a.name(), frank.subject()));
        assertThat(presence(api1, alice, frank)).isFalse();
      }

      daves.close();
      JsonNode offline = presenceOf(alices, dave);
      assertThat(offline.path("online").asBoolean()).isFalse();
      assertThat(sessions1.online(a.name(), dave.subject())).isFalse();
    }
    assertProblem(
        api1.get("/v1/presence?subject=" + dave.subject(), signedIn("stranger4").token()),
        404,
        "member-not-found");
  }

  @Test
  void receiptsReachTheSenderOnTheOtherInstanceAndMarksNeverGoDown() throws Exception {
    TestMember alice = signedIn("alice5");
    TestMember bob = signedIn("bob5");
    String direct = directOf(alice, bob);
    try (LiveClient alices = LiveClient.connect(port2, alice.token());
        LiveClient bobs = LiveClient.connect(port1, bob.token())) {
      assertThat(alices.next("hello", WAIT)).isNotNull();
      assertThat(bobs.next("hello", WAIT)).isNotNull();
      assertThat(post(api2, alice, direct, "r-1").status()).isEqualTo(201);
      assertThat(post(api2, alice, direct, "r-2").status()).isEqualTo(201);

      bobs.send(receipt("delivered", direct, 2));
      JsonNode delivered = alices.next("receipt", WAIT);
      assertThat(delivered).isNotNull();
      assertThat(delivered.path("kind").asString()).isEqualTo("delivered");
      assertThat(delivered.path("subject").asString()).isEqualTo(bob.subject());
      assertThat(delivered.path("conversationId").asString()).isEqualTo(direct);
      assertThat(delivered.path("seq").asLong()).isEqualTo(2);

      Api.Response read = api1.post(readPath(direct), bob.token(), Map.of("seq", 1));
      assertThat(read.status()).as(read.toString()).isEqualTo(200);
      assertThat(read.json().path("readSeq").asLong()).isEqualTo(1);
      assertThat(read.json().path("deliveredSeq").asLong()).isEqualTo(2);
      JsonNode first = alices.next("receipt", WAIT);
      assertThat(first.path("kind").asString()).isEqualTo("read");
      assertThat(first.path("seq").asLong()).isEqualTo(1);

      // lower or equal marks change nothing and are not relayed
      assertThat(api1.post(readPath(direct), bob.token(), Map.of("seq", 1)).status())
          .isEqualTo(200);
      bobs.send(receipt("delivered", direct, 1));
      assertThat(api1.post(readPath(direct), bob.token(), Map.of("seq", 2)).status())
          .isEqualTo(200);
      JsonNode next = alices.next("receipt", WAIT);
      assertThat(next.path("kind").asString()).isEqualTo("read");
      assertThat(next.path("seq").asLong()).isEqualTo(2);

      // bad marks are refused and change nothing
      assertProblem(
          api1.post(readPath(direct), bob.token(), Map.of("seq", 3)), 404, "message-not-found");
      assertThat(api1.post(readPath(direct), bob.token(), Map.of("seq", 0)).status())
          .isEqualTo(400);
      assertThat(api1.post(readPath(direct), bob.token(), "{\"seq\":\"two\"}").status())
          .isEqualTo(400);
      assertProblem(
          api1.post(readPath(direct), signedIn("eve5").token(), Map.of("seq", 1)),
          403,
          "not-a-member");
      bobs.send(receipt("read", direct, 99));
      assertThat(bobs.next("error", WAIT).path("reason").asString()).contains("No message 99");

      JsonNode marks = marksOf(api2, alice, direct, bob);
      assertThat(marks.path("deliveredSeq").asLong()).isEqualTo(2);
      assertThat(marks.path("readSeq").asLong()).isEqualTo(2);
    }
  }

  @Test
  void aMemberWhoSwitchedReadReceiptsOffSendsNone() throws Exception {
    TestMember grace = signedIn("grace6");
    TestMember henry = signedIn("henry6");
    String direct = directOf(grace, henry);
    Api.Response defaults = api1.get("/v1/me/settings", henry.token());
    assertThat(defaults.json().path("deliveryReceipts").asBoolean()).isTrue();
    assertThat(defaults.json().path("readReceipts").asBoolean()).isTrue();
    assertThat(defaults.json().path("presence").asBoolean()).isTrue();
    Api.Response off = api2.put("/v1/me/settings", henry.token(), Map.of("readReceipts", false));
    assertThat(off.status()).as(off.toString()).isEqualTo(200);
    assertThat(off.json().path("readReceipts").asBoolean()).isFalse();
    assertThat(off.json().path("deliveryReceipts").asBoolean()).isTrue();
    assertThat(api1.get("/v1/me/settings", henry.token()).json().path("readReceipts").asBoolean())
        .isFalse();
    assertThat(api1.put("/v1/me/settings", henry.token(), "{\"presence\":\"maybe\"}").status())
        .isEqualTo(400);
    assertThat(api1.get("/v1/me/settings", henry.token()).json().path("presence").asBoolean())
        .isTrue();

    try (LiveClient graces = LiveClient.connect(port2, grace.token());
        LiveClient henrys = LiveClient.connect(port1, henry.token())) {
      assertThat(graces.next("hello", WAIT)).isNotNull();
      assertThat(henrys.next("hello", WAIT)).isNotNull();
      assertThat(post(api2, grace, direct, "g-1").status()).isEqualTo(201);
      assertThat(post(api2, grace, direct, "g-2").status()).isEqualTo(201);

      henrys.send(receipt("read", direct, 1));
      // henry's own devices still learn his mark
      JsonNode own = henrys.next("receipt", WAIT);
      assertThat(own.path("kind").asString()).isEqualTo("read");
      henrys.send(receipt("delivered", direct, 2));

      JsonNode first = graces.next("receipt", WAIT);
      assertThat(first.path("kind").asString()).isEqualTo("delivered");
      assertThat(first.path("seq").asLong()).isEqualTo(2);
      assertThat(graces.next("receipt", QUIET)).isNull();

      JsonNode seenByGrace = marksOf(api1, grace, direct, henry);
      assertThat(seenByGrace.path("readSeq").isNull()).isTrue();
      assertThat(seenByGrace.path("deliveredSeq").asLong()).isEqualTo(2);
      assertThat(marksOf(api1, henry, direct, henry).path("readSeq").asLong()).isEqualTo(1);
    }
  }

  @Test
  void anotherTenantListeningOnTheChannelGetsOnlyCiphertextItCannotOpenOrReplay() throws Exception {
    TestMember alice = signedIn("alice7");
    TestMember bob = signedIn("bob7");
    String group = groupOf(alice, bob);
    TenantConfig tenantA = one.getBean(TenantDirectory.class).byName(a.name()).orElseThrow();
    String channel = LiveBus.channel(tenantA);
    // B cannot name A's channel from what it has (its own password, A's schema): the test hands
    // it over to show that even a leaked name gives B nothing
    assertThat(channel)
        .isNotEqualTo(TenantKeys.of(b.dbPassword()).channel("chat_live"))
        .doesNotContain(tenantA.database().schema());
    try (Connection attacker = tenants.connect(b);
        Statement statement = attacker.createStatement();
        LiveClient alices = LiveClient.connect(port2, alice.token());
        LiveClient bobs = LiveClient.connect(port1, bob.token())) {
      statement.execute("LISTEN " + NotificationListener.quoted(channel));
      assertThat(alices.next("hello", WAIT)).isNotNull();
      assertThat(bobs.next("hello", WAIT)).isNotNull();

      alices.send("{\"type\":\"typing\",\"conversationId\":\"" + group + "\"}");
      assertThat(bobs.next("typing", WAIT)).isNotNull();
      List<String> captured = notifications(attacker);

      assertThat(captured).isNotEmpty();
      boolean typingFound = false;
      for (String payload : captured) {
        String decoded =
            new String(Base64.getDecoder().decode(payload), StandardCharsets.ISO_8859_1);
        for (String secret : List.of(alice.subject(), group, "typing", a.name())) {
          assertThat(payload).doesNotContain(secret);
          assertThat(decoded).doesNotContain(secret);
        }
        assertThat(TenantKeys.of(b.dbPassword()).seal(channel).open(payload)).isEmpty();
        // with tenant A's key the same bytes are the event: the ciphertext is the real thing
        String opened =
            new String(
                TenantKeys.of(a.dbPassword()).seal(channel).open(payload).orElseThrow(),
                StandardCharsets.UTF_8);
        typingFound |= opened.contains("typing") && opened.contains(alice.subject());
      }
      assertThat(typingFound).isTrue();

      // B replays what it captured, and sends noise: A's devices get nothing from either
      try (PreparedStatement notify = attacker.prepareStatement("SELECT pg_notify(?, ?)")) {
        for (String payload : captured) {
          notify.setString(1, channel);
          notify.setString(2, payload);
          notify.execute();
        }
        notify.setString(2, Base64.getEncoder().encodeToString(new byte[64]));
        notify.execute();
      }
      alices.send("{\"type\":\"recording\",\"conversationId\":\"" + group + "\"}");
      JsonNode after = bobs.nextOf(WAIT, "typing", "recording");
      assertThat(after.path("type").asString()).isEqualTo("recording");
    }
  }

  @Test
  void devicesAreToldToResyncWhenTheListenerLostItsConnection() throws Exception {
    TestMember alice = signedIn("alice8");
    TestMember bob = signedIn("bob8");
    String group = groupOf(alice, bob);
    try (LiveClient bobs = LiveClient.connect(port1, bob.token());
        LiveClient alices = LiveClient.connect(port2, alice.token())) {
      assertThat(bobs.next("hello", WAIT)).isNotNull();
      assertThat(alices.next("hello", WAIT)).isNotNull();

      int terminated = terminateListener(one.getBean(LiveBus.class).listenerName());
      assertThat(terminated).isEqualTo(1);

      assertThat(bobs.next("resync", WAIT)).as("a resync hint").isNotNull();
      // and the bus works again after the reconnect
      alices.send("{\"type\":\"typing\",\"conversationId\":\"" + group + "\"}");
      assertThat(bobs.next("typing", WAIT)).isNotNull();
    }
  }

  /**
   * The cap counts a member's connections on both instances: three devices spread over them fill
   * it, a fourth is refused by either, a device that leaves one instance makes room on the other. A
   * killed instance's connections (leases that lapsed, left in the table) stop counting; those of a
   * live one (unexpired leases) count.
   */
  @Test
  void aMembersConnectionCapHoldsAcrossInstances() throws Exception {
    TestMember erin = signedIn("erin");
    List<LiveClient> devices = new ArrayList<>();
    try {
      for (int port : new int[] {port1, port1, port2}) {
        LiveClient device = LiveClient.connect(port, erin.token());
        devices.add(device);
        assertThat(device.next("hello", WAIT)).isNotNull();
      }
      assertThat(handshakeStatus(port2, erin))
          .as("a fourth, on the instance holding one")
          .isEqualTo(429);
      assertThat(handshakeStatus(port1, erin))
          .as("a fourth, on the one holding two")
          .isEqualTo(429);

      devices.remove(0).close();
      Awaitility.await().atMost(WAIT).until(() -> leases(erin) == SOCKET_CAP - 1);
      LiveClient replacement = LiveClient.connect(port2, erin.token());
      devices.add(replacement);
      assertThat(replacement.next("hello", WAIT)).isNotNull();
    } finally {
      devices.forEach(LiveClient::close);
    }
    Awaitility.await().atMost(WAIT).until(() -> leases(erin) == 0);

    insertLeases(erin, SOCKET_CAP, "now() - interval '1 second'");
    LiveClient afterACrash = LiveClient.connect(port1, erin.token());
    try {
      assertThat(afterACrash.next("hello", WAIT))
          .as("the lapsed leases of a killed instance do not count")
          .isNotNull();
    } finally {
      afterACrash.close();
    }
    Awaitility.await().atMost(WAIT).until(() -> leases(erin) == 0);
    insertLeases(erin, SOCKET_CAP, "now() + interval '1 minute'");
    assertThat(handshakeStatus(port1, erin))
        .as("another instance's unexpired leases count")
        .isEqualTo(429);
  }

  private static int handshakeStatus(int port, TestMember member) {
    try {
      LiveClient.connect(port, member.token()).close();
      return 101;
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
  }

  private static long leases(TestMember member) throws Exception {
    try (Connection admin =
            DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        PreparedStatement query =
            admin.prepareStatement(
                "SELECT count(*) FROM "
                    + a.name()
                    + ".chat_live_socket WHERE subject = ? AND expires_at > now()")) {
      query.setString(1, member.subject());
      try (ResultSet rs = query.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Leases as another instance leaves them: {@code expiresAt} is an SQL expression. */
  private static void insertLeases(TestMember member, int count, String expiresAt)
      throws Exception {
    try (Connection admin =
            DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        PreparedStatement insert =
            admin.prepareStatement(
                "INSERT INTO "
                    + a.name()
                    + ".chat_live_socket (id, subject, expires_at)"
                    + " SELECT gen_random_uuid(), ?, "
                    + expiresAt
                    + " FROM generate_series(1, ?)")) {
      insert.setString(1, member.subject());
      insert.setInt(2, count);
      insert.executeUpdate();
    }
  }

  private static int terminateListener(String applicationName) throws Exception {
    try (Connection admin =
            DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        PreparedStatement terminate =
            admin.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = ?")) {
      terminate.setString(1, applicationName);
      try (ResultSet rs = terminate.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static List<String> notifications(Connection connection) throws Exception {
    PGConnection pg = connection.unwrap(PGConnection.class);
    List<String> payloads = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      PGNotification[] got = pg.getNotifications(500);
      if (got != null && got.length > 0) {
        for (PGNotification notification : got) {
          payloads.add(notification.getParameter());
        }
        // whatever else arrives with it (presence) comes within the next poll
        PGNotification[] more = pg.getNotifications(500);
        if (more != null) {
          for (PGNotification notification : more) {
            payloads.add(notification.getParameter());
          }
        }
        break;
      }
    }
    return payloads;
  }

  /** The next presence event about one of {@code about}, skipping others; fails on none. */
  private static JsonNode presenceOf(LiveClient device, TestMember... about)
      throws InterruptedException {
    Set<String> subjects = new java.util.HashSet<>();
    for (TestMember member : about) {
      subjects.add(member.subject());
    }
    while (true) {
      JsonNode event = device.next("presence", WAIT);
      assertThat(event).as("a presence event").isNotNull();
      if (subjects.contains(event.path("subject").asString())) {
        return event;
      }
    }
  }

  private static boolean presence(Api api, TestMember viewer, TestMember subject) {
    Api.Response response = api.get("/v1/presence?subject=" + subject.subject(), viewer.token());
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().path("online").asBoolean();
  }

  private static JsonNode marksOf(Api api, TestMember viewer, String conversation, TestMember of) {
    Api.Response response =
        api.get("/v1/conversations/" + conversation + "/receipts", viewer.token());
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    for (JsonNode member : response.json().path("members")) {
      if (member.path("subject").asString().equals(of.subject())) {
        return member;
      }
    }
    throw new AssertionError(of.username() + " not in " + response);
  }

  private static String receipt(String kind, String conversation, long seq) {
    return "{\"type\":\""
        + kind
        + "\",\"conversationId\":\""
        + conversation
        + "\",\"seq\":"
        + seq
        + "}";
  }

  private static String readPath(String conversation) {
    return "/v1/conversations/" + conversation + "/read";
  }

  private static TestMember signedIn(String username) {
    TestMember member = tenants.member(a, username);
    assertThat(api1.get("/v1/me", member.token()).status()).isEqualTo(200);
    return member;
  }

  private static String groupOf(TestMember owner, TestMember... others) {
    String group =
        api1.post(
                "/v1/conversations",
                owner.token(),
                Map.of("kind", "group", "title", "cones", "open", true))
            .json()
            .path("id")
            .asString();
    for (TestMember member : others) {
      assertThat(api2.post("/v1/conversations/" + group + "/join", member.token(), "").status())
          .isEqualTo(204);
    }
    return group;
  }

  private static String directOf(TestMember one, TestMember other) {
    String id =
        api1.post(
                "/v1/conversations", one.token(), Map.of("kind", "direct", "with", other.subject()))
            .json()
            .path("id")
            .asString();
    assertThat(api1.post("/v1/conversations/" + id + "/join", other.token(), "").status())
        .isEqualTo(204);
    return id;
  }

  private static Api.Response post(Api api, TestMember member, String conversation, String id) {
    return api.voiceMessage(member.token(), conversation, id, Clips.oggOpus(500));
  }

  private static int port(ConfigurableApplicationContext context) {
    return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }
}
