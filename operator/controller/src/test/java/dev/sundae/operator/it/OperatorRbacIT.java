package dev.sundae.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.StorageSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.testing.junit.WithElasticMq;
import dev.sundae.testing.junit.WithKubernetes;
import dev.sundae.testing.junit.WithMinio;
import dev.sundae.testing.junit.WithPostgres;
import dev.sundae.testing.kubernetes.KubeControlPlane;
import dev.sundae.testing.minio.MinioServer;
import dev.sundae.testing.postgres.PostgresServer;
import dev.sundae.testing.sqs.ElasticMqServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the operator with nothing but the permissions of rbac/operator.yaml, as a ServiceAccount of
 * the real API server, through a Tenant's whole life.
 */
@WithKubernetes
@WithMinio
@WithElasticMq
@WithPostgres
class OperatorRbacIT {

  @Test
  void operatorNeedsNoMoreThanItsClusterRole(
      KubeControlPlane cluster, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    try (Platform platform =
            Platform.prepare(cluster, minio, sqs, postgres, Duration.ofSeconds(5));
        InputStream rbac = Files.newInputStream(Path.of("../../rbac/operator.yaml"))) {
      platform.client.load(rbac).serverSideApply();
      try (KubernetesClient asOperator = asServiceAccount(cluster)) {
        assertThatThrownBy(
                () ->
                    asOperator
                        .serviceAccounts()
                        .inNamespace("default")
                        .resource(
                            new ServiceAccountBuilder()
                                .withNewMetadata()
                                .withName("x")
                                .endMetadata()
                                .build())
                        .create())
            .as("nothing beyond the role")
            .isInstanceOf(KubernetesClientException.class)
            .hasMessageContaining("forbidden");

        // the write fence (the ValidatingAdmissionPolicy of rbac/operator.yaml): what its
        // ClusterRole grants everywhere, it may write only inside the namespaces it made. The API
        // server takes up a new policy within a second or so: wait for it with dry runs.
        var planted =
            asOperator
                .secrets()
                .inNamespace("default")
                .resource(
                    new SecretBuilder()
                        .withNewMetadata()
                        .withName("planted")
                        .endMetadata()
                        .addToStringData("k", "v")
                        .build());
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  try {
                    planted.dryRun().create();
                    return false;
                  } catch (KubernetesClientException refused) {
                    return true;
                  }
                });
        assertThatThrownBy(planted::create)
            .as("a Secret outside the operator's namespaces")
            .isInstanceOf(KubernetesClientException.class)
            .hasMessageContaining("writes only inside namespaces it made");
        assertThatThrownBy(
                () ->
                    asOperator
                        .namespaces()
                        .withName("default")
                        .edit(
                            n ->
                                new NamespaceBuilder(n)
                                    .editMetadata()
                                    .addToLabels("app.kubernetes.io/managed-by", "sundae-operator")
                                    .endMetadata()
                                    .build()))
            .as("adopting a namespace by labelling it")
            .isInstanceOf(KubernetesClientException.class)
            .hasMessageContaining("writes only namespaces it made");
        assertThat(platform.client.secrets().inNamespace("default").withName("planted").get())
            .isNull();

        platform.startOperator(asOperator);
        platform.createEnvironment("rbac", EnvironmentSpec.Runtime.KUBERNETES);
        platform.createTenant(
            "rbac",
            "least",
            spec -> {
              StorageSpec storage = new StorageSpec();
              storage.setDeletionPolicy(StorageSpec.DeletionPolicy.DELETE);
              spec.setStorage(storage);
            });
        var tenant =
            platform.awaitCondition(
                "rbac", "least", "StorageReady", "True", Duration.ofSeconds(90));
        assertThat(asOperator.apps().deployments().inNamespace("rbac-least").list().getItems())
            .hasSize(2);

        // and the namespaces it made it may write: the Tenant's, deleted with it below
        platform.client.resource(tenant).delete();
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> platform.tenant("rbac", "least") == null);
      }
    }
  }

  /**
   * An operator started before its ClusterRoleBinding exists (Helm applies both at once, and RBAC
   * takes effect a moment later) waits with its informers retrying, not ready, and catches up once
   * it may list and watch; it used to stop at the first refused list.
   */
  @Test
  void startsBeforeItsPermissionsAndCatchesUpOnceGranted(
      KubeControlPlane cluster, MinioServer minio, ElasticMqServer sqs, PostgresServer postgres)
      throws Exception {
    try (Platform platform =
            Platform.prepare(cluster, minio, sqs, postgres, Duration.ofSeconds(5));
        InputStream rbac = Files.newInputStream(Path.of("../../rbac/operator.yaml"))) {
      platform.client.load(rbac).serverSideApply();
      var bindings = platform.client.rbac().clusterRoleBindings();
      ClusterRoleBinding granted = bindings.withName("sundae-operator").get();
      bindings.withName("sundae-operator").withTimeout(30, TimeUnit.SECONDS).delete();
      try (KubernetesClient asOperator = asServiceAccount(cluster)) {
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> refused(() -> asOperator.resources(Tenant.class).inAnyNamespace().list()));

        CompletableFuture<Void> started =
            CompletableFuture.runAsync(() -> platform.startOperator(asOperator));
        org.awaitility.Awaitility.await()
            .during(Duration.ofSeconds(5))
            .atMost(Duration.ofSeconds(10))
            .alias("still starting, not failed, while it may not list")
            .until(() -> !started.isDone());

        bindings
            .resource(
                new ClusterRoleBindingBuilder()
                    .withNewMetadata()
                    .withName("sundae-operator")
                    .endMetadata()
                    .withRoleRef(granted.getRoleRef())
                    .withSubjects(granted.getSubjects())
                    .build())
            .create();
        started.get(90, TimeUnit.SECONDS);
        platform.createEnvironment("late", EnvironmentSpec.Runtime.KUBERNETES);
        platform.createTenant("late", "granted", spec -> {});
        platform.awaitCondition("late", "granted", "StorageReady", "True", Duration.ofSeconds(90));
      }
    }
  }

  private static boolean refused(Runnable call) {
    try {
      call.run();
      return false;
    } catch (KubernetesClientException e) {
      return e.getCode() == 403;
    }
  }

  /**
   * A client of the operator's ServiceAccount: the cluster's address and CA, a token's identity.
   */
  private static KubernetesClient asServiceAccount(KubeControlPlane cluster) {
    return cluster.newClient(
        cluster.serviceAccountToken(Platform.SYSTEM_NAMESPACE, "sundae-operator"));
  }
}
