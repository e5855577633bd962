package dev.sundae.chat.verification;

import static dev.sundae.chat.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.chat.ChatApplication;
import dev.sundae.chat.retention.Retention;
import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.LiveClient;
import dev.sundae.chat.support.TestMember;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.net.http.WebSocketHandshakeException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
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

/** Admission of a {@code verified} tenant: a selfie, a moderator's decision, one appeal. */
@WithKeycloak
@WithMinio
@WithPostgres
@SpringBootTest(
    classes = ChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "sundae.chat.policies.tenant_v.admission=verified")
class VerificationIT {

  /** Not a real photo: the service checks the JPEG signature, a moderator looks at the rest. */
  private static final byte[] SELFIE = {
    (byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1
  };

  private static ChatTenants tenants;
  private static ChatTenant v;
  private static TestMember moderator;

  @LocalServerPort int port;
  @Autowired Retention retention;
  @Autowired TenantDirectory directory;
  private Api api;

  @BeforeAll
  static void provision(KeycloakServer keycloak, MinioServer minio, PostgresServer postgres)
      throws Exception {
    tenants = new ChatTenants(keycloak, minio, postgres);
    v = tenants.add("tenant_v");
    moderator = tenants.moderator(v, "moderator");
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
  void aRejectedVerificationKeepsTheMemberOutAndAllowsOneAppeal() throws Exception {
    TestMember mallory = tenants.member(v, "mallory");
    assertThat(api.get("/v1/me", mallory.token()).json().path("status").asString())
        .isEqualTo("pending");
    assertProblem(api.get("/v1/conversations", mallory.token()), 403, "not-admitted");

    JsonNode first = submitSelfie(mallory);
    assertThat(first.path("state").asString()).isEqualTo("review");
    assertThat(first.path("assessment").asString()).contains("a moderator compares");
    String selfieKey = "chat/selfies/" + first.path("id").asString() + ".jpg";
    assertThat(stat(selfieKey)).isTrue();

    JsonNode rejected = decide(first, false, "The selfie does not match the profile photo");
    assertThat(rejected.path("state").asString()).isEqualTo("rejected");
    // the selfie is gone with the decision
    assertThat(stat(selfieKey)).isFalse();

    JsonNode status = api.get("/v1/verification", mallory.token()).json();
    assertThat(status.path("latest").path("reason").asString())
        .isEqualTo("The selfie does not match the profile photo");
    assertThat(status.path("maySubmit").asBoolean()).isTrue();
    assertThat(api.get("/v1/me", mallory.token()).json().path("status").asString())
        .isEqualTo("rejected");
    // still out: REST and WebSocket
    assertProblem(
        api.post("/v1/conversations", mallory.token(), Map.of("kind", "group", "title", "mine")),
        403,
        "not-admitted");
    assertThatThrownBy(() -> LiveClient.connect(port, mallory.token()))
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));

    // the one appeal, rejected again: final
    JsonNode appeal = submitSelfie(mallory);
    assertThat(appeal.path("appeal").asBoolean()).isTrue();
    decide(appeal, false, "Still no match");
    assertThat(api.get("/v1/verification", mallory.token()).json().path("maySubmit").asBoolean())
        .isFalse();
    assertProblem(
        api.post(
            "/v1/verification",
            mallory.token(),
            Map.of("contentType", "image/jpeg", "sizeBytes", SELFIE.length)),
        409,
        "no-appeal-left");
    assertProblem(api.get("/v1/conversations", mallory.token()), 403, "not-admitted");
  }

