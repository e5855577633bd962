package dev.sundae.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.environment.BackendConfigurationException;
import dev.sundae.operator.environment.Backends;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKubernetes;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.kubernetes.KubeControlPlane;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An Environment names the Secrets whose credentials the operator sends to the endpoints it also
 * names: only Secrets of the namespaces the operator is told to read (its own and the Helm value
 * secretNamespaces) are read, so whoever writes Environments cannot make it hand out any Secret.
 */
@WithKubernetes
@WithMinio
@WithElasticMq
@WithPostgres
class SecretNamespacesIT {

  private static Platform platform;
  private static Environment environment;

  @BeforeAll
  static void start(
      KubeControlPlane cluster, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres) {
    platform = Platform.start(cluster, minio, sqs, postgres, Duration.ofSeconds(3));
    environment = platform.createEnvironment("secrets", EnvironmentSpec.Runtime.EXTERNAL);
  }

  @AfterAll
  static void stop() {
    platform.close();
  }

  @Test
  void refusesASecretOutsideTheNamespacesItMayRead() {
    Backends restricted =
        new Backends(platform.client, Set.of("sundae-operator-home"), Optional.empty());

    assertThatThrownBy(() -> restricted.of(environment))
        .isInstanceOf(BackendConfigurationException.class)
        .hasMessageContaining(secretNamespace())
        .hasMessageContaining("sundae-operator-home");
  }

  @Test
  void readsASecretOfAnAllowedNamespace() {
    Backends allowed = new Backends(platform.client, Set.of(secretNamespace()), Optional.empty());

    assertThat(allowed.of(environment)).isNotNull();
  }

  private static String secretNamespace() {
    return environment.getSpec().getObjectStore().getAdminCredentialsSecret().getNamespace();
  }
}
