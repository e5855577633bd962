package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sundae.e2e.support.Chat;
import dev.sundae.e2e.support.Frames;
import dev.sundae.e2e.support.Gateway;
import dev.sundae.e2e.support.Platform;
import dev.sundae.operator.api.AutoscalingSpec;
import dev.sundae.operator.api.CandidateModelSpec;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.InferenceSpec;
import dev.sundae.operator.api.ModelStatus;
import dev.sundae.operator.api.ModelStatus.CandidateStatus.Phase;
import dev.sundae.operator.api.ObjectStoreSpec;
import dev.sundae.operator.api.OpeningHoursSpec;
import dev.sundae.operator.api.PromotionSpec;
import dev.sundae.operator.api.ScheduleSpec;
import dev.sundae.operator.api.SecretRef;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantSpec;
import dev.sundae.operator.api.TenantStatus;
import dev.sundae.testing.audio.Clips;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * What only a cluster with a kubelet and a network plugin can show (target {@code kind}): the
 * isolation the operator declares is enforced, not just created. The local platform runs no Pods,
 * so these tests are skipped there.
 */
class ClusterE2E {

  /** How long a probe waits for a TCP connection before calling the port closed. */
  private static final int CONNECT_SECONDS = 5;

  /**
   * Connections a probe makes, 2 s apart; it ends with the first that fails. A network plugin
   * enforces a NetworkPolicy on a new Pod a moment after the Pod starts (kube-router: when it has
   * handled the Pod's event), so one early connection may pass; a reachable address must answer
   * every time, a refused one must stop answering within the attempts.
   */
  private static final int PROBE_ATTEMPTS = 6;

  /**
   * A probe's exit code when the network plugin refused the connection (1: kube-router rejects what
   * a NetworkPolicy does not admit) or dropped it (124: the probe's timeout, as plugins that drop
   * do). The controls (the same Service from its own namespace and from the Environment's) show
   * that the Service itself answers.
   */
  private static final List<Integer> BLOCKED = List.of(1, 124);

  /** The tenant's inference Deployment and HorizontalPodAutoscaler (the operator's names). */
  private static final String INFERENCE = "sundae-inference";

  /**
   * The CPU target the autoscaling test sets: % of the request, which e2e/kind/run.sh keeps small
   * (20m) so that every Pod fits the one node; an idle worker stays under it, inference over it.
   */
  private static final int AUTOSCALING_TARGET_PERCENT = 100;

  /** Registers uploading at once in the autoscaling test's burst. */
  private static final int BURST_REGISTERS = 3;

  /** The queue-scaling test's target, and a burst that asks KEDA for its two replicas. */
  private static final int QUEUE_MESSAGES_PER_REPLICA = 4;

  private static final int QUEUE_BURST = 40;

  /** The chart's leader-election Lease (values.yaml, leaderElection). */
  private static final String LEASE = "sundae-operator-leader";

  private static final Platform platform = Platform.get();
  private static KubernetesClient kubernetes;

  /** Where e2e/kind/run.sh installed the chart, and where the backends run. */
  private static String operatorNamespace;

  private static String backendsNamespace;
  private static String a;
  private static String b;

  @BeforeAll
  static void cluster() {
    Assumptions.assumeTrue(
        "kind".equals(platform.target()), "needs Pods and a network plugin: target kind only");
    kubernetes = platform.kubernetes();
    operatorNamespace = platform.value("operator.namespace");
    backendsNamespace = platform.value("backends.namespace");
    a = platform.tenantNames().get(0);
    b = platform.tenantNames().get(1);
  }

