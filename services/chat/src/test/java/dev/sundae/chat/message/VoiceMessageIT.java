package dev.sundae.chat.message;

import static dev.sundae.chat.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.chat.ChatApplication;
import dev.sundae.chat.retention.Retention;
import dev.sundae.chat.support.Api;
import dev.sundae.chat.support.ChatTenant;
import dev.sundae.chat.support.ChatTenants;
import dev.sundae.chat.support.TestMember;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.testing.audio.Clips;
import dev.sundae.testing.junit.WithKeycloak;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.oidc.KeycloakServer;
import dev.sundae.testing.postgres.PostgresServer;
import io.minio.GetObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
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

/** Voice messages uploaded straight to a real MinIO and checked by the service before storing. */
@WithKeycloak
@WithMinio
@WithPostgres
@SpringBootTest(
    classes = ChatApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sundae.chat.audio.max-duration=60s",
      // tenant A's own, tighter bounds
      "sundae.chat.policies.tenant_a.max-duration=10s",
      "sundae.chat.policies.tenant_a.max-size=64KB"
    })
class VoiceMessageIT {

  private static ChatTenants tenants;
  private static ChatTenant a;
  private static ChatTenant b;

  @LocalServerPort int port;
  @Autowired Retention retention;
  @Autowired TenantDirectory directory;
  private Api api;

  @BeforeAll
  static void provision(KeycloakServer keycloak, MinioServer minio, PostgresServer postgres)
      throws Exception {
    tenants = new ChatTenants(keycloak, minio, postgres);
    publicEndpoint = minio.endpoint().replace("127.0.0.1", "localhost");
    a = tenants.add("tenant_a");
    b = tenants.add("tenant_b");
  }

  private static String publicEndpoint;

  @DynamicPropertySource
  static void chat(DynamicPropertyRegistry registry) {
    ChatTenants.register(registry, 2, () -> tenants);
    // the store as the members' apps reach it: the same MinIO under another name
    registry.add("sundae.uploads.public-endpoint", () -> publicEndpoint);
  }

  @BeforeEach
  void api() {
    api = new Api(port);
  }

  @Test
  void storesAnOpusClipWithTheDurationOfItsContainerAndTheNextSequenceNumber() throws Exception {
    TestMember alice = signedIn(a, "alice1");
    TestMember bob = signedIn(a, "bob1");
    String conversation = direct(alice, bob);
    byte[] clip = Clips.oggOpus(3_000);

    Api.Response first = post(alice, conversation, "m-1", upload(alice, "audio/ogg", clip));
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    JsonNode message = first.json();
    assertThat(message.path("seq").asLong()).isEqualTo(1);
    assertThat(message.path("sender").asString()).isEqualTo(alice.subject());
    assertThat(message.path("audio").path("durationMillis").asLong()).isEqualTo(3_000);
    assertThat(message.path("audio").path("codec").asString()).isEqualTo("opus");
    assertThat(message.path("audio").path("sizeBytes").asLong()).isEqualTo(clip.length);
    // the download URL gives the clip, straight from the bucket
    assertThat(message.path("audio").path("url").asString())
        .as("the download URL names the public endpoint")
        .startsWith(publicEndpoint + "/");
    assertThat(download(message.path("audio").path("url").asString())).isEqualTo(clip);

    Api.Response second =
        post(bob, conversation, "m-1", upload(bob, "audio/mp4", Clips.mp4Aac(2_000)));
    assertThat(second.status()).as(second.toString()).isEqualTo(201);
    assertThat(second.json().path("seq").asLong()).isEqualTo(2);
    assertThat(second.json().path("audio").path("codec").asString()).isEqualTo("aac");
    Api.Response third =
        post(
            alice,
            conversation,
            "m-2",
            upload(alice, "audio/webm", Clips.webmOpus(1_500, "A_OPUS")),
            List.of(0, 40, 255, 12));
    assertThat(third.status()).as(third.toString()).isEqualTo(201);
    assertThat(third.json().path("seq").asLong()).isEqualTo(3);
    assertThat(third.json().path("audio").path("durationMillis").asLong()).isEqualTo(1_500);
    assertThat(third.json().path("waveform").toString()).isEqualTo("[0,40,255,12]");

    Api.Response list =
        api.get("/v1/conversations/" + conversation + "/messages?after=1", bob.token());
    assertThat(list.json().findValuesAsString("clientMessageId")).containsExactly("m-1", "m-2");
    assertThat(list.json().findValues("seq").stream().map(JsonNode::asLong))
        .containsExactly(2L, 3L);
  }

  @Test
  void aResendWithTheSameClientMessageIdStoresOneMessage() throws Exception {
    TestMember alice = signedIn(a, "alice2");
    TestMember bob = signedIn(a, "bob2");
    String conversation = direct(alice, bob);
    UUID upload = upload(alice, "audio/ogg", Clips.oggOpus(1_000));

    Api.Response first = post(alice, conversation, "retry-me", upload);
    Api.Response again = post(alice, conversation, "retry-me", upload);

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
    assertThat(rows(a, "SELECT count(*) FROM chat_message WHERE client_message_id = 'retry-me'"))
        .isEqualTo(1);
    assertThat(rows(a, "SELECT last_seq FROM chat_conversation WHERE id = '" + conversation + "'"))
        .isEqualTo(1);
  }

