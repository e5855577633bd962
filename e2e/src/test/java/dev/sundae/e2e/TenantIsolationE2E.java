package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.e2e.support.Frames;
import dev.sundae.e2e.support.Gateway;
import dev.sundae.e2e.support.Platform;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Tenant A's credentials against tenant B's data, through every door the platform opens: the
 * gateway (recommendations, purchases), a signed URL turned to B's bucket, A's object-store keys.
 */
class TenantIsolationE2E {

  private static final Platform platform = Platform.get();
  private static final Gateway gateway = platform.gateway();
  private static String a;
  private static String b;
  private static UUID requestOfB;

  @BeforeAll
  static void recommendationOfB() {
    a = platform.tenantNames().get(0);
    b = platform.tenantNames().get(1);
    byte[] frame = Frames.jpeg(Frames.PINK, 7);
    String token = platform.token(b);
    Gateway.Upload upload = gateway.requestUpload(token, "image/jpeg", frame.length);
    assertThat(gateway.put(upload, frame).status()).isEqualTo(200);
    assertThat(gateway.recommendation(token, upload.requestId(), 10_000).status()).isEqualTo(200);
    requestOfB = upload.requestId();
  }

  @Test
  void tokenOfOneTenantCannotReadAnothersRecommendation() {
    Gateway.Response asA = gateway.recommendation(platform.token(a), requestOfB, 0);
    Gateway.Response asB = gateway.recommendation(platform.token(b), requestOfB, 0);

    assertThat(asB.status()).isEqualTo(200);
    assertThat(asA.status()).isEqualTo(404);
    assertThat(asA.body()).doesNotContain("strawberry");
  }

  @Test
  void tokenOfOneTenantCannotPostAPurchaseForAnothersRecommendation() {
    Gateway.Response asA = gateway.purchase(platform.token(a), requestOfB, List.of("strawberry"));

    assertThat(asA.status()).isEqualTo(404);
    assertThat(asA.json().path("type").asText()).contains("unknown-recommendation");
  }

  @Test
  void uploadUrlOfOneTenantCannotWriteIntoAnothersBucket() {
    String bucketA = platform.facts(a).bucket();
    String bucketB = platform.facts(b).bucket();
    byte[] frame = Frames.jpeg(Frames.PINK, 8);
    Gateway.Upload upload = gateway.requestUpload(platform.token(a), "image/jpeg", frame.length);
    assertThat(upload.url()).contains("/" + bucketA + "/");
    String key =
        upload
            .url()
            .substring(
                upload.url().indexOf("/" + bucketA + "/") + bucketA.length() + 2,
                upload.url().indexOf('?'));

    Gateway.Response intoB =
        gateway.put(
            upload.url().replace("/" + bucketA + "/", "/" + bucketB + "/"),
            upload.headers(),
            frame);

    assertThat(intoB.status()).isEqualTo(403);
    try (S3Client asB = platform.s3As(b)) {
      assertThatThrownBy(() -> asB.headObject(r -> r.bucket(bucketB).key(key)))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }
  }

  @Test
  void objectStoreKeysOfOneTenantOpenNoOtherBucket() {
    String bucketA = platform.facts(a).bucket();
    String bucketB = platform.facts(b).bucket();
    try (S3Client asA = platform.s3As(a)) {
      assertThat(
              asA.listObjectsV2(r -> r.bucket(bucketA).maxKeys(1)).sdkHttpResponse().isSuccessful())
          .isTrue();
      assertThatThrownBy(() -> asA.listObjectsV2(r -> r.bucket(bucketB).maxKeys(1)))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
      assertThatThrownBy(
              () ->
                  asA.putObject(
                      r -> r.bucket(bucketB).key("frames/intruder.jpg"),
                      software.amazon.awssdk.core.sync.RequestBody.fromBytes(new byte[] {1})))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }
}