  /**
   * The gateway and a chat answer only TLS, with a certificate of the Environment's CA for their
   * Service's name: plain HTTP on the same port gets Tomcat's refusal, a client with the JDK's own
   * CAs fails the handshake, and so does one that calls them by another name (the IP).
   */
  @Test
  void theGatewayAndTheChatsServeOnlyTlsForTheirServiceNames() throws Exception {
    for (URI base : List.of(platform.gateway().base(), platform.chat(a).base())) {
      assertThat(base.getScheme()).isEqualTo("https");
      URI spec = base.resolve("/openapi.yaml");
      HttpClient trusting = HttpClient.newBuilder().sslContext(platform.tls()).build();
      assertThat(trusting.send(get(spec), BodyHandlers.ofString()).statusCode())
          .as("%s with the platform's CA", spec)
          .isEqualTo(200);

      HttpResponse<String> plain =
          HttpClient.newHttpClient()
              .send(
                  get(URI.create("http://" + base.getAuthority() + "/openapi.yaml")),
                  BodyHandlers.ofString());
      assertThat(plain.statusCode()).as("plain HTTP to %s", base).isEqualTo(400);
      assertThat(plain.body()).contains("TLS").doesNotContain("openapi");

      assertThatThrownBy(() -> HttpClient.newHttpClient().send(get(spec), BodyHandlers.ofString()))
          .as("%s with the JDK's CAs only", spec)
          .isInstanceOf(SSLHandshakeException.class);
      URI byAddress = URI.create("https://127.0.0.1:" + base.getPort() + "/openapi.yaml");
      assertThatThrownBy(() -> trusting.send(get(byAddress), BodyHandlers.ofString()))
          .as("%s: a name the certificate does not carry", byAddress)
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
  }

  @Test
  void aTenantsPodsReachTheirOwnChatButNotAnotherTenants() {
    String own = chatAddress(a);
    String other = chatAddress(b);
    String namespace = namespace(a);
    String otherNamespace = namespace(b);

    // the probes at once: each takes up to PROBE_ATTEMPTS connections of CONNECT_SECONDS
    String toOwn = startProbe(namespace, own);
    String toOther = startProbe(namespace, other);
    String otherToItsOwn = startProbe(otherNamespace, other);

    assertThat(probeResult(namespace, toOwn)).as("%s -> own chat %s", namespace, own).isZero();
    assertThat(probeResult(otherNamespace, otherToItsOwn))
        .as("%s -> own chat %s", otherNamespace, other)
        .isZero();
    assertThat(probeResult(namespace, toOther))
        .as("%s -> %s's chat %s (the NetworkPolicy must refuse it)", namespace, b, other)
        .isIn(BLOCKED);
  }

  /**
   * A tenant's pods reach DNS and the backends its Environment names (MinIO by its Service name),
   * and nothing else of the cluster: not the operator, not metrics-server, not CoreDNS on any port
   * but DNS's. The controls: the same addresses from the Environment's namespace, which no egress
   * policy limits, answer. (The API server is not among them: on this one-node cluster it listens
   * on the node itself, and kube-router, like most plugins, does not police a pod's traffic to its
   * own node; tenant pods carry no service-account token for it.)
   */
  @Test
  void aTenantsPodsReachTheirBackendsButNoOtherServiceOfTheCluster() {
    String namespace = namespace(a);
    String minio = serviceAddress(backendsNamespace, "minio");
    String operator =
        kubernetes.services().inNamespace(operatorNamespace).list().getItems().stream()
            .map(s -> s.getMetadata().getName())
            .filter(name -> name.endsWith("-metrics"))
            .findFirst()
            .map(name -> serviceAddress(operatorNamespace, name))
            .orElseThrow(() -> new AssertionError("no operator metrics Service"));
    String metricsServer = serviceAddress("kube-system", "metrics-server");
    String dnsMetrics = "kube-dns.kube-system.svc.cluster.local:9153";
    List<String> forbidden = List.of(operator, metricsServer, dnsMetrics);

    String toMinio = startProbe(namespace, minio);
    List<String> controls =
        forbidden.stream().map(address -> startProbe(platform.environment(), address)).toList();
    List<String> attempts =
        forbidden.stream().map(address -> startProbe(namespace, address)).toList();

    assertThat(probeResult(namespace, toMinio)).as("%s -> MinIO %s", namespace, minio).isZero();
    for (int i = 0; i < forbidden.size(); i++) {
      assertThat(probeResult(platform.environment(), controls.get(i)))
          .as("control: %s -> %s", platform.environment(), forbidden.get(i))
          .isZero();
    }
    for (int i = 0; i < forbidden.size(); i++) {
      assertThat(probeResult(namespace, attempts.get(i)))
          .as("%s -> %s (the egress policy must refuse it)", namespace, forbidden.get(i))
          .isIn(BLOCKED);
    }
  }

  @Test
  void theEnvironmentsNamespaceReachesEveryTenantsChat() {
    String namespace = platform.environment();
    List<String> probes =
        platform.tenantNames().stream().map(t -> startProbe(namespace, chatAddress(t))).toList();
    for (int i = 0; i < probes.size(); i++) {
      assertThat(probeResult(namespace, probes.get(i)))
          .as("%s -> %s's chat", namespace, platform.tenantNames().get(i))
          .isZero();
    }
  }

  @Test
  void tenantNamespacesEnforcePodSecurityRestrictedAndAdmitSundaesPods() {
    for (String tenant : platform.tenantNames()) {
      String namespace = namespace(tenant);
      assertThat(kubernetes.namespaces().withName(namespace).get().getMetadata().getLabels())
          .containsEntry("pod-security.kubernetes.io/enforce", "restricted");

      List<Pod> pods = kubernetes.pods().inNamespace(namespace).list().getItems();
      assertThat(pods)
          .as("Sundae's pods in %s", namespace)
          .extracting(p -> p.getMetadata().getLabels().get("app.kubernetes.io/component"))
          .contains("inference", "chat");
      assertThat(pods).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));

      Pod privileged =
          new PodBuilder()
              .withNewMetadata()
              .withName("privileged-" + UUID.randomUUID().toString().substring(0, 8))
              .withNamespace(namespace)
              .endMetadata()
              .withNewSpec()
              .addNewContainer()
              .withName("root")
              .withImage(platform.value("probe.image"))
              .withCommand("sleep", "1")
              .withNewSecurityContext()
              .withPrivileged(true)
              .endSecurityContext()
              .endContainer()
              .endSpec()
              .build();
      assertThatThrownBy(() -> kubernetes.resource(privileged).create())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(403);
                assertThat(e.getMessage()).contains("violates PodSecurity \"restricted");
              });
    }
  }

  /**
   * The chat scaled to two Pods: a voice message posted through one reaches a device connected to
   * the other, live (the tenant's encrypted NOTIFY bus across replicas). Each Pod is reached
   * through its own port-forward, so the test knows which one it talks to.
   */
  @Test
  void aVoiceMessagePostedThroughOneChatPodReachesADeviceOnTheOther() throws Exception {
    String namespace = namespace(a);
    // the example's quota fits three workers (the autoscaler's maximum, which an earlier test's
    // uploads may have reached), a chat and a rolling update's extra Pod: a second chat fits
    editTenantSpec(a, spec -> spec.getChat().setReplicas(2));
    try {
      await()
          .atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> readyChatPods(namespace).size() == 2);
      List<Pod> pods = readyChatPods(namespace);
      try (LocalPortForward first =
              kubernetes.pods().resource(pods.get(0)).portForward(Platform.CHAT_PORT);
          LocalPortForward second =
              kubernetes.pods().resource(pods.get(1)).portForward(Platform.CHAT_PORT)) {
        Chat postingPod = platform.chatThrough(namespace, "sundae-chat", first.getLocalPort());
        Chat listeningPod = platform.chatThrough(namespace, "sundae-chat", second.getLocalPort());
        String ana = platform.memberToken(a, "ana");
        String ben = platform.memberToken(a, "ben");
        String benSubject = listeningPod.get("/v1/me", ben).json().path("subject").asText();
        String conversationId =
            postingPod
                .post("/v1/conversations", ana, Map.of("kind", "direct", "with", benSubject))
                .json()
                .path("id")
                .asText();
        assertThat(
                listeningPod
                    .post("/v1/conversations/" + conversationId + "/join", ben, Map.of())
                    .status())
            .isEqualTo(204);
        try (Chat.Device bensPhone = listeningPod.connect(ben)) {
          bensPhone.next("hello", Duration.ofSeconds(10));
          Chat.Response posted =
              postingPod.postVoiceMessage(ana, conversationId, Clips.oggOpus(1_500));
          assertThat(posted.status()).as(posted.body()).isEqualTo(201);
          JsonNode live = bensPhone.next("message", Duration.ofSeconds(15)).path("message");
          assertThat(live.path("conversationId").asText()).isEqualTo(conversationId);
          assertThat(live.path("seq").asLong()).isEqualTo(posted.json().path("seq").asLong());
        }
      }
    } finally {
      editTenantSpec(a, spec -> spec.getChat().setReplicas(1));
      // back to one Pod before other tests reach the chat
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  kubernetes
                          .pods()
                          .inNamespace(namespace)
                          .withLabel("app.kubernetes.io/component", "chat")
                          .list()
                          .getItems()
                          .size()
                      == 1);
    }
  }

  /**
   * Changes a Tenant's spec in place, as kubectl edit does, and as a user of kubectl edit does,
   * tries again when the operator wrote the Tenant (its status) in between: 409 Conflict.
   */
  private static void editTenantSpec(String tenant, Consumer<TenantSpec> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        kubernetes
            .resources(Tenant.class)
            .inNamespace(platform.environment())
            .withName(tenant)
            .edit(
                t -> {
                  change.accept(t.getSpec());
                  return t;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static List<Pod> readyChatPods(String namespace) {
    return platform.readyPods(namespace, Map.of("app.kubernetes.io/component", "chat"));
  }

  /**
   * {@code helm upgrade} of the operator to another image tag (the same build, tagged anew in the
   * node by e2e/kind/run.sh) while a register keeps uploading: every upload gets its top 3, and no
   * Tenant leaves Ready while the operator's Pods are replaced.
   */
  @Test
  void helmUpgradeOfTheOperatorLosesNoUploadAndNoTenantLeavesReady() throws Exception {
    // every Tenant Ready first (an earlier test may still have one settling): the test is about
    // leaving Ready, so it starts from it
    for (String name : platform.tenantNames()) {
      await("Tenant " + name + " Ready before the upgrade")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(ready(platform.tenant(name)))
                      .as(name + ": " + conditionsNotTrue(platform.tenant(name)))
                      .isTrue());
    }
    AtomicBoolean running = new AtomicBoolean(true);
    Registers register = Registers.start(a, 1);
    List<String> notReady = new CopyOnWriteArrayList<>();
    Thread watcher =
        new Thread(
            () -> {
              while (running.get()) {
                for (String name : platform.tenantNames()) {
                  Tenant tenant = platform.tenant(name);
                  if (!ready(tenant)) {
                    // what the failure reports: which condition said what, not just the name
                    notReady.add(name + ": " + conditionsNotTrue(tenant));
                  }
                }
                sleepQuietly(Duration.ofMillis(500));
              }
            },
            "ready-watch");
    watcher.start();
    try {
      Process helm =
          new ProcessBuilder(
                  platform.value("helm"),
                  "upgrade",
                  platform.value("helm.release"),
                  platform.value("helm.chart"),
                  "--namespace",
                  operatorNamespace,
                  "--reuse-values",
                  "--set",
                  "image.tag=" + platform.value("operator.upgrade-tag"),
                  "--wait",
                  "--timeout",
                  "5m")
              .redirectErrorStream(true)
              .start();
      String output = new String(helm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(helm.waitFor()).as(output).isZero();
      assertThat(
              kubernetes
                  .apps()
                  .deployments()
                  .inNamespace(operatorNamespace)
                  .list()
                  .getItems()
                  .stream()
                  .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
                  .map(c -> c.getImage()))
          .anyMatch(image -> image.endsWith(":" + platform.value("operator.upgrade-tag")));
      // a while longer under the new operator
      sleepQuietly(Duration.ofSeconds(10));
    } finally {
      running.set(false);
      register.stop();
      watcher.join();
    }
    assertThat(register.failures).as("uploads that failed during the upgrade").isEmpty();
    assertThat(register.served.get()).as("uploads served during the upgrade").isPositive();
    assertThat(notReady.stream().distinct().toList())
        .as("Tenants seen not Ready during the upgrade")
        .isEmpty();
  }

  /**
   * The inference HorizontalPodAutoscaler the operator made, fed by metrics-server (built here):
   * idle workers stay at one replica, a burst of uploads scales the Deployment out, and it scales
   * back in once the burst is over. The Tenant gets its own bounds for the test (one to two
   * replicas, a short scale-down window instead of Kubernetes' five minutes) and goes back to its
   * Environment's default afterwards.
   */
  @Test
  void inferenceScalesOutUnderABurstOfUploadsAndBackInAfterwards() throws Exception {
    String namespace = namespace(b);
    AutoscalingSpec bounds = new AutoscalingSpec();
    bounds.setMinReplicas(1);
    bounds.setMaxReplicas(2);
    bounds.setTargetCpuUtilizationPercent(AUTOSCALING_TARGET_PERCENT);
    bounds.setScaleDownStabilizationSeconds(20);
    setInferenceAutoscaling(b, bounds);
    try {
      // the operator renders the Tenant's bounds, metrics-server reports the idle worker's CPU
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                HorizontalPodAutoscaler hpa = inferenceAutoscaler(namespace);
                assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(2);
                assertThat(
                        hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds())
                    .isEqualTo(20);
                assertThat(cpuUtilization(hpa))
                    .as("CPU utilisation read by the autoscaler")
                    .isNotNull();
                assertThat(inferenceReplicas(namespace))
                    .as("inference replicas at rest")
                    .isEqualTo(1);
              });
      Integer idle = cpuUtilization(inferenceAutoscaler(namespace));
      assertThat(idle)
          .as("idle CPU utilisation, %% of the request")
          .isLessThan(AUTOSCALING_TARGET_PERCENT);

      Registers burst = Registers.start(b, BURST_REGISTERS);
      Integer peak;
      try {
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofSeconds(2))
            .until(() -> inferenceReplicas(namespace) >= 2);
        peak = cpuUtilization(inferenceAutoscaler(namespace));
      } finally {
        burst.stop();
      }
      assertThat(burst.served.get()).as("uploads served during the burst").isPositive();
      assertThat(burst.failures).as("uploads that failed while the workers scaled out").isEmpty();

      long calm = System.nanoTime();
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(5))
          .until(() -> inferenceReplicas(namespace) == 1);
      System.out.printf(
          "[autoscaling] %s: idle %d %%, burst %d %% of the CPU request (target %d %%), %d uploads"
              + " served; back to 1 replica %d s after the burst%n",
          b,
          idle,
          peak,
          AUTOSCALING_TARGET_PERCENT,
          burst.served.get(),
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - calm));
    } finally {
      setInferenceAutoscaling(b, null);
    }
  }

  /**
   * KEDA scales the inference workers on the tenant's queue (the operator's ScaledObject in place
   * of the CPU autoscaler): an idle tenant goes to zero replicas and stays Ready; its next upload
   * starts a worker and gets its top 3 (the time is printed); a burst of queued uploads scales out
   * while a worker Pod is deleted under it, and every upload gets exactly one recommendation (the
   * analytics count), none dead-lettered; the idle queue scales back to zero; opening hours in a
   * time zone hold a worker with the queue empty, and closed hours let it go.
   */
  @Test
  void inferenceScalesOnItsQueueToZeroAndBackLosingNothing() throws Exception {
    String namespace = namespace(b);
    AutoscalingSpec bounds = new AutoscalingSpec();
    bounds.setMinReplicas(0);
    bounds.setMaxReplicas(2);
    bounds.setMessagesPerReplica(QUEUE_MESSAGES_PER_REPLICA);
    bounds.setScaleDownStabilizationSeconds(20);
    setInferenceAutoscaling(b, bounds);
    try {
      long idleSince = System.nanoTime();
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                assertThat(scaledObject(namespace)).as("KEDA ScaledObject").isNotNull();
                assertThat(cpuAutoscaler(namespace))
                    .as("the CPU autoscaler, replaced by KEDA's")
                    .isNull();
                assertThat(condition(b, "QueueScaling")).isEqualTo("True");
                assertThat(inferenceReplicas(namespace)).as("idle replicas").isZero();
                // and the last worker gone (a stopping one still takes what its poll receives)
                assertThat(inferencePods(namespace)).as("inference Pods").isEmpty();
              });
      long toZero = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - idleSince);
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(() -> assertThat(condition(b, TenantStatus.READY)).isEqualTo("True"));

      // the first upload after zero: a worker starts for it
      String token = platform.token(b);
      Instant from = Instant.now();
      long cold = System.nanoTime();
      Gateway.Upload first = upload(token, 42);
      Gateway.Response top3 = awaitTop3(token, first.requestId(), Duration.ofMinutes(4));
      long coldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cold);
      assertThat(top3.flavours()).hasSize(3);

      // back to zero, then a burst queued before a worker runs (one warm worker would drain it
      // before the autoscaler's next look): KEDA starts one, its HPA a second; a Pod is deleted
      long calm = System.nanoTime();
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> inferenceReplicas(namespace) == 0 && inferencePods(namespace).isEmpty());
      long backToZero = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - calm);
      List<Gateway.Upload> burst = new ArrayList<>();
      for (int i = 0; i < QUEUE_BURST; i++) {
        burst.add(upload(token, 1_000 + i));
      }
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> inferenceReplicas(namespace) >= 2);
      List<Pod> workers = inferencePods(namespace);
      assertThat(workers).isNotEmpty();
      kubernetes.pods().inNamespace(namespace).resource(workers.get(0)).delete();
      for (Gateway.Upload upload : burst) {
        assertThat(awaitTop3(token, upload.requestId(), Duration.ofMinutes(4)).flavours())
            .hasSize(3);
      }
      Instant to = Instant.now().plusSeconds(1);
      JsonNode overall =
          platform
              .gateway()
              .effectiveness(platform.analystToken(b), from, to)
              .json()
              .path("overall");
      assertThat(overall.path("recommendations").asLong())
          .as("recommendations written for %d uploads", QUEUE_BURST + 1)
          .isEqualTo(QUEUE_BURST + 1);
      try (var sqs = platform.sqs()) {
        var attributes =
            sqs.getQueueAttributes(
                    q ->
                        q.queueUrl(platform.facts(b).deadLetterQueueUrl())
                            .attributeNamesWithStrings("ApproximateNumberOfMessages"))
                .attributesAsStrings();
        assertThat(attributes.get("ApproximateNumberOfMessages")).as("dead letters").isEqualTo("0");
      }

      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> inferenceReplicas(namespace) == 0);

      // open now in Kiritimati (UTC+14, another day than UTC for 14 hours of it): one worker waits
      ZoneId zone = ZoneId.of("Pacific/Kiritimati");
      ZonedDateTime local = ZonedDateTime.now(zone);
      ScheduleSpec open = schedule(zone, local.minusMinutes(1), local.plusMinutes(30));
      editTenantSpec(b, spec -> spec.getInference().getAutoscaling().setSchedule(open));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> inferenceReplicas(namespace) == 1);
      // closed now: the worker goes with the queue empty
      ScheduleSpec closed = schedule(zone, local.plusHours(3), local.plusHours(4));
      editTenantSpec(b, spec -> spec.getInference().getAutoscaling().setSchedule(closed));
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> inferenceReplicas(namespace) == 0);
      System.out.printf(
          "[queue-scaling] %s: idle to 0 replicas in %d s; first upload after zero: top 3 in %d"
              + " ms, its worker gone %d s after; a burst of %d scaled to 2 (a worker Pod deleted"
              + " under it), %d recommendations for %d uploads, 0 dead letters, back to 0; open"
              + " hours held 1 worker, closed hours 0%n",
          b,
          toZero,
          coldMillis,
          backToZero,
          QUEUE_BURST,
          overall.path("recommendations").asLong(),
          QUEUE_BURST + 1);
    } finally {
      setInferenceAutoscaling(b, null);
      // the fixed replica back for the tests after this one
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () ->
                  Objects.requireNonNullElse(
                          kubernetes
                              .apps()
                              .deployments()
                              .inNamespace(namespace)
                              .withName(INFERENCE)
                              .get()
                              .getStatus()
                              .getAvailableReplicas(),
                          0)
                      >= 1);
    }
  }

  /**
   * A candidate model on trial in tenant a: a canary of half the model arm's sessions, each upload
   * bought as recommended, is promoted on its figures (the rule relaxed to decide on 20 of each:
   * here both versions are the reference model, and the rule's arithmetic is ModelTrialIT's); then
   * the workers serve it in the stable version's place. A candidate that cannot load is rolled back
   * and never serves an upload. The status, the Events and the workers' own settings say so.
   */
  @Test
  void aCandidateModelIsPromotedOnItsFiguresAndOneThatCannotLoadIsRolledBack() throws Exception {
    String namespace = namespace(a);
    InferenceSpec stable = tenant(a).getSpec().getInference();
    String canary = stable.getModelVersion() + "-canary";
    editTenantSpec(
        a, spec -> spec.getInference().setCandidate(candidate(stable.getModelUri(), canary)));
    try {
      awaitWorkers(namespace, env -> canary.equals(env.get("SUNDAE_CANDIDATE_MODEL_VERSION")));
      String token = platform.token(a);
      Map<String, Integer> served = new java.util.TreeMap<>();
      for (int i = 0;
          i < 200
              && (served.getOrDefault(canary, 0) < 20
                  || served.getOrDefault(stable.getModelVersion(), 0) < 20);
          i++) {
        Gateway.Upload upload = upload(token, 5_000 + i);
        Gateway.Response top3 = awaitTop3(token, upload.requestId(), Duration.ofMinutes(2));
        if ("model".equals(top3.json().path("arm").asText())) {
          served.merge(configured(top3), 1, Integer::sum);
        }
        assertThat(
                platform
                    .gateway()
                    .purchase(token, upload.requestId(), List.of(top3.flavours().get(0)))
                    .status())
            .isEqualTo(201);
      }
      assertThat(served.keySet()).containsExactlyInAnyOrder(canary, stable.getModelVersion());

      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () -> {
                ModelStatus model = tenant(a).getStatus().getModel();
                assertThat(model.getCandidate().getPhase())
                    .as("%s", model.getCandidate().getMessage())
                    .isEqualTo(Phase.Promoted);
                assertThat(model.getServing()).isEqualTo(canary);
              });
      ModelStatus.CandidateStatus promoted = tenant(a).getStatus().getModel().getCandidate();
      assertThat(promoted.getReason()).isEqualTo("NonInferior");
      assertThat(events(a, "ModelPromoted")).isNotEmpty();
      awaitWorkers(
          namespace,
          env ->
              canary.equals(env.get("SUNDAE_MODEL_VERSION"))
                  && !env.containsKey("SUNDAE_CANDIDATE_MODEL_VERSION"));
      Gateway.Upload after = upload(token, 6_000);
      assertThat(configured(awaitTop3(token, after.requestId(), Duration.ofMinutes(2))))
          .isEqualTo(canary);

      // a candidate that cannot load: the stable version serves every upload, the trial ends
      editTenantSpec(
          a,
          spec ->
              spec.getInference()
                  .setCandidate(
                      candidate("file:///app/resources/model/missing/model.pt", "broken-1")));
      // the spec's version again, with broken-1 beside it or (rolled back already) alone
      awaitWorkers(
          namespace, env -> stable.getModelVersion().equals(env.get("SUNDAE_MODEL_VERSION")));
      for (int i = 0; i < 8; i++) {
        Gateway.Upload upload = upload(token, 7_000 + i);
        assertThat(configured(awaitTop3(token, upload.requestId(), Duration.ofMinutes(2))))
            .isEqualTo(stable.getModelVersion());
      }
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () ->
                  assertThat(tenant(a).getStatus().getModel().getCandidate().getPhase())
                      .isEqualTo(Phase.RolledBack));
      ModelStatus.CandidateStatus rolledBack = tenant(a).getStatus().getModel().getCandidate();
      assertThat(rolledBack.getReason()).isEqualTo("FailedToLoad");
      assertThat(events(a, "ModelRolledBack")).isNotEmpty();
      awaitWorkers(namespace, env -> !env.containsKey("SUNDAE_CANDIDATE_MODEL_VERSION"));
      System.out.printf(
          "[model-trial] %s: canary %s served %s; %s: %s; broken-1: %s (%s)%n",
          a,
          canary,
          served,
          promoted.getReason(),
          promoted.getMessage(),
          rolledBack.getReason(),
          rolledBack.getMessage());
    } finally {
      editTenantSpec(a, spec -> spec.getInference().setCandidate(null));
      awaitWorkers(
          namespace,
          env ->
              stable.getModelVersion().equals(env.get("SUNDAE_MODEL_VERSION"))
                  && !env.containsKey("SUNDAE_CANDIDATE_MODEL_VERSION"));
    }
  }

  private static CandidateModelSpec candidate(String uri, String version) {
    CandidateModelSpec candidate = new CandidateModelSpec();
    candidate.setModelUri(uri);
    candidate.setModelVersion(version);
    candidate.setTrafficPercent(50);
    PromotionSpec rule = new PromotionSpec();
    rule.setMinRecommendations(20);
    rule.setConversionMarginPercent(20);
    // a fresh model's first passes are slow and 20 samples make a p95 of the slowest: the time
    // rule is ModelRolloutTest's
    rule.setMaxLatencyIncreasePercent(1000);
    candidate.setPromotion(rule);
    return candidate;
  }

  /** The version a recommendation names, without the model file's digest. */
  private static String configured(Gateway.Response recommendation) {
    String recorded = recommendation.json().path("modelVersion").asText();
    return recorded.substring(0, recorded.lastIndexOf('@'));
  }

  private static Tenant tenant(String name) {
    return kubernetes
        .resources(Tenant.class)
        .inNamespace(platform.environment())
        .withName(name)
        .get();
  }

  private static List<io.fabric8.kubernetes.api.model.Event> events(String tenant, String reason) {
    return kubernetes.v1().events().inNamespace(platform.environment()).list().getItems().stream()
        .filter(e -> tenant.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  /**
   * Waits until every inference worker of {@code namespace} runs, is ready and not stopping, and
   * its settings pass {@code expected}: what the operator rolled out is what serves.
   */
  private static void awaitWorkers(
      String namespace, java.util.function.Predicate<Map<String, String>> expected) {
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              List<Pod> pods = inferencePods(namespace);
              return !pods.isEmpty()
                  && pods.stream()
                      .allMatch(
                          pod ->
                              pod.getMetadata().getDeletionTimestamp() == null
                                  && pod.getStatus().getConditions().stream()
                                      .anyMatch(
                                          c ->
                                              "Ready".equals(c.getType())
                                                  && "True".equals(c.getStatus()))
                                  && expected.test(environmentOf(pod)));
            });
  }

  private static Map<String, String> environmentOf(Pod pod) {
    Map<String, String> env = new java.util.HashMap<>();
    pod.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  private static List<Pod> inferencePods(String namespace) {
    return kubernetes
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/component", "inference")
        .list()
        .getItems();
  }

  private static Gateway.Upload upload(String token, long seed) {
    byte[] frame = Frames.jpeg(Frames.PINK, seed);
    Gateway.Upload upload = platform.gateway().requestUpload(token, "image/jpeg", frame.length);
    assertThat(platform.gateway().put(upload, frame).status()).isEqualTo(200);
    return upload;
  }

  /** The top 3 of an upload, long-polled until it is there or the time is up. */
  private static Gateway.Response awaitTop3(String token, UUID requestId, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (true) {
      Gateway.Response response = platform.gateway().recommendation(token, requestId, 10_000);
      if (response.status() == 200 || System.nanoTime() > deadline) {
        assertThat(response.status())
            .as("top 3 of %s: %s", requestId, response.body())
            .isEqualTo(200);
        return response;
      }
    }
  }

  private static ScheduleSpec schedule(ZoneId zone, ZonedDateTime opens, ZonedDateTime closes) {
    OpeningHoursSpec hours = new OpeningHoursSpec();
    hours.setDays(List.of(OpeningHoursSpec.Day.values()));
    DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
    hours.setOpens(opens.format(hhmm));
    hours.setCloses(closes.format(hhmm));
    ScheduleSpec schedule = new ScheduleSpec();
    schedule.setTimeZone(zone.getId());
    schedule.setOpeningHours(List.of(hours));
    schedule.setWarmUpMinutes(0);
    return schedule;
  }

  private static GenericKubernetesResource scaledObject(String namespace) {
    return kubernetes
        .genericKubernetesResources("keda.sh/v1alpha1", "ScaledObject")
        .inNamespace(namespace)
        .withName(INFERENCE)
        .get();
  }

  private static String condition(String tenant, String type) {
    return platform.tenant(tenant).getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse(null);
  }

  private static void setInferenceAutoscaling(String tenant, AutoscalingSpec bounds) {
    editTenantSpec(tenant, spec -> spec.getInference().setAutoscaling(bounds));
  }

  private static HorizontalPodAutoscaler inferenceAutoscaler(String namespace) {
    HorizontalPodAutoscaler hpa = cpuAutoscaler(namespace);
    assertThat(hpa).as("HorizontalPodAutoscaler %s/%s", namespace, INFERENCE).isNotNull();
    return hpa;
  }

  /** The operator's CPU autoscaler of the inference workers, or null. */
  private static HorizontalPodAutoscaler cpuAutoscaler(String namespace) {
    return kubernetes
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .withName(INFERENCE)
        .get();
  }

  /** The average CPU utilisation the autoscaler last read, or null before metrics arrive. */
  private static Integer cpuUtilization(HorizontalPodAutoscaler hpa) {
    if (hpa.getStatus() == null || hpa.getStatus().getCurrentMetrics() == null) {
      return null;
    }
    return hpa.getStatus().getCurrentMetrics().stream()
        .filter(m -> m.getResource() != null && "cpu".equals(m.getResource().getName()))
        .map(m -> m.getResource().getCurrent().getAverageUtilization())
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** The replica count the autoscaler set on the inference Deployment. */
  private static int inferenceReplicas(String namespace) {
    Integer replicas =
        kubernetes
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withName(INFERENCE)
            .get()
            .getSpec()
            .getReplicas();
    return replicas == null ? 1 : replicas;
  }

  /**
   * Registers of one tenant on their own threads, each uploading a frame and reading its top 3
   * (waiting up to 10 s) in a loop until stopped; what failed and how many were served.
   */
  private static final class Registers {
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicInteger served = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    static Registers start(String tenant, int count) {
      Registers registers = new Registers();
      for (int r = 0; r < count; r++) {
        long first = r * 1_000_000L;
        Thread thread = new Thread(() -> registers.upload(tenant, first), "register-" + r);
        thread.start();
        registers.threads.add(thread);
      }
      return registers;
    }

    private void upload(String tenant, long firstSeed) {
      long seed = firstSeed;
      while (running.get()) {
        try {
          byte[] frame = Frames.jpeg(Frames.PINK, seed++);
          String token = platform.token(tenant);
          Gateway.Upload upload =
              platform.gateway().requestUpload(token, "image/jpeg", frame.length);
          Gateway.Response put = platform.gateway().put(upload, frame);
          Gateway.Response top3 =
              platform.gateway().recommendation(token, upload.requestId(), 10_000);
          if (put.status() != 200 || top3.status() != 200) {
            failures.add("PUT " + put.status() + ", top 3 " + top3.status());
          } else {
            served.incrementAndGet();
          }
        } catch (RuntimeException e) {
          failures.add(e.toString());
        }
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One new tenant for two behaviours: created while the operator's leader Pod is deleted (the
   * other replica takes the Lease over and makes it Ready), then deleted with {@code
   * deletionPolicy: Delete} (its Pods, namespace, bucket, queues and schema go, and no finalizer
   * holds the Tenant).
   */
  @Test
  void aTenantCreatedAsTheLeaderDiesBecomesReadyAndIsDeletedWhole() throws Exception {
    String name = "sorbet-" + UUID.randomUUID().toString().substring(0, 6);
    String issuer =
        platform.value("tenant." + a + ".issuer").replaceAll("/realms/.*", "/realms/" + name);
    Tenant tenant =
        kubernetes
            .resources(Tenant.class)
            .inNamespace(platform.environment())
            .resource(
                Serialization.unmarshal(
                    """
                    apiVersion: sundae.dev/v1alpha1
                    kind: Tenant
                    metadata: {name: %s}
                    spec:
                      displayName: Sorbet (deleted by ClusterE2E)
                      flavours:
                        - {name: lemon, displayName: Lemon, colour: "#fff44f"}
                        - {name: mango, displayName: Mango, colour: "#ffc324"}
                        - {name: raspberry, displayName: Raspberry, colour: "#e30b5c"}
                      inference:
                        modelUri: file:///app/resources/model/reference/model.pt
                        modelVersion: "1"
                        replicas: 1
                      chat: {enabled: false}
                      storage: {retentionDays: 30, deletionPolicy: Delete}
                      identity: {issuer: %s, audience: sundae-%s}
                    """
                        .formatted(name, issuer, name),
                    Tenant.class))
            .create();
    String leader = leaderPod();
    kubernetes.pods().inNamespace(operatorNamespace).withName(leader).delete();
    TenantStatus status;
    try {
      await()
          .atMost(Duration.ofMinutes(8))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> ready(kubernetes.resource(tenant).get()));
      status = kubernetes.resource(tenant).get().getStatus();
      assertThat(leaderPod()).as("the Lease's holder after the leader died").isNotEqualTo(leader);
      assertThat(kubernetes.pods().inNamespace(status.getNamespace()).list().getItems())
          .as("the new tenant's Pods")
          .isNotEmpty();
      assertThat(adminS3().headBucket(b -> b.bucket(status.getBucket()))).isNotNull();
      assertThat(schemaExists(status.getDatabaseSchema())).isTrue();
    } finally {
      kubernetes.resource(tenant).delete();
    }

    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> kubernetes.resource(tenant).get() == null);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> kubernetes.namespaces().withName(status.getNamespace()).get() == null);
    assertThatThrownBy(() -> adminS3().headBucket(b -> b.bucket(status.getBucket())))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    for (String queue : List.of(status.getQueueUrl(), status.getDeadLetterQueueUrl())) {
      String queueName = queue.substring(queue.lastIndexOf('/') + 1);
      assertThatThrownBy(() -> platform.sqs().getQueueUrl(q -> q.queueName(queueName)))
          .isInstanceOf(QueueDoesNotExistException.class);
    }
    assertThat(schemaExists(status.getDatabaseSchema())).as("schema after deletion").isFalse();
  }

  /**
   * An S3 client with the Environment's object-store admin keys (the Secret its spec names), the
   * only ones that can see every tenant's bucket.
   */
  private static S3Client adminS3() {
    ObjectStoreSpec store =
        kubernetes
            .resources(Environment.class)
            .withName(platform.environment())
            .get()
            .getSpec()
            .getObjectStore();
    SecretRef ref = store.getAdminCredentialsSecret();
    Map<String, String> keys =
        kubernetes
            .secrets()
            .inNamespace(ref.getNamespace())
            .withName(ref.getName())
            .get()
            .getData();
    return S3Client.builder()
        .endpointOverride(URI.create(platform.value("s3.endpoint")))
        .region(Region.of(store.getRegion()))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    decode(keys.get("accessKey")), decode(keys.get("secretKey")))))
        .httpClient(platform.awsHttpClient())
        .build();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** The operator Pod holding the leader-election Lease (the chart's two replicas compete). */
  private static String leaderPod() {
    Lease lease = kubernetes.leases().inNamespace(operatorNamespace).withName(LEASE).get();
    assertThat(lease).as("Lease %s/%s", operatorNamespace, LEASE).isNotNull();
    String holder = lease.getSpec().getHolderIdentity();
    assertThat(kubernetes.pods().inNamespace(operatorNamespace).withName(holder).get())
        .as("the leader %s is a Pod", holder)
        .isNotNull();
    return holder;
  }

  /** The Tenant's conditions that are not True, as type=status (reason: message). */
  private static String conditionsNotTrue(Tenant tenant) {
    if (tenant == null || tenant.getStatus() == null) {
      return "no status";
    }
    return tenant.getStatus().getConditions().stream()
        .filter(c -> !"True".equals(c.getStatus()))
        .map(
            c ->
                c.getType()
                    + "="
                    + c.getStatus()
                    + " ("
                    + c.getReason()
                    + ": "
                    + c.getMessage()
                    + ")")
        .distinct()
        .toList()
        .toString();
  }

  private static boolean ready(Tenant tenant) {
    return tenant != null
        && tenant.getStatus() != null
        && tenant.getStatus().getConditions().stream()
            .anyMatch(c -> TenantStatus.READY.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Whether the platform's PostgreSQL has {@code schema}, asked with psql inside its Pod. */
  private static boolean schemaExists(String schema) throws Exception {
    Pod postgres =
        kubernetes
            .pods()
            .inNamespace(backendsNamespace)
            .withLabel("app", "postgres")
            .list()
            .getItems()
            .get(0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ExecWatch exec =
        kubernetes
            .pods()
            .resource(postgres)
            .writingOutput(out)
            .exec(
                "psql",
                "-U",
                "sundae",
                "-d",
                "sundae",
                "-tAc",
                "select count(*) from pg_namespace where nspname = '" + schema + "'")) {
      assertThat(exec.exitCode().get(30, TimeUnit.SECONDS)).isZero();
    }
    return out.toString(StandardCharsets.UTF_8).trim().equals("1");
  }

  private static String namespace(String tenant) {
    return platform.tenant(tenant).getStatus().getNamespace();
  }

  /** {@code <service>.<namespace>.svc.cluster.local:<its first port>}. */
  private static String serviceAddress(String namespace, String name) {
    Service service = kubernetes.services().inNamespace(namespace).withName(name).get();
    assertThat(service).as("Service %s/%s", namespace, name).isNotNull();
    return name
        + "."
        + namespace
        + ".svc.cluster.local:"
        + service.getSpec().getPorts().get(0).getPort();
  }

  /** host:port of the tenant's chat Service, as a Pod in any namespace dials it. */
  private static String chatAddress(String tenant) {
    String namespace = namespace(tenant);
    Service service =
        kubernetes
            .services()
            .inNamespace(namespace)
            .withLabel("app.kubernetes.io/component", "chat")
            .withLabel("app.kubernetes.io/managed-by", "sundae-operator")
            .list()
            .getItems()
            .stream()
            .findFirst()
            .orElseThrow(() -> new AssertionError("no chat Service in " + namespace));
    return serviceAddress(namespace, service.getMetadata().getName());
  }

  /**
   * Starts a Pod in {@code namespace} that opens a TCP connection to {@code address}: exit 0 when
   * it connects, 124 when it times out (dropped), 1 when refused. The Pod meets Pod Security {@code
   * restricted} and fits the tenant's quota.
   */
  private static String startProbe(String namespace, String address) {
    String name = "probe-" + UUID.randomUUID().toString().substring(0, 8);
    String[] hostPort = address.split(":");
    Map<String, Quantity> resources =
        Map.of("cpu", new Quantity("10m"), "memory", new Quantity("16Mi"));
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("sundae.dev/test", "cluster-e2e")
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(65534L)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .addNewContainer()
            .withName("probe")
            .withImage(platform.value("probe.image"))
            .withImagePullPolicy("Never")
            .withCommand(
                "bash",
                "-c",
                "for attempt in $(seq "
                    + PROBE_ATTEMPTS
                    + "); do timeout "
                    + CONNECT_SECONDS
                    + " bash -c 'exec 3<>/dev/tcp/"
                    + hostPort[0]
                    + "/"
                    + hostPort[1]
                    + "' || exit $?; sleep 2; done")
            .withNewResources()
            .withRequests(resources)
            .withLimits(resources)
            .endResources()
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    kubernetes.resource(pod).create();
    return name;
  }

  /** The probe's exit code, once it has ended; the Pod is deleted. */
  private static int probeResult(String namespace, String name) {
    try {
      ContainerStateTerminated[] terminated = new ContainerStateTerminated[1];
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                Pod pod = kubernetes.pods().inNamespace(namespace).withName(name).get();
                if (pod == null || pod.getStatus().getContainerStatuses().isEmpty()) {
                  return false;
                }
                terminated[0] =
                    pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
                return terminated[0] != null;
              });
      return terminated[0].getExitCode();
    } finally {
      kubernetes.pods().inNamespace(namespace).withName(name).delete();
    }
  }
}
