package dev.sundae.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.minio.MinioServer;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.SetBucketVersioningArgs;
import io.minio.messages.Item;
import io.minio.messages.VersioningConfiguration;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@WithMinio
class MinioServerIT {

  @Test
  void keepsBothVersionsOfAnObjectInAVersionedBucket(MinioServer minio) throws Exception {
    MinioClient client =
        MinioClient.builder()
            .endpoint(minio.endpoint())
            .credentials(minio.accessKey(), minio.secretKey())
            .build();
    client.makeBucket(MakeBucketArgs.builder().bucket("smoke").build());
    client.setBucketVersioning(
        SetBucketVersioningArgs.builder()
            .bucket("smoke")
            .config(new VersioningConfiguration(VersioningConfiguration.Status.ENABLED, null))
            .build());

    String first = put(client, "frame.txt", "first").versionId();
    String second = put(client, "frame.txt", "second").versionId();

    List<String> versions = new ArrayList<>();
    for (Result<Item> item :
        client.listObjects(
            ListObjectsArgs.builder().bucket("smoke").includeVersions(true).build())) {
      versions.add(item.get().versionId());
    }
    assertThat(versions).containsExactlyInAnyOrder(first, second);
    assertThat(first).isNotEqualTo(second);
    assertThat(read(client, "frame.txt", first)).isEqualTo("first");
    assertThat(read(client, "frame.txt", second)).isEqualTo("second");
  }

  private static io.minio.ObjectWriteResponse put(MinioClient client, String key, String text)
      throws Exception {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return client.putObject(
        PutObjectArgs.builder().bucket("smoke").object(key).stream(
                new ByteArrayInputStream(bytes), bytes.length, -1)
            .contentType("text/plain")
            .build());
  }

  private static String read(MinioClient client, String key, String versionId) throws Exception {
    try (InputStream in =
        client.getObject(
            GetObjectArgs.builder().bucket("smoke").object(key).versionId(versionId).build())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
