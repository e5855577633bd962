package dev.sundae.web.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.tenancy.TenantConfig;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which object store a signed URL names (signing is local: no server is involved). */
class TenantPresignersTest {

  private static final TenantConfig ACME =
      new TenantConfig(
          "dev",
          "acme",
          "https://id.example/realms/acme",
          "sundae-acme",
          null,
          List.of("mint"),
          new TenantConfig.Storage(
              "http://minio.sundae-system.svc:9000", null, "sundae-dev-acme", "ak", "sk"),
          null,
          null,
          null);

  @Test
  void namesThePublicEndpointWhenThereIsOne() {
    try (TenantPresigners presigners = new TenantPresigners("https://s3.acme.example")) {
      assertThat(url(presigners))
          .hasProtocol("https")
          .hasHost("s3.acme.example")
          .hasPath("/sundae-dev-acme/clips/a.ogg");
    }
  }

  @Test
  void namesTheTenantsStorageEndpointOtherwise() {
    for (String none : new String[] {null, "", " "}) {
      try (TenantPresigners presigners = new TenantPresigners(none)) {
        assertThat(url(presigners))
            .hasHost("minio.sundae-system.svc")
            .hasPort(9000)
            .hasPath("/sundae-dev-acme/clips/a.ogg");
      }
    }
  }

  private static URL url(TenantPresigners presigners) {
    return presigners
        .of(ACME)
        .presignGetObject(
            p ->
                p.signatureDuration(Duration.ofMinutes(1))
                    .getObjectRequest(g -> g.bucket("sundae-dev-acme").key("clips/a.ogg")))
        .url();
  }
}
