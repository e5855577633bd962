package dev.sundae.testing.kubernetes;

import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerCommands;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.TestServer;
import dev.sundae.testing.Tools;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A real Kubernetes control plane without nodes: etcd and kube-apiserver, and optionally
 * kube-controller-manager for what a bare API server does not do: garbage collection of owned
 * objects, namespace deletion, Deployment to ReplicaSet to Pod objects. No kubelet runs, so pods
 * are created but never start. The binaries are those hack/bootstrap.sh built, started with the
 * command lines of {@link ServerCommands} that hack/run-local.sh starts too.
 */
public final class KubeControlPlane implements TestServer {

  /** Longer than a loaded machine takes to start etcd, then the API server. */
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

  private final boolean withControllerManager;
  private ServerProcess etcd;
  private ServerProcess apiServer;
  private ServerProcess controllerManager;
  private Path workDir;
  private String kubeconfigYaml;

  public KubeControlPlane(boolean withControllerManager) {
    this.withControllerManager = withControllerManager;
  }

  @Override
  public void start() throws IOException {
    Tools tools = Tools.get();
    workDir = Files.createTempDirectory("sundae-kube-");
    ControlPlanePki pki = sharedPki();
    int etcdPort = ServerProcess.freePort();
    etcd =
        new ServerProcess(
                "etcd",
                ServerCommands.etcd(
                    tools, workDir.resolve("etcd"), etcdPort, ServerProcess.freePort()),
                Map.of())
            .start();
    etcd.awaitReady(
        STARTUP_TIMEOUT, () -> Probes.httpOk("http://127.0.0.1:" + etcdPort + "/health"));
    int port = ServerProcess.freePort();
    apiServer =
        new ServerProcess(
                "kube-apiserver",
                ServerCommands.kubeApiServer(tools, pki, port, etcdPort),
                Map.of())
            .start();
    kubeconfigYaml = kubeconfigYaml(pki, port);
    Files.writeString(kubeconfig(), kubeconfigYaml);
    try (KubernetesClient client = newClient()) {
      // ready to serve, and the default namespace made: where the tests begin
      apiServer.awaitReady(
          STARTUP_TIMEOUT,
          () -> Probes.httpOk("https://127.0.0.1:" + port + "/readyz") && hasDefault(client));
    }
    if (withControllerManager) {
      startControllerManager(tools);
    }
  }

  private static ControlPlanePki pki;

  /**
   * One PKI for the control planes of this JVM (four RSA keys cost about half a second to make, and
   * a test run starts dozens of control planes); each has its own etcd and data.
   */
  private static synchronized ControlPlanePki sharedPki() throws IOException {
    if (pki == null) {
      Path directory = Files.createTempDirectory("sundae-kube-pki-");
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> TestServer.deleteRecursively(directory)));
      pki = ControlPlanePki.ensure(directory);
    }
    return pki;
  }

  private static boolean hasDefault(KubernetesClient client) {
    try {
      return client.namespaces().withName("default").get() != null;
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  /** An administrator's kubeconfig, the certificates written into it as kubectl --embed-certs. */
  private static String kubeconfigYaml(ControlPlanePki pki, int port) throws IOException {
    io.fabric8.kubernetes.api.model.Config config =
        new io.fabric8.kubernetes.api.model.ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .addNewCluster()
            .withName("local")
            .withNewCluster()
            .withServer("https://127.0.0.1:" + port)
            .withCertificateAuthorityData(base64(pki.ca()))
            .endCluster()
            .endCluster()
            .addNewUser()
            .withName("admin")
            .withNewUser()
            .withClientCertificateData(base64(pki.adminCertificate()))
            .withClientKeyData(base64(pki.adminKey()))
            .endUser()
            .endUser()
            .addNewContext()
            .withName("local")
            .withNewContext()
            .withCluster("local")
            .withUser("admin")
            .endContext()
            .endContext()
            .withCurrentContext("local")
            .build();
    return new KubernetesSerialization().asYaml(config);
  }

  private static String base64(Path file) throws IOException {
    return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
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
    for (ServerProcess process : new ServerProcess[] {apiServer, etcd}) {
      if (process != null) {
        process.close();
      }
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
    return Stream.of(etcd, apiServer, controllerManager)
        .filter(Objects::nonNull)
        .map(ServerProcess::logFile)
        .toList();
  }
}