  @Test
  void refusesATextFilePostedAsAudioAndDeletesIt() throws Exception {
    TestMember alice = signedIn(a, "alice3");
    TestMember bob = signedIn(a, "bob3");
    String conversation = direct(alice, bob);
    byte[] text =
        "Hello! This is a text file, not a voice message.\n".getBytes(StandardCharsets.UTF_8);
    UUID upload = upload(alice, "audio/ogg", text);

    Api.Response refused = post(alice, conversation, "text-1", upload);

    assertProblem(refused, 422, "invalid-audio");
    assertThat(refused.json().path("detail").asString())
        .isEqualTo(
            "declared audio/ogg but the object is not an Ogg, WebM or MP4 file (it starts with 0x48656c6c6f212054)");
    assertThat(rows(a, "SELECT count(*) FROM chat_message WHERE client_message_id = 'text-1'"))
        .isZero();
    assertThatThrownBy(
            () ->
                tenants
                    .tenantMinio(a)
                    .statObject(
                        StatObjectArgs.builder()
                            .bucket(a.bucket())
                            .object("chat/audio/" + upload + ".ogg")
                            .build()))
        .isInstanceOf(ErrorResponseException.class);
  }

  @Test
  void refusesAClipOverTheTenantsDurationBound() {
    TestMember alice = signedIn(a, "alice4");
    TestMember bob = signedIn(a, "bob4");
    String conversation = direct(alice, bob);

    Api.Response refused =
        post(alice, conversation, "long-1", upload(alice, "audio/ogg", Clips.oggOpus(12_000)));

    assertProblem(refused, 422, "clip-too-long");
    assertThat(refused.json().path("detail").asString())
        .isEqualTo("the clip lasts 12000 ms; this community accepts clips up to 10000 ms");
    // tenant B keeps the default bound of 60 s
    TestMember carol = signedIn(b, "carol4");
    TestMember dave = signedIn(b, "dave4");
    Api.Response accepted =
        post(
            carol,
            direct(carol, dave),
            "long-1",
            upload(carol, "audio/ogg", Clips.oggOpus(12_000)));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
  }

  @Test
  void refusesTheWrongCodec() {
    TestMember alice = signedIn(a, "alice5");
    TestMember bob = signedIn(a, "bob5");
    String conversation = direct(alice, bob);

    Api.Response vorbis =
        post(alice, conversation, "c-1", upload(alice, "audio/ogg", Clips.oggVorbis(1_000)));
    assertProblem(vorbis, 422, "invalid-audio");
    assertThat(vorbis.json().path("detail").asString())
        .isEqualTo("the Ogg stream's codec is Vorbis, not Opus");

    Api.Response mp4AsOgg =
        post(alice, conversation, "c-2", upload(alice, "audio/ogg", Clips.mp4Aac(1_000)));
    assertProblem(mp4AsOgg, 422, "invalid-audio");
    assertThat(mp4AsOgg.json().path("detail").asString())
        .isEqualTo("declared audio/ogg but the object is a MP4 file");
  }

  @Test
  void refusesBadUploadsAndPostsWithReasons() {
    TestMember alice = signedIn(a, "alice6");
    TestMember bob = signedIn(a, "bob6");
    TestMember eve = signedIn(a, "eve6");
    String conversation = direct(alice, bob);

    assertProblem(
        api.post(
            "/v1/audio/uploads", alice.token(), Map.of("contentType", "audio/wav", "sizeBytes", 9)),
        400,
        "unsupported-audio-type");
    assertProblem(
        api.post(
            "/v1/audio/uploads",
            alice.token(),
            Map.of("contentType", "audio/ogg", "sizeBytes", 65 * 1024)),
        400,
        "clip-too-large");

    // a post before the upload
    Api.Response signed =
        api.post(
            "/v1/audio/uploads", alice.token(), Map.of("contentType", "audio/ogg", "sizeBytes", 9));
    UUID notUploaded = UUID.fromString(signed.json().path("uploadId").asString());
    assertProblem(post(alice, conversation, "early", notUploaded), 409, "audio-not-uploaded");

    UUID upload = upload(alice, "audio/ogg", Clips.oggOpus(1_000));
    // someone else's upload
    assertProblem(post(bob, conversation, "theirs", upload), 404, "upload-not-found");
    // not a member of the conversation
    assertProblem(
        post(eve, conversation, "intruder", upload(eve, "audio/ogg", Clips.oggOpus(500))),
        403,
        "not-a-member");
    // a waveform out of range
    Api.Response waveform = post(alice, conversation, "wave", upload, List.of(0, 300));
    assertProblem(waveform, 400, "invalid-request");
    assertThat(waveform.json().path("detail").asString())
        .contains("must be less than or equal to 255");
  }

