package dev.sundae.chat.live;

import static dev.sundae.chat.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.chat.ChatApplication;
import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.LiveClient;
import dev.sundae.chat.support.TestMember;
import dev.sundae.testing.audio.Clips;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Live delivery over real WebSockets, and sync from a cursor, against real servers. */
@WithKeycloak
@WithMinio
@WithPostgres
@SpringBootTest(
    classes = ChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sundae.chat.live.heartbeat=1s",
      "sundae.chat.live.max-sockets-per-member=" + LiveDeliveryIT.SOCKET_CAP
    })
class LiveDeliveryIT {

  static final int SOCKET_CAP = 3;
  private static final Duration WAIT = Duration.ofSeconds(10);

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
  void bothDevicesOfAMemberReceiveAGroupMessageLive() throws Exception {
    TestMember alice = signedIn("alice1");
    TestMember bob = signedIn("bob1");
    String group = groupOf(alice, bob);
    try (LiveClient phone = LiveClient.connect(port, bob.token());
        LiveClient browser = LiveClient.connectWithQueryToken(port, bob.token())) {
      assertThat(phone.next("hello", WAIT).path("subject").asString()).isEqualTo(bob.subject());
      assertThat(browser.next("hello", WAIT)).isNotNull();
      byte[] clip = Clips.oggOpus(2_000);

      JsonNode posted = post(alice, group, "live-1", clip).json();

      for (LiveClient device : List.of(phone, browser)) {
        JsonNode event = device.next("message", WAIT);
        assertThat(event).as("a message event").isNotNull();
        JsonNode message = event.path("message");
        assertThat(message.path("id").asString()).isEqualTo(posted.path("id").asString());
        assertThat(message.path("conversationId").asString()).isEqualTo(group);
        assertThat(message.path("seq").asLong()).isEqualTo(1);
        assertThat(message.path("audio").path("durationMillis").asLong()).isEqualTo(2_000);
        // metadata and a URL, never the audio itself; the URL gives the clip
        assertThat(event.toString()).hasSizeLessThan(4_000);
        assertThat(download(message.path("audio").path("url").asString())).isEqualTo(clip);
      }
    }
  }

  @Test
  void aDeviceOfflineForTenMessagesCatchesUpOnceAndInOrder() throws Exception {
    TestMember alice = signedIn("alice2");
    TestMember bob = signedIn("bob2");
    String group = groupOf(alice, bob);
    post(alice, group, "before", Clips.oggOpus(500));
    JsonNode first = sync(bob, null);
    assertThat(messagesOf(first, group)).containsExactly("before");
    String cursor = first.path("cursor").asString();

    // bob's device is offline while ten messages arrive
    for (int i = 1; i <= 10; i++) {
      post(alice, group, "offline-" + i, Clips.oggOpus(300));
    }

    JsonNode caughtUp = sync(bob, cursor);
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      expected.add("offline-" + i);
    }
    assertThat(messagesOf(caughtUp, group)).containsExactlyElementsOf(expected);
    assertThat(seqsOf(caughtUp, group)).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    assertThat(caughtUp.path("hasMore").asBoolean()).isFalse();

    JsonNode again = sync(bob, caughtUp.path("cursor").asString());
    assertThat(again.path("conversations").size()).isZero();

