package dev.sundae.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.minio.MinioServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A tenant's storage, as the services reach it, on a real MinIO at a loopback address. */
@WithMinio
class StorageClientsIT {

  @Test
  void reachesTheBucketAtTheStorageEndpointByPathWithTheStoragesKeys(MinioServer minio) {
    // by host name: the SDK falls back to paths by itself for an IP address, not for a name
    String endpoint = minio.endpoint().replace("127.0.0.1", "localhost");
    TenantConfig.Storage storage =
        new TenantConfig.Storage(endpoint, "", "frames-acme", minio.accessKey(), minio.secretKey());

    try (S3Client client = StorageClients.s3(storage).build()) {
      client.createBucket(b -> b.bucket("frames-acme"));
      client.putObject(p -> p.bucket("frames-acme").key("a/b.jpg"), RequestBody.fromString("x"));

      assertThat(
              client.getObjectAsBytes(g -> g.bucket("frames-acme").key("a/b.jpg")).asUtf8String())
          .isEqualTo("x");
      assertThat(client.serviceClientConfiguration().region().id())
          .isEqualTo(TenantConfig.Storage.DEFAULT_REGION);
    }
  }
}
