package dev.sundae.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.Tools;
import dev.sundae.testing.image.ContainerImage;
import dev.sundae.testing.junit.WithKubernetes;
import dev.sundae.testing.kubernetes.KubeControlPlane;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs the Helm chart on the tests' API server and runs the operator image that {@code
 * -Pimages} built (target/jib-image.tar) without Docker, the way the chart's pod would run it:
 * under chroot as the image's user, with the chart's ServiceAccount token and the cluster's CA
 * where the kubelet mounts them, the API server found through KUBERNETES_SERVICE_*, and only the
 * chart's RBAC. Ready means it reached the API server and its informers synced; the Lease shows
 * that leader election works with the chart's Role.
 */
@WithKubernetes
class OperatorImageIT {

  private static final Path SERVICE_ACCOUNT =
      Path.of("var/run/secrets/kubernetes.io/serviceaccount");

  @Test
  void imageBecomesReadyWithTheChartsServiceAccountAndRbac(
      KubeControlPlane cluster, @TempDir Path dir) throws Exception {
    ContainerImage.assumeRunnable();
    ContainerImage image = ContainerImage.unpack(Path.of("target/jib-image.tar"), dir);
    assertThat(image.user()).isEqualTo("65532:65532");

    try (KubernetesClient admin = cluster.newClient()) {
      install(admin);
      String token = cluster.serviceAccountToken("sundae-system", "sundae-sundae-operator");
      mountServiceAccount(image.rootfs(), token, Config.fromKubeconfig(cluster.kubeconfigYaml()));
      URI server = URI.create(admin.getConfiguration().getMasterUrl());

      int port = ServerProcess.freePort();
      try (ServerProcess operator =
          image.start(
              "operator-image",
              Map.of(
                  "KUBERNETES_SERVICE_HOST", server.getHost(),
                  "KUBERNETES_SERVICE_PORT", Integer.toString(server.getPort()),
                  "SUNDAE_HTTP_PORT", Integer.toString(port),
                  "SUNDAE_LEADER_ELECTION", "true",
                  "SUNDAE_LEASE_NAMESPACE", "sundae-system"))) {
        String base = "http://127.0.0.1:" + port;
        operator.awaitReady(Duration.ofSeconds(120), () -> Probes.httpOk(base + "/readyz"));
        assertThat(Probes.httpOk(base + "/healthz")).isTrue();
        assertThat(get(base + "/metrics")).contains("jvm_memory_used_bytes");
        assertThat(ContainerImage.uidOfJava(operator)).isEqualTo("65532");
        // leader election went through the API server with the ServiceAccount's Role: the
        // Lease is taken, then renewed (a renewal is a PATCH, which the Role once lacked)
        var lease = admin.leases().inNamespace("sundae-system").withName("sundae-operator-leader");
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> lease.get() != null && lease.get().getSpec().getRenewTime() != null);
        var firstRenewal = lease.get().getSpec().getRenewTime();
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> !firstRenewal.equals(lease.get().getSpec().getRenewTime()));
      }
    }
  }

  /** Installs the Helm chart as `helm install sundae -n sundae-system` would, objects only. */
  private static void install(KubernetesClient admin) throws Exception {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("sundae-system")
                .endMetadata()
                .build())
        .serverSideApply();
    Process helm =
        new ProcessBuilder(
                Tools.get().binary("helm").toString(),
                "template",
                "sundae",
                "../../helm/sundae-operator",
                "--namespace",
                "sundae-system",
                "--include-crds",
                "--kube-version",
                Tools.get().value("k8s.version"))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] manifests = helm.getInputStream().readAllBytes();
    assertThat(helm.waitFor()).as("helm template").isZero();
    for (HasMetadata object : admin.load(new ByteArrayInputStream(manifests)).items()) {
      admin.resource(object).serverSideApply();
    }
    for (String crd : new String[] {"environments.sundae.dev", "tenants.sundae.dev"}) {
      admin
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd)
          .waitUntilCondition(
              c ->
                  c.getStatus() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              x ->
                                  x.getType().equals("Established")
                                      && x.getStatus().equals("True")),
              30,
              TimeUnit.SECONDS);
    }
  }

  /** What the kubelet mounts into every pod of a ServiceAccount. */
  private static void mountServiceAccount(Path rootfs, String token, Config cluster)
      throws Exception {
    Path dir = Files.createDirectories(rootfs.resolve(SERVICE_ACCOUNT));
    Files.writeString(dir.resolve("token"), token);
    Files.writeString(dir.resolve("namespace"), "sundae-system");
    byte[] ca =
        cluster.getCaCertData() != null
            ? Base64.getDecoder().decode(cluster.getCaCertData())
            : Files.readAllBytes(Path.of(cluster.getCaCertFile()));
    Files.write(dir.resolve("ca.crt"), ca);
    for (String file : new String[] {"token", "namespace", "ca.crt"}) {
      Files.setPosixFilePermissions(
          dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
    }
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
