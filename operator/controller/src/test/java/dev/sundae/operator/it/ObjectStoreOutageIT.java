package dev.sundae.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantStatus;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKubernetes;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.kubernetes.KubeControlPlane;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WithKubernetes
@WithMinio
@WithElasticMq
@WithPostgres
class ObjectStoreOutageIT {

  private static final String ENV = "outage";
  private static Platform platform;

  @BeforeAll
  static void start(
      KubeControlPlane cluster, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres) {
    platform = Platform.start(cluster, minio, sqs, postgres, Duration.ofSeconds(3));
    platform.createEnvironment(ENV, EnvironmentSpec.Runtime.EXTERNAL);
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void reportsTheObjectStoreOutageAndRecoversWhenItIsBack() {
    platform.createTenant(ENV, "steady", spec -> {});
    platform.awaitReady(ENV, "steady");

    platform.minio.stop();
    try {
      Tenant failing =
          platform.awaitCondition(
              ENV, "steady", TenantStatus.STORAGE_READY, Conditions.FALSE, Duration.ofSeconds(60));
      var storage =
          Conditions.find(failing.getStatus().getConditions(), TenantStatus.STORAGE_READY);
      assertThat(storage.orElseThrow().getReason()).isEqualTo("ObjectStoreError");
      assertThat(storage.orElseThrow().getMessage()).contains(platform.minio.endpoint());
      var ready = Conditions.find(failing.getStatus().getConditions(), TenantStatus.READY);
      assertThat(ready.orElseThrow().getStatus()).isEqualTo(Conditions.FALSE);
      // the parts that do not need the object store stay as they are
      assertThat(Conditions.isTrue(failing.getStatus().getConditions(), TenantStatus.QUEUE_READY))
          .isTrue();
      assertThat(
              platform.client.v1().events().inNamespace(ENV).list().getItems().stream()
                  .map(Event::getReason))
          .contains("ObjectStoreError");
    } finally {
      platform.minio.start();
    }

    Tenant recovered = platform.awaitReady(ENV, "steady");
    assertThat(Conditions.isTrue(recovered.getStatus().getConditions(), TenantStatus.STORAGE_READY))
        .isTrue();
  }
}
