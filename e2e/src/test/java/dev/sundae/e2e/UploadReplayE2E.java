package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.e2e.support.Frames;
import dev.sundae.e2e.support.Gateway;
import dev.sundae.e2e.support.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/** A signed upload URL works once: a replay creates and overwrites nothing. */
class UploadReplayE2E {

  private final Platform platform = Platform.get();
  private final Gateway gateway = platform.gateway();

  @Test
  void replayedUploadUrlIsRefusedAndOverwritesNothing() {
    String tenant = platform.tenantNames().get(0);
    String token = platform.token(tenant);
    byte[] pink = Frames.jpeg(Frames.PINK, 21);
    // the replay carries a different picture of exactly the signed length
    byte[] other = pink.clone();
    for (int i = pink.length / 2; i < pink.length / 2 + 64; i++) {
      other[i] = (byte) ~other[i];
    }
    Gateway.Upload upload = gateway.requestUpload(token, "image/jpeg", pink.length);

    Gateway.Response first = gateway.put(upload, pink);
    Gateway.Response replay = gateway.put(upload, other);

    assertThat(first.status()).isEqualTo(200);
    assertThat(replay.status()).isEqualTo(412);
    String bucket = platform.facts(tenant).bucket();
    String key = "frames/" + upload.requestId() + ".jpg";
    try (S3Client s3 = platform.s3As(tenant)) {
      List<ObjectVersion> versions =
          s3.listObjectVersions(r -> r.bucket(bucket).prefix(key)).versions();
      assertThat(versions).hasSize(1);
      assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray()).isEqualTo(pink);
    }
    Gateway.Response result = gateway.recommendation(token, upload.requestId(), 10_000);
    assertThat(result.status()).isEqualTo(200);
    assertThat(result.flavours().get(0)).isEqualTo("strawberry");
  }
}
