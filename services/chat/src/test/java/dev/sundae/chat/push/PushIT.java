package dev.sundae.chat.push;

import static dev.sundae.chat.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.interaso.webpush.VapidKeys;
import dev.sundae.chat.ChatApplication;
import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.LiveClient;
import dev.sundae.chat.support.Tarpit;
import dev.sundae.chat.support.TestMember;
import dev.sundae.testing.audio.Clips;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.junit.WithPushService;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.push.PushServiceServer;
import dev.sundae.testing.push.PushServiceServer.Subscription;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Web Push against a real push service (web-push-testing): it checks each push's VAPID token
 * against the key the device subscribed with, decrypts the RFC 8291 payload with the device's
 * private key, and answers 410 once a device unsubscribed. Tenants A and B have their own VAPID
 * pairs, tenant C none.
 */
@WithKeycloak
@WithMinio
@WithPostgres
@WithPushService
@SpringBootTest(
    classes = ChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sundae.chat.push.subject=mailto:ops@sundae.test",
      "sundae.chat.push.threads=4",
      "sundae.chat.push.threads-per-tenant=" + PushIT.THREADS_PER_TENANT,
      "sundae.chat.push.timeout=" + PushIT.PUSH_TIMEOUT_SECONDS + "s"
    })
class PushIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(20);
  static final int PUSH_TIMEOUT_SECONDS = 4;
  static final int THREADS_PER_TENANT = 2;
  private static final Tarpit TARPIT = new Tarpit();
  private static final VapidKeys A_KEYS = VapidKeys.generate();
  private static final VapidKeys B_KEYS = VapidKeys.generate();

  private static ChatTenants tenants;
  private static ChatTenant a;
  private static ChatTenant b;
  private static ChatTenant c;
  private static PushServiceServer push;

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;
  private Api api;

  @BeforeAll
  static void provision(
      KeycloakServer keycloak, MinioServer minio, PostgresServer postgres, PushServiceServer server)
      throws Exception {
    push = server;
    tenants = new ChatTenants(keycloak, minio, postgres);
    a = tenants.add("push_a");
    b = tenants.add("push_b");
    c = tenants.add("push_c");
  }

  @DynamicPropertySource
  static void chat(DynamicPropertyRegistry registry) {
    ChatTenants.register(registry, 3, () -> tenants);
    registry.add(
        "sundae.chat.push.allowed-insecure-origins", () -> push.origin() + "," + TARPIT.origin());
    for (var tenant : Map.of("push_a", A_KEYS, "push_b", B_KEYS).entrySet()) {
      String prefix = "sundae.chat.policies[" + tenant.getKey() + "].";
      registry.add(
          prefix + "vapid-public-key",
          () -> Base64Url.encode(tenant.getValue().getApplicationServerKey()));
      registry.add(prefix + "vapid-private-key", () -> PushKeysTest.privateKey(tenant.getValue()));
    }
  }

  @BeforeEach
  void api() {
    api = new Api(port);
  }

  @Test
  void anOfflineMemberGetsTheMessagesMetadataEncryptedForTheirDevice() throws Exception {
    TestMember alice = signedIn(a, "alice1");
    TestMember bob = signedIn(a, "bob1");
    String group = groupOf(alice, bob);
    Subscription bobsPhone = subscribe(bob);

    JsonNode posted = post(alice, group, "push-1", Clips.oggOpus(2_000)).json();

    List<String> received = awaitPushes(bobsPhone, 1);
    JsonNode payload = JSON.readTree(received.get(0));
    assertThat(payload.path("type").asString()).isEqualTo("message");
    assertThat(payload.path("conversationId").asString()).isEqualTo(group);
    assertThat(payload.path("seq").asLong()).isEqualTo(1);
    assertThat(payload.path("messageId").asString()).isEqualTo(posted.path("id").asString());
    assertThat(payload.path("sender").asString()).isEqualTo(alice.subject());
    assertThat(payload.path("durationMillis").asLong()).isEqualTo(2_000);
    assertThat(payload.path("sentAt").asString()).isEqualTo(posted.path("createdAt").asString());
    // metadata only: no audio, no signed URL
    assertThat(payload.has("audio")).isFalse();
    assertThat(received.get(0)).doesNotContain("http").hasSizeLessThan(400);
  }

  @Test
  void theSenderAnOnlineMemberAndAMemberWhoBlockedTheSenderGetNoPush() throws Exception {
    TestMember alice = signedIn(a, "alice2");
    TestMember bob = signedIn(a, "bob2");
    TestMember carol = signedIn(a, "carol2");
    TestMember dave = signedIn(a, "dave2");
    String group = groupOf(alice, bob, carol, dave);
    Subscription alicesPhone = subscribe(alice);
    Subscription bobsPhone = subscribe(bob);
    Subscription carolsPhone = subscribe(carol);
    Subscription davesPhone = subscribe(dave);
    assertThat(api.put("/v1/blocks/" + alice.subject(), carol.token(), "").status()).isEqualTo(204);
    awaitNothingPending();
    double sentBefore = count("push_a", "sent");

    try (LiveClient davesBrowser = LiveClient.connect(port, dave.token())) {
      assertThat(davesBrowser.next("hello", WAIT)).isNotNull();

      post(alice, group, "push-2", Clips.oggOpus(1_000));

      assertThat(awaitPushes(bobsPhone, 1)).hasSize(1);
      assertThat(davesBrowser.next("message", WAIT)).as("dave gets it live").isNotNull();
      awaitNothingPending();
    }
    assertThat(push.messages(alicesPhone)).as("the sender").isEmpty();
    assertThat(push.messages(carolsPhone)).as("blocked the sender").isEmpty();
    assertThat(push.messages(davesPhone)).as("online").isEmpty();
    assertThat(count("push_a", "sent") - sentBefore).isEqualTo(1);
  }

  @Test
  void aSubscriptionThePushServiceNoLongerKnowsIsRemoved() throws Exception {
    TestMember alice = signedIn(a, "alice3");
    TestMember bob = signedIn(a, "bob3");
    String group = groupOf(alice, bob);
    Subscription bobsPhone = subscribe(bob);
    Subscription bobsLaptop = subscribe(bob);
    assertThat(api.get("/v1/push/subscriptions", bob.token()).json().size()).isEqualTo(2);
    awaitNothingPending();
    double expiredBefore = count("push_a", "expired");

    push.expire(bobsPhone);
    post(alice, group, "push-3", Clips.oggOpus(500));

    assertThat(awaitPushes(bobsLaptop, 1)).hasSize(1);
    await().atMost(WAIT).until(() -> endpoints(bob).equals(List.of(bobsLaptop.endpoint())));
    awaitNothingPending();
    assertThat(push.messages(bobsPhone)).isEmpty();
    assertThat(count("push_a", "expired") - expiredBefore).isEqualTo(1);
  }

  @Test
  void subscribingAgainIsIdempotentAndAMemberSeesAndDeletesOnlyTheirOwn() {
    TestMember bob = signedIn(a, "bob4");
    TestMember eve = signedIn(a, "eve4");
    Subscription device = push.subscribe(publicKey(bob));
    Api.Response first = api.post("/v1/push/subscriptions", bob.token(), body(device));
    Api.Response again = api.post("/v1/push/subscriptions", bob.token(), body(device));
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    String id = first.json().path("id").asString();
    assertThat(again.json().path("id").asString()).isEqualTo(id);
    assertThat(first.json().path("endpoint").asString()).isEqualTo(device.endpoint());
    assertThat(first.json().has("keys")).isFalse();

    assertThat(api.get("/v1/push/subscriptions", eve.token()).json().size()).isZero();
    assertProblem(
        api.delete("/v1/push/subscriptions/" + id, eve.token()), 404, "subscription-not-found");
    assertThat(endpoints(bob)).containsExactly(device.endpoint());

    assertThat(api.delete("/v1/push/subscriptions/" + id, bob.token()).status()).isEqualTo(204);
    assertThat(endpoints(bob)).isEmpty();
    assertProblem(
        api.delete("/v1/push/subscriptions/" + id, bob.token()), 404, "subscription-not-found");
  }

  @Test
  void tenantAsMemberCannotListOrDeleteTenantBsSubscriptions() {
    TestMember anna = signedIn(a, "anna5");
    TestMember bruno = signedIn(b, "bruno5");
    String aKey = publicKey(anna);
    String bKey = publicKey(bruno);
    assertThat(aKey).isEqualTo(Base64Url.encode(A_KEYS.getApplicationServerKey()));
    assertThat(bKey).isEqualTo(Base64Url.encode(B_KEYS.getApplicationServerKey()));
    Subscription brunosPhone = subscribe(bruno);
    String brunosId =
        api.get("/v1/push/subscriptions", bruno.token()).json().get(0).path("id").asString();

    assertThat(api.get("/v1/push/subscriptions", anna.token()).json().size()).isZero();
    assertProblem(
        api.delete("/v1/push/subscriptions/" + brunosId, anna.token()),
        404,
        "subscription-not-found");
    assertThat(endpoints(bruno)).containsExactly(brunosPhone.endpoint());
  }

  @Test
  void badSubscriptionsAreRefusedWithTheirReasonAndNothingIsStored() {
    TestMember bob = signedIn(a, "bob6");
    Subscription device = push.subscribe(publicKey(bob));
    String p256dh = device.p256dh();
    String auth = device.auth();
    byte[] offCurve = Base64Url.decode(p256dh);
    offCurve[64] ^= 1;
    Map<String, String> refusals = new LinkedHashMap<>();
    refusals.put(json("http://push.example/x", p256dh, auth), "endpoint: must be an https URL");
    refusals.put(
        json("https://127.0.0.1:9/x", p256dh, auth),
        "endpoint: must be a public host, not 127.0.0.1");
    refusals.put(json("/relative", p256dh, auth), "endpoint: must be an absolute URL with a host");
    refusals.put(
        json(device.endpoint(), Base64Url.encode(new byte[33]), auth),
        "keys.p256dh: must be an uncompressed P-256 public key (65 bytes starting with 0x04), got"
            + " 33 bytes");
    refusals.put(
        json(device.endpoint(), Base64Url.encode(offCurve), auth),
        "keys.p256dh: the point is not on the P-256 curve");
    refusals.put(
        json(device.endpoint(), p256dh, Base64Url.encode(new byte[8])),
        "keys.auth: must be a 16-byte authentication secret, got 8 bytes");
    refusals.put("{\"endpoint\":\"" + device.endpoint() + "\"}", "keys.p256dh: is required");

    refusals.forEach(
        (body, reason) -> {
          Api.Response response = api.post("/v1/push/subscriptions", bob.token(), body);
          assertProblem(response, 400, "invalid-subscription");
          assertThat(response.json().path("detail").asString()).as(body).isEqualTo(reason);
        });
    assertProblem(
        api.post("/v1/push/subscriptions", bob.token(), "not json"), 400, "malformed-body");
    assertThat(endpoints(bob)).isEmpty();
  }

  @Test
  void aTenantWithoutVapidKeysAnswersPushNotConfigured() {
    TestMember carl = signedIn(c, "carl7");
    Subscription device = push.subscribe(Base64Url.encode(A_KEYS.getApplicationServerKey()));

    assertProblem(api.get("/v1/push/vapid-public-key", carl.token()), 503, "push-not-configured");
    Api.Response refused = api.post("/v1/push/subscriptions", carl.token(), body(device));
    assertProblem(refused, 503, "push-not-configured");
    assertThat(refused.json().path("detail").asString()).contains("no VAPID key pair");
  }

  /**
   * A member of tenant A subscribes push endpoints that never answer (a tarpit) and A posts to
   * them; tenant B's push still arrives at once, before the first of A's has even timed out (it
   * waited for several timeouts when one pool sent device by device), and a tarpit endpoint that
   * timed out is set aside, so A's attempts stay far below one per message and endpoint.
   */
  @Test
  void pushServicesThatHangDelayNoOtherTenantAndAreTriedOnce() throws Exception {
    TestMember alice = signedIn(a, "alice8");
    TestMember bob = signedIn(a, "bob8");
    String group = groupOf(alice, bob);
    int tarpits = 6;
    for (int i = 0; i < tarpits; i++) {
      Subscription keys = push.subscribe(publicKey(bob));
      String endpoint = TARPIT.origin() + "/hang/" + i;
      Api.Response subscribed =
          api.post(
              "/v1/push/subscriptions", bob.token(), json(endpoint, keys.p256dh(), keys.auth()));
      assertThat(subscribed.status()).as(subscribed.toString()).isEqualTo(201);
    }
    TestMember anna = signedIn(b, "anna8");
    TestMember bruno = signedIn(b, "bruno8");
    String otherGroup = groupOf(anna, bruno);
    Subscription brunosPhone = subscribe(bruno);
    awaitNothingPending();
    double skippedBefore = count("push_a", "skipped");
    int messages = 6;

    for (int i = 0; i < messages; i++) {
      post(alice, group, "hang-" + i, Clips.oggOpus(500));
    }
    await().atMost(WAIT).until(() -> !TARPIT.accepted().isEmpty());
    post(anna, otherGroup, "fair-1", Clips.oggOpus(500));
    assertThat(awaitPushes(brunosPhone, 1)).hasSize(1);
    java.time.Instant arrived = java.time.Instant.now();

    assertThat(arrived)
        .as("tenant B's push, against the first of A's hanging pushes timing out")
        .isBefore(TARPIT.accepted().get(0).plusSeconds(PUSH_TIMEOUT_SECONDS));
    await()
        .atMost(Duration.ofSeconds(PUSH_TIMEOUT_SECONDS * (tarpits + 2L)))
        .until(() -> meters.get("sundae.chat.push.pending").gauge().value() == 0);
    // Before an endpoint's first timeout, as many of its pushes as A's share of threads may hang at
    // once; after it, none: the attempts do not grow with the messages.
    int attempts = TARPIT.accepted().size();
    assertThat(attempts)
        .as("pushes that reached the tarpit, of %d", messages * tarpits)
        .isBetween(tarpits, tarpits * THREADS_PER_TENANT);
    assertThat(count("push_a", "skipped") - skippedBefore).isEqualTo(messages * tarpits - attempts);
  }

  private String publicKey(TestMember member) {
    Api.Response response = api.get("/v1/push/vapid-public-key", member.token());
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response.json().path("publicKey").asString();
  }

  /** A device of the member subscribes with the tenant's key, as a browser would. */
  private Subscription subscribe(TestMember member) {
    Subscription device = push.subscribe(publicKey(member));
    Api.Response response = api.post("/v1/push/subscriptions", member.token(), body(device));
    assertThat(response.status()).as(response.toString()).isEqualTo(201);
    return device;
  }

  /** As a browser's {@code PushSubscription.toJSON()} has it. */
  private static Map<String, Object> body(Subscription device) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("endpoint", device.endpoint());
    body.put("expirationTime", null);
    body.put("keys", Map.of("p256dh", device.p256dh(), "auth", device.auth()));
    return body;
  }

  private static String json(String endpoint, String p256dh, String auth) {
    return JSON.writeValueAsString(
        Map.of("endpoint", endpoint, "keys", Map.of("p256dh", p256dh, "auth", auth)));
  }

  private List<String> endpoints(TestMember member) {
    List<String> out = new ArrayList<>();
    api.get("/v1/push/subscriptions", member.token())
        .json()
        .forEach(s -> out.add(s.path("endpoint").asString()));
    return out;
  }

  private List<String> awaitPushes(Subscription device, int count) {
    return await().atMost(WAIT).until(() -> push.messages(device), m -> m.size() >= count);
  }

  /** Every push of the messages posted so far has been sent (or has failed). */
  private void awaitNothingPending() {
    await().atMost(WAIT).until(() -> meters.get("sundae.chat.push.pending").gauge().value() == 0);
  }

  private double count(String tenant, String outcome) {
    var counter =
        meters
            .find("sundae.chat.push.sent")
            .tag("tenant", tenant)
            .tag("outcome", outcome)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private TestMember signedIn(ChatTenant tenant, String username) {
    TestMember member = tenants.member(tenant, username);
    assertThat(api.get("/v1/me", member.token()).status()).isEqualTo(200);
    return member;
  }

  private String groupOf(TestMember owner, TestMember... members) {
    Api.Response created =
        api.post(
            "/v1/conversations",
            owner.token(),
            Map.of("kind", "group", "title", "push " + UUID.randomUUID(), "open", true));
    String id = created.json().path("id").asString();
    for (TestMember member : members) {
      assertThat(api.post("/v1/conversations/" + id + "/join", member.token(), "").status())
          .isEqualTo(204);
    }
    return id;
  }

  private Api.Response post(TestMember member, String conversation, String clientId, byte[] clip) {
    Api.Response posted = api.voiceMessage(member.token(), conversation, clientId, clip);
    assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    return posted;
  }
}
