package dev.sundae.gateway.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.tenancy.TenantConfig;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

class UploadSignerTest {

  private static final TenantConfig TENANT =
      new TenantConfig(
          "test",
          "acme",
          "https://issuer.example",
          "sundae",
          null,
          List.of("vanilla"),
          new TenantConfig.Storage(
              "http://127.0.0.1:9000", "us-east-1", "frames-acme", "acme-key", "acme-secret"),
          new TenantConfig.Queue(null, null, "http://queue", null),
          new TenantConfig.Database("jdbc:postgresql://db/sundae", "acme", "acme", "pw"),
          new TenantConfig.Model("file:///m.pt", "1"));

  private final UploadSigner signer = new UploadSigner((String) null);

  @Test
  void signsTheKeyTypeSizeAndTheOnlyIfAbsentCondition() {
    PresignedPutObjectRequest signed =
        signer.sign(TENANT, "frames/x.jpg", "image/jpeg", 1234, Duration.ofSeconds(60));
    String url = URLDecoder.decode(signed.url().toString(), StandardCharsets.UTF_8);

    assertThat(url).startsWith("http://127.0.0.1:9000/frames-acme/frames/x.jpg?");
    assertThat(url)
        .contains("X-Amz-SignedHeaders=content-length;content-type;host;if-none-match")
        .contains("X-Amz-Credential=acme-key/")
        .contains("X-Amz-Expires=60");
    assertThat(signed.httpRequest().method().name()).isEqualTo("PUT");
    assertThat(UploadSigner.headersToSend(signed))
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.of(
                "content-type", "image/jpeg", "content-length", "1234", "if-none-match", "*"));
  }

  @Test
  void expiresAfterTheConfiguredDuration() {
    PresignedPutObjectRequest signed =
        signer.sign(TENANT, "frames/x.png", "image/png", 1, Duration.ofSeconds(30));

    assertThat(Duration.between(java.time.Instant.now(), signed.expiration()))
        .isBetween(Duration.ofSeconds(28), Duration.ofSeconds(30));
  }

  @Test
  void namesThePublicEndpointWhenRegistersReachTheStoreElsewhere() {
    UploadSigner behindIngress = new UploadSigner("https://frames.sundae.example");
    PresignedPutObjectRequest signed =
        behindIngress.sign(TENANT, "frames/x.jpg", "image/jpeg", 1, Duration.ofSeconds(60));

    assertThat(signed.url().toString())
        .startsWith("https://frames.sundae.example/frames-acme/frames/x.jpg?");
    assertThat(signed.signedHeaders().get("host"))
        .as("the signature covers the host the register sends")
        .containsExactly("frames.sundae.example");
  }
}
