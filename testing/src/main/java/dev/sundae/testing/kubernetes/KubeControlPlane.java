package dev.sundae.testing.kubernetes;

import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerCommands;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.TestServer;
import dev.sundae.testing.Tools;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * A real Kubernetes control plane without nodes: etcd and kube-apiserver (started by fabric8
 * kube-api-test from the binaries hack/bootstrap.sh built, never downloaded), and optionally
 * kube-controller-manager for what a bare API server does not do: garbage collection of owned
 * objects, namespace deletion, Deployment to ReplicaSet to Pod objects. No kubelet runs, so pods
 * are created but never start.
 */
public final class KubeControlPlane implements TestServer {

  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

  /** Longer than a loaded machine takes to start etcd and the API server, one after the other. */
  private static final Duration STARTUP_MARGIN = Duration.ofMinutes(1);

  private final boolean withControllerManager;
  private KubeAPIServer apiServer;
  private ServerProcess controllerManager;
  private Path workDir;
  private String kubeconfigYaml;

  public KubeControlPlane(boolean withControllerManager) {
    this.withControllerManager = withControllerManager;
  }

  @Override
  public void start() throws IOException {
    Tools tools = Tools.get();
    sleep(waitBeforeStart(LocalTime.now(), STARTUP_TIMEOUT.plus(STARTUP_MARGIN)));
    apiServer =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(tools.value("kube-api-test.dir"))
                .withApiServerVersion(tools.value("k8s.version"))
                .withOfflineMode(true)
                .withStartupTimeout((int) STARTUP_TIMEOUT.toMillis())
                .build());
    apiServer.start();
    kubeconfigYaml = apiServer.getKubeConfigYaml();
    workDir = Files.createTempDirectory("sundae-kube-");
    Files.writeString(kubeconfig(), kubeconfigYaml);
    if (withControllerManager) {
      startControllerManager(tools);
    }
  }

  /**
   * How long to wait before a start. kube-api-test 7.5.2 times its readiness polls of etcd and the
   * API server with {@code LocalTime} (ProcessReadinessChecker.pollWithTimeout: {@code
   * now.isAfter(start.plus(timeout))}), so a poll begun less than its timeout before midnight sees
   * its deadline, past midnight, as already gone and fails at once ("Kube API Server did not start
   * properly": every class of a CI run at 23:58 UTC failed so). A start whose polls could straddle
   * midnight waits until just after it.
   */
  static Duration waitBeforeStart(LocalTime now, Duration window) {
    Duration untilMidnight = Duration.between(now, LocalTime.MAX).plusNanos(1);
    return untilMidnight.compareTo(window) <= 0 ? untilMidnight.plusSeconds(1) : Duration.ZERO;
  }

  private static void sleep(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for midnight", e);
    }
  }

  private void startControllerManager(Tools tools) {
    int port = ServerProcess.freePort();
    List<String> command =
        ServerCommands.controllerManager(tools, kubeconfig(), port, workDir.resolve("kcm-certs"));
    controllerManager = new ServerProcess("kube-controller-manager", command, Map.of()).start();
    controllerManager.awaitReady(
        Duration.ofSeconds(60), () -> Probes.httpOk("https://127.0.0.1:" + port + "/healthz"));
  }

  @Override
  public void close() {
    if (controllerManager != null) {
      controllerManager.close();
    }
    if (apiServer != null) {
      apiServer.stop();
    }
    TestServer.deleteRecursively(workDir);
  }

  /** Kubeconfig (YAML) of a cluster administrator, with client certificates. */
  public String kubeconfigYaml() {
    return kubeconfigYaml;
  }

  /** The same kubeconfig as a file, for kubectl or a process under test. */
  public Path kubeconfig() {
    return workDir.resolve("kubeconfig.yaml");
  }

  /** A new client for the administrator; the caller closes it. */
  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigYaml)).build();
  }

  /** A fresh token (one hour) of ServiceAccount {@code namespace/name}, asked as the admin. */
  public String serviceAccountToken(String namespace, String name) {
    try (KubernetesClient admin = newClient()) {
      return admin
          .serviceAccounts()
          .inNamespace(namespace)
          .withName(name)
          .tokenRequest(
              new TokenRequestBuilder()
                  .withNewSpec()
                  .withExpirationSeconds(3600L)
                  .endSpec()
                  .build())
          .getStatus()
          .getToken();
    }
  }

  /** A client of the cluster (its address and CA) with the identity of {@code token} alone. */
  public KubernetesClient newClient(String token) {
    Config config =
        new ConfigBuilder(Config.fromKubeconfig(kubeconfigYaml))
            .withClientCertData(null)
            .withClientKeyData(null)
            .withClientCertFile(null)
            .withClientKeyFile(null)
            .withOauthToken(token)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  public boolean hasControllerManager() {
    return controllerManager != null && controllerManager.isAlive();
  }

  @Override
  public List<Path> logs() {
    return controllerManager == null ? List.of() : List.of(controllerManager.logFile());
  }
}