  @Test
  void anApprovedMemberIsAdmitted() throws Exception {
    TestMember alice = tenants.member(v, "alice");
    JsonNode submitted = submitSelfie(alice);
    decide(submitted, true, null);
    assertThat(api.get("/v1/me", alice.token()).json().path("status").asString())
        .isEqualTo("admitted");
    Api.Response created =
        api.post("/v1/conversations", alice.token(), Map.of("kind", "group", "title", "in"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  @Test
  void onlyModeratorsDecideAndARejectionNeedsAReason() throws Exception {
    TestMember bob = tenants.member(v, "bob");
    JsonNode submitted = submitSelfie(bob);
    String decision =
        "/v1/moderation/verifications/" + submitted.path("id").asString() + "/decision";
    // bob is not admitted, and his token has no moderator role: refused before anything is read
    assertProblem(api.get("/v1/moderation/verifications", bob.token()), 403, "forbidden-role");
    assertProblem(
        api.post(decision, moderator.token(), Map.of("approve", false)), 400, "invalid-request");
    assertThat(
            api.get("/v1/moderation/verifications", moderator.token())
                .json()
                .findValuesAsString("id"))
        .contains(submitted.path("id").asString());
  }

  @Test
  void refusesASelfieThatIsNotAnImage() {
    TestMember carol = tenants.member(v, "carol");
    byte[] text = "not a picture at all".getBytes();
    Api.Response started =
        api.post(
            "/v1/verification",
            carol.token(),
            Map.of("contentType", "image/jpeg", "sizeBytes", text.length));
    put(started, text);
    assertProblem(
        api.post(
            "/v1/verification/" + started.json().path("verificationId").asString() + "/submit",
            carol.token(),
            ""),
        422,
        "invalid-selfie");
  }

  @Test
  void aMemberHasOneOpenVerificationAndAnExpiredOneIsReplacedWithItsSelfieDeleted()
      throws Exception {
    TestMember dave = tenants.member(v, "dave");
    Api.Response first = start(dave);
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    put(first, SELFIE);
    String firstId = first.json().path("verificationId").asString();

    // a second start while the first URL is live: refused, nothing signed, nothing stored
    assertProblem(start(dave), 409, "verification-open");
    assertThat(states(dave)).containsExactly("uploading");

    // once its URL has expired, the next start abandons it and deletes its selfie
    try (Connection db = tenants.connect(v);
        PreparedStatement expire =
            db.prepareStatement(
                "UPDATE chat_verification SET upload_expires_at = now() - interval '1 second'"
                    + " WHERE id = ?")) {
      expire.setObject(1, UUID.fromString(firstId));
      assertThat(expire.executeUpdate()).isEqualTo(1);
    }
    Api.Response second = start(dave);
    assertThat(second.status()).as(second.toString()).isEqualTo(201);
    assertThat(second.json().path("appeal").asBoolean()).isFalse();
    assertThat(stat("chat/selfies/" + firstId + ".jpg")).isFalse();
    assertThat(states(dave)).containsExactly("uploading", "abandoned");
    assertProblem(
        api.post("/v1/verification/" + firstId + "/submit", dave.token(), ""),
        409,
        "already-submitted");
  }

  @Test
  void rejectionsAreCountedOverTheWholeHistoryNotTheLatestRow() throws Exception {
    TestMember erin = tenants.member(v, "erin");
    api.get("/v1/me", erin.token());
    // two rejections of tries none of which was flagged an appeal, as parallel verifications
    // opened before one-open-per-member left them
    try (Connection db = tenants.connect(v);
        PreparedStatement insert =
            db.prepareStatement(
                "INSERT INTO chat_verification"
                    + " (id, subject, appeal, selfie_key, content_type, state, reason)"
                    + " VALUES (?, ?, false, ?, 'image/jpeg', 'rejected', 'no match')")) {
      for (int i = 0; i < 2; i++) {
        UUID id = UUID.randomUUID();
        insert.setObject(1, id);
        insert.setString(2, erin.subject());
        insert.setString(3, "chat/selfies/" + id + ".jpg");
        insert.executeUpdate();
      }
    }
    assertThat(api.get("/v1/verification", erin.token()).json().path("maySubmit").asBoolean())
        .isFalse();
    assertProblem(start(erin), 409, "no-appeal-left");
  }

  @Test
  void startsAreRateLimitedPerMemberWithRetryAfter() {
    TestMember frank = tenants.member(v, "frank");
    TestMember grace = tenants.member(v, "grace");
    for (int i = 0; i < 5; i++) {
      Api.Response allowed = start(frank);
      assertThat(allowed.status()).as(allowed.toString()).isNotEqualTo(429);
    }
    Api.Response limited = start(frank);
    assertProblem(limited, 429, "rate-limited");
    assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
    // another member is not held up
    assertThat(start(grace).status()).isEqualTo(201);
  }

  @Test
  void thePurgeAbandonsASelfieNeverSubmittedAndDeletesIt() throws Exception {
    TestMember heidi = tenants.member(v, "heidi");
    Api.Response started = start(heidi);
    put(started, SELFIE);
    String key = "chat/selfies/" + started.json().path("verificationId").asString() + ".jpg";
    assertThat(stat(key)).isTrue();

    // a purge while the URL and its grace last keeps it
    retention.purge(directory.byName(v.name()).orElseThrow(), Instant.now());
    assertThat(states(heidi)).containsExactly("uploading");
    assertThat(stat(key)).isTrue();

    retention.purge(
        directory.byName(v.name()).orElseThrow(), Instant.now().plus(Duration.ofDays(2)));
    assertThat(states(heidi)).containsExactly("abandoned");
    assertThat(stat(key)).isFalse();
    // the abandoned try is neither a rejection nor open: a fresh start, not an appeal
    Api.Response again = start(heidi);
    assertThat(again.status()).as(again.toString()).isEqualTo(201);
    assertThat(again.json().path("appeal").asBoolean()).isFalse();
  }

  private Api.Response start(TestMember member) {
    return api.post(
        "/v1/verification",
        member.token(),
        Map.of("contentType", "image/jpeg", "sizeBytes", SELFIE.length));
  }

  /** The states of the member's verifications, newest first, read from the database. */
  private List<String> states(TestMember member) throws Exception {
    List<String> states = new ArrayList<>();
    try (Connection db = tenants.connect(v);
        PreparedStatement query =
            db.prepareStatement(
                "SELECT state FROM chat_verification WHERE subject = ? ORDER BY created_at DESC")) {
      query.setString(1, member.subject());
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          states.add(rs.getString(1));
        }
      }
    }
    return states;
  }

  private JsonNode submitSelfie(TestMember member) {
    Api.Response started =
        api.post(
            "/v1/verification",
            member.token(),
            Map.of("contentType", "image/jpeg", "sizeBytes", SELFIE.length));
    assertThat(started.status()).as(started.toString()).isEqualTo(201);
    put(started, SELFIE);
    Api.Response submitted =
        api.post(
            "/v1/verification/" + started.json().path("verificationId").asString() + "/submit",
            member.token(),
            "");
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
    return submitted.json();
  }

  private void put(Api.Response started, byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    started
        .json()
        .path("upload")
        .path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
    assertThat(
            api.put(started.json().path("upload").path("url").asString(), headers, body).status())
        .isEqualTo(200);
  }

  private JsonNode decide(JsonNode verification, boolean approve, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("approve", approve);
    if (reason != null) {
      body.put("reason", reason);
    }
    Api.Response decided =
        api.post(
            "/v1/moderation/verifications/" + verification.path("id").asString() + "/decision",
            moderator.token(),
            body);
    assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
    return decided.json();
  }

  private boolean stat(String key) throws Exception {
    try {
      tenants
          .tenantMinio(v)
          .statObject(StatObjectArgs.builder().bucket(v.bucket()).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      return false;
    }
  }
}
