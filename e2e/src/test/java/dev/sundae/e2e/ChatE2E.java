package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sundae.e2e.support.Chat;
import dev.sundae.e2e.support.Platform;
import dev.sundae.testing.audio.Clips;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The audio community on the platform: members signed in at their tenant's issuer, the chat the
 * platform runs, the tenant's bucket the operator made. One member's voice message reaches the
 * other's device live; nothing of it reaches the other tenant.
 */
class ChatE2E {

  private static final Platform platform = Platform.get();
  private static String a;
  private static String b;
  private static Chat chat;

  @BeforeAll
  static void tenants() {
    a = platform.tenantNames().get(0);
    b = platform.tenantNames().get(1);
    chat = platform.chat(a);
  }

  @Test
  void voiceMessageReachesTheOtherMembersDeviceLive() throws Exception {
    String ana = platform.memberToken(a, "ana");
    String ben = platform.memberToken(a, "ben");
    String benSubject = chat.get("/v1/me", ben).json().path("subject").asText();
    assertThat(chat.get("/v1/me", ana).status()).isEqualTo(200);
    JsonNode conversation =
        chat.post("/v1/conversations", ana, Map.of("kind", "direct", "with", benSubject)).json();
    String conversationId = conversation.path("id").asText();
    // ben accepts ana's conversation: until then he is only invited
    assertThat(chat.post("/v1/conversations/" + conversationId + "/join", ben, Map.of()).status())
        .isEqualTo(204);

    try (Chat.Device bensPhone = chat.connect(ben)) {
      bensPhone.next("hello", Duration.ofSeconds(10));
      byte[] clip = Clips.oggOpus(2_000);
      Chat.Response posted = chat.postVoiceMessage(ana, conversationId, clip);
      assertThat(posted.status()).as(posted.body()).isEqualTo(201);

      JsonNode live = bensPhone.next("message", Duration.ofSeconds(10)).path("message");
      assertThat(live.path("conversationId").asText()).isEqualTo(conversationId);
      assertThat(live.path("seq").asLong()).isEqualTo(posted.json().path("seq").asLong());
      assertThat(live.path("audio").path("durationMillis").asLong()).isEqualTo(2_000);
      assertThat(chat.download(live.path("audio").path("url").asText())).isEqualTo(clip);
    }
  }

  @Test
  void memberOfAnotherTenantCannotReachTheConversationOrItsAudio() throws Exception {
    String ana = platform.memberToken(a, "ana");
    String ben = platform.memberToken(a, "ben");
    String benSubject = chat.get("/v1/me", ben).json().path("subject").asText();
    String conversationId =
        chat.post("/v1/conversations", ana, Map.of("kind", "direct", "with", benSubject))
            .json()
            .path("id")
            .asText();
    assertThat(chat.post("/v1/conversations/" + conversationId + "/join", ben, Map.of()).status())
        .isEqualTo(204);
    byte[] clip = Clips.oggOpus(1_000);
    JsonNode upload =
        chat.post(
                "/v1/audio/uploads",
                ana,
                Map.of("contentType", "audio/ogg", "sizeBytes", clip.length))
            .json();
    assertThat(chat.put(upload.path("upload"), clip)).isEqualTo(200);
    String url = upload.path("upload").path("url").asText();
    String bucketOfA = platform.facts(a).bucket();
    String key =
        url.substring(
            url.indexOf("/" + bucketOfA + "/") + bucketOfA.length() + 2, url.indexOf('?'));

    String stranger = platform.memberToken(b, "ana");
    Chat.Response read = chat.get("/v1/conversations/" + conversationId + "/messages", stranger);
    Chat.Response post =
        platform
            .chat(b)
            .post(
                "/v1/conversations/" + conversationId + "/messages",
                stranger,
                Map.of("clientMessageId", "x", "uploadId", upload.path("uploadId").asText()));

    // 404 where one chat serves both tenants; 401 where A's own chat does not know B's issuer
    assertThat(read.status()).as(read.body()).isIn(401, 403, 404);
    assertThat(post.status()).as(post.body()).isIn(403, 404);
    try (S3Client keysOfB = platform.s3As(b)) {
      assertThatThrownBy(() -> keysOfB.getObjectAsBytes(r -> r.bucket(bucketOfA).key(key)))
          .isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }
  }
}