    // in pages, nothing is lost or repeated either
    List<String> paged = new ArrayList<>();
    String pageCursor = cursor;
    JsonNode page;
    do {
      page = api.get("/v1/sync?limit=3&cursor=" + pageCursor, bob.token()).json();
      paged.addAll(messagesOf(page, group));
      pageCursor = page.path("cursor").asString();
    } while (page.path("hasMore").asBoolean());
    assertThat(paged).containsExactlyElementsOf(expected);
  }

  @Test
  void aNonMemberNeitherReceivesNorReadsAGroup() throws Exception {
    TestMember alice = signedIn("alice3");
    TestMember bob = signedIn("bob3");
    TestMember eve = signedIn("eve3");
    String group = groupOf(alice, bob);
    try (LiveClient eves = LiveClient.connect(port, eve.token())) {
      assertThat(eves.next("hello", WAIT)).isNotNull();
      post(alice, group, "secret", Clips.oggOpus(500));
      // then a message eve may see: the first message she gets must be that one
      String direct =
          api.post(
                  "/v1/conversations",
                  alice.token(),
                  Map.of("kind", "direct", "with", eve.subject()))
              .json()
              .path("id")
              .asString();
      assertThat(api.post("/v1/conversations/" + direct + "/join", eve.token(), "").status())
          .isEqualTo(204);
      post(alice, direct, "hello-eve", Clips.oggOpus(500));

      JsonNode event = eves.next("message", WAIT);
      assertThat(event.path("message").path("clientMessageId").asString()).isEqualTo("hello-eve");

      // typing in a group she is not in is refused, and nobody hears of it
      eves.send("{\"type\":\"typing\",\"conversationId\":\"" + group + "\"}");
      assertThat(eves.next("error", WAIT).path("reason").asString())
          .contains("conversationId must be a conversation you are a member of");
    }
    assertProblem(
        api.get("/v1/conversations/" + group + "/messages", eve.token()), 403, "not-a-member");
    assertThat(messagesOf(sync(eve, null), group)).isEmpty();
  }

  @Test
  void typingIsRelayedToTheOthersAndTheServerKeepsTheConnectionAlive() throws Exception {
    TestMember alice = signedIn("alice4");
    TestMember bob = signedIn("bob4");
    String group = groupOf(alice, bob);
    try (LiveClient alices = LiveClient.connect(port, alice.token());
        LiveClient bobs = LiveClient.connect(port, bob.token())) {
      assertThat(alices.next("hello", WAIT).path("heartbeatMillis").asLong()).isEqualTo(1_000);
      assertThat(bobs.next("hello", WAIT)).isNotNull();
      alices.send("{\"type\":\"recording\",\"conversationId\":\"" + group + "\"}");
      JsonNode recording = bobs.next("recording", WAIT);
      assertThat(recording.path("subject").asString()).isEqualTo(alice.subject());
      assertThat(recording.path("conversationId").asString()).isEqualTo(group);

      alices.send("{\"type\":\"ping\"}");
      assertThat(alices.next("pong", WAIT)).isNotNull();
      alices.send("not json");
      assertThat(alices.next("error", WAIT).path("reason").asString()).startsWith("not JSON");

      // with a 1 s heartbeat the server has pinged, and the answered connection stays open
      Thread.sleep(3_500);
      assertThat(bobs.pings()).isGreaterThanOrEqualTo(2);
      assertThat(bobs.closed()).isNotDone();
    }
  }

  @Test
  void aFloodOfControlFramesFromEverySocketOfAMemberLeavesTheTenantServingOthers()
      throws Exception {
    TestMember flooder = signedIn("flood5");
    TestMember alice = signedIn("alice5");
    TestMember bob = signedIn("bob5");
    TestMember carol = signedIn("carol5");
    String flooded = groupOf(flooder, bob);
    String quiet = groupOf(alice, carol);
    String typing = "{\"type\":\"typing\",\"conversationId\":\"" + flooded + "\"}";
    String read = "{\"type\":\"read\",\"conversationId\":\"" + flooded + "\",\"seq\":1}";
    String delivered = "{\"type\":\"delivered\",\"conversationId\":\"" + flooded + "\",\"seq\":1}";
    List<LiveClient> floods = new ArrayList<>();
    ExecutorService flooding = Executors.newFixedThreadPool(SOCKET_CAP);
    try (LiveClient bobs = LiveClient.connect(port, bob.token());
        LiveClient carols = LiveClient.connect(port, carol.token())) {
      assertThat(bobs.next("hello", WAIT)).isNotNull();
      assertThat(carols.next("hello", WAIT)).isNotNull();
      for (int s = 0; s < SOCKET_CAP; s++) {
        LiveClient flood = LiveClient.connect(port, flooder.token());
        floods.add(flood);
        assertThat(flood.next("hello", WAIT)).isNotNull();
      }
      // every socket the member may hold sends thousands of frames, each a query or more
      List<Future<?>> sent = new ArrayList<>();
      for (LiveClient flood : floods) {
        sent.add(
            flooding.submit(
                () -> {
                  for (int i = 0; i < 5_000 && !flood.closed().isDone(); i++) {
                    try {
                      flood.send(List.of(typing, read, delivered).get(i % 3));
                    } catch (RuntimeException closedMeanwhile) {
                      return;
                    }
                  }
                }));
      }

      // meanwhile others are served: a REST call, and a message delivered live to a third member
      long started = System.nanoTime();
      assertThat(api.get("/v1/conversations", alice.token()).status()).isEqualTo(200);
      post(alice, quiet, "during-flood", Clips.oggOpus(500));
      JsonNode arrived = carols.next("message", WAIT);
      assertThat(arrived).as("the message sent during the flood").isNotNull();
      assertThat(arrived.path("message").path("clientMessageId").asString())
          .isEqualTo("during-flood");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT);

      for (Future<?> done : sent) {
        done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
      for (LiveClient flood : floods) {
        assertThat(flood.closed().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1008);
      }
      // bob heard at most the flooder's budgets, and repeated typing once per socket
      int typings = 0;
      while (bobs.next("typing", Duration.ofSeconds(1)) != null) {
        typings++;
      }
      assertThat(typings).isLessThanOrEqualTo(SOCKET_CAP);
    } finally {
      flooding.shutdownNow();
      floods.forEach(LiveClient::close);
    }
  }

  @Test
  void aMemberHoldsAtMostTheCappedNumberOfConnections() throws Exception {
    TestMember dave = signedIn("dave5");
    List<LiveClient> devices = new ArrayList<>();
    try {
      for (int i = 0; i < SOCKET_CAP; i++) {
        LiveClient device = LiveClient.connect(port, dave.token());
        devices.add(device);
        assertThat(device.next("hello", WAIT)).isNotNull();
      }

      assertThatThrownBy(() -> devices.add(LiveClient.connect(port, dave.token())))
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(
              WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(429));
      assertThat(handshakeResponse(dave.token()))
          .startsWith("HTTP/1.1 429")
          .contains("application/problem+json")
          .contains("\"type\":\"https://sundae.dev/problems/too-many-connections\"");
      assertThat(devices).allSatisfy(device -> assertThat(device.closed()).isNotDone());

      // a device that leaves makes room for another
      devices.remove(0).close();
      LiveClient replacement = await(() -> LiveClient.connect(port, dave.token()));
      devices.add(replacement);
      assertThat(replacement.next("hello", WAIT)).isNotNull();
    } finally {
      devices.forEach(LiveClient::close);
    }
  }

  @Test
  void aConnectionWithoutAValidTokenIsRefused() {
    assertThatThrownBy(() -> LiveClient.connect(port, "not-a-token"))
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
  }

  private TestMember signedIn(String username) {
    TestMember member = tenants.member(a, username);
    assertThat(api.get("/v1/me", member.token()).status()).isEqualTo(200);
    return member;
  }

  private String groupOf(TestMember owner, TestMember member) {
    Api.Response created =
        api.post(
            "/v1/conversations",
            owner.token(),
            Map.of("kind", "group", "title", "live " + UUID.randomUUID(), "open", true));
    String id = created.json().path("id").asString();
    assertThat(api.post("/v1/conversations/" + id + "/join", member.token(), "").status())
        .isEqualTo(204);
    return id;
  }

  private Api.Response post(TestMember member, String conversation, String clientId, byte[] clip) {
    Api.Response posted = api.voiceMessage(member.token(), conversation, clientId, clip);
    assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    return posted;
  }

  private JsonNode sync(TestMember member, String cursor) {
    Api.Response response =
        api.get("/v1/sync" + (cursor == null ? "" : "?cursor=" + cursor), member.token());
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json();
  }

  private static List<String> messagesOf(JsonNode sync, String conversation) {
    List<String> ids = new ArrayList<>();
    for (JsonNode update : sync.path("conversations")) {
      if (update.path("conversationId").asString().equals(conversation)) {
        update.path("messages").forEach(m -> ids.add(m.path("clientMessageId").asString()));
      }
    }
    return ids;
  }

  private static List<Long> seqsOf(JsonNode sync, String conversation) {
    List<Long> seqs = new ArrayList<>();
    for (JsonNode update : sync.path("conversations")) {
      if (update.path("conversationId").asString().equals(conversation)) {
        update.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
      }
    }
    return seqs;
  }

  /** The raw HTTP response to an upgrade request for {@code /v1/live}, body included. */
  private String handshakeResponse(String token) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) WAIT.toMillis());
      String request =
          "GET /v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
              + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              + "Authorization: Bearer "
              + token
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new String(
          socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** What {@code connect} gives once it stops throwing, within {@link #WAIT}. */
  private static LiveClient await(java.util.concurrent.Callable<LiveClient> connect)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        return connect.call();
      } catch (CompletionException refused) {
        if (System.nanoTime() > deadline) {
          throw refused;
        }
        Thread.sleep(100);
      }
    }
  }

  private static byte[] download(String url) throws Exception {
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