  @Test
  void aMemberOfTenantACannotReachTenantBsAudio() throws Exception {
    TestMember alice = signedIn(a, "alice7");
    TestMember carol = signedIn(b, "carol7");
    TestMember dave = signedIn(b, "dave7");
    String conversationOfB = direct(carol, dave);
    UUID uploadOfB = upload(carol, "audio/ogg", Clips.oggOpus(1_000));
    Api.Response posted = post(carol, conversationOfB, "b-1", uploadOfB);
    assertThat(posted.status()).isEqualTo(201);

    // B's ids mean nothing with A's token
    assertProblem(post(alice, conversationOfB, "a-1", uploadOfB), 403, "not-a-member");
    assertProblem(
        api.get("/v1/conversations/" + conversationOfB + "/messages", alice.token()),
        403,
        "not-a-member");
    // and A's object-store keys do not open B's bucket
    String key = "chat/audio/" + uploadOfB + ".ogg";
    assertThatThrownBy(
            () ->
                tenants
                    .tenantMinio(a)
                    .getObject(GetObjectArgs.builder().bucket(b.bucket()).object(key).build()))
        .isInstanceOf(ErrorResponseException.class)
        .hasMessageContaining("Access Denied");
  }

  @Test
  void thePurgeDeletesMessagesPastTheRetentionWithTheirAudio() throws Exception {
    TestMember alice = signedIn(a, "alice8");
    TestMember bob = signedIn(a, "bob8");
    String conversation = direct(alice, bob);
    Api.Response old =
        post(alice, conversation, "old-1", upload(alice, "audio/ogg", Clips.oggOpus(500)));
    Api.Response recent =
        post(alice, conversation, "recent-1", upload(alice, "audio/ogg", Clips.oggOpus(500)));
    String oldKey = "chat/audio/" + uploadOf(old) + ".ogg";
    String recentKey = "chat/audio/" + uploadOf(recent) + ".ogg";
    try (Connection connection = tenants.connect(a)) {
      connection
          .createStatement()
          .executeUpdate(
              "UPDATE chat_message SET created_at = now() - interval '400 days'"
                  + " WHERE client_message_id = 'old-1'");
    }

    int purged = retention.purge(directory.byName(a.name()).orElseThrow(), java.time.Instant.now());

    assertThat(purged).isEqualTo(1);
    assertThat(rows(a, "SELECT count(*) FROM chat_message WHERE client_message_id = 'old-1'"))
        .isZero();
    assertThat(exists(a, oldKey)).isFalse();
    assertThat(rows(a, "SELECT count(*) FROM chat_message WHERE client_message_id = 'recent-1'"))
        .isEqualTo(1);
    assertThat(exists(a, recentKey)).isTrue();
  }

  private String uploadOf(Api.Response posted) throws Exception {
    try (Connection connection = tenants.connect(a);
        ResultSet rs =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT upload_id FROM chat_message WHERE id = '"
                        + posted.json().path("id").asString()
                        + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static boolean exists(ChatTenant tenant, String key) throws Exception {
    try {
      tenants
          .tenantMinio(tenant)
          .statObject(StatObjectArgs.builder().bucket(tenant.bucket()).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      return false;
    }
  }

  private TestMember signedIn(ChatTenant tenant, String username) {
    TestMember member = tenants.member(tenant, username);
    assertThat(api.get("/v1/me", member.token()).status()).isEqualTo(200);
    return member;
  }

  private String direct(TestMember one, TestMember two) {
    Api.Response created =
        api.post("/v1/conversations", one.token(), Map.of("kind", "direct", "with", two.subject()));
    assertThat(created.status()).as(created.toString()).isIn(200, 201);
    String id = created.json().path("id").asString();
    assertThat(api.post("/v1/conversations/" + id + "/join", two.token(), "").status())
        .isEqualTo(204);
    return id;
  }

  /** Asks for a signed URL and PUTs {@code clip} there, as an app does. */
  private UUID upload(TestMember member, String contentType, byte[] clip) {
    Api.Response signed =
        api.post(
            "/v1/audio/uploads",
            member.token(),
            Map.of("contentType", contentType, "sizeBytes", clip.length));
    assertThat(signed.status()).as(signed.toString()).isEqualTo(201);
    Map<String, String> headers = new LinkedHashMap<>();
    signed
        .json()
        .path("upload")
        .path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
    String url = signed.json().path("upload").path("url").asString();
    assertThat(url).as("the upload URL names the public endpoint").startsWith(publicEndpoint + "/");
    Api.Response put = api.put(url, headers, clip);
    assertThat(put.status()).as(put.toString()).isEqualTo(200);
    return UUID.fromString(signed.json().path("uploadId").asString());
  }

  private Api.Response post(TestMember member, String conversation, String clientId, UUID upload) {
    return post(member, conversation, clientId, upload, null);
  }

  private Api.Response post(
      TestMember member,
      String conversation,
      String clientId,
      UUID upload,
      List<Integer> waveform) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("clientMessageId", clientId);
    body.put("uploadId", upload.toString());
    if (waveform != null) {
      body.put("waveform", waveform);
    }
    return api.post("/v1/conversations/" + conversation + "/messages", member.token(), body);
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

  private static long rows(ChatTenant tenant, String sql) throws Exception {
    try (Connection connection = tenants.connect(tenant);
        ResultSet rs = connection.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
