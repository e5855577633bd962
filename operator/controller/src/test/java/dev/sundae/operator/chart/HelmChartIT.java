package dev.sundae.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.tenancy.TrustedCas;
import dev.sundae.testing.Tools;
import dev.sundae.testing.junit.WithKubernetes;
import dev.sundae.testing.kubernetes.KubeControlPlane;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicySpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart under helm/sundae-operator, checked with the tools a platform engineer uses: helm
 * (lint, template, the values schema), kubeconform against the Kubernetes schemas of the version
 * the tests run, and the real API server of the tests (server-side dry run of every rendered
 * object). Its RBAC must be exactly rbac/operator.yaml, which OperatorRbacIT proves sufficient.
 */
@WithKubernetes
class HelmChartIT {

  static final Path CHART = Path.of("../../helm/sundae-operator");
  static final String NAMESPACE = "sundae-system";

  /** Values that change every switch of the chart away from its default. */
  static final List<String> NON_DEFAULT =
      List.of(
          "--set", "replicaCount=2",
          "--set", "image.repository=registry.example.com/platform/sundae-operator",
          "--set", "image.tag=1.2.3",
          "--set", "image.pullPolicy=Always",
          "--set", "watchNamespaces={dev,prod}",
          "--set", "resyncInterval=PT10M",
          "--set", "reconcileThreads=8",
          "--set", "metrics.port=9090",
          "--set", "metrics.serviceMonitor.enabled=true",
          "--set", "serviceAccount.name=operator",
          "--set", "imagePullSecrets[0].name=regcred",
          "--set", "resources.limits.memory=1Gi",
          "--set", "extraEnv[0].name=JAVA_TOOL_OPTIONS",
          "--set", "extraEnv[0].value=-Xlog:gc",
          "--set", "trustedCas.secretName=backends-ca",
          "--set", "trustedCas.key=bundle.pem");

  static KubernetesClient client;

  @BeforeAll
  static void connect(KubeControlPlane cluster) {
    client = cluster.newClient();
  }

  @Test
  void lintPassesStrictly() {
    Result lint = helm("lint", "--strict", CHART.toString());
    assertThat(lint.exitCode()).as(lint.output()).isZero();
    assertThat(lint.output()).contains("1 chart(s) linted, 0 chart(s) failed");
  }

  @Test
  void defaultsRenderOneLeaderElectedRestrictedOperator() {
    List<HasMetadata> objects = render(List.of());
    assertThat(kinds(objects))
        .containsExactlyInAnyOrder(
            "CustomResourceDefinition",
            "CustomResourceDefinition",
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
            "Service",
            "Deployment");
    Deployment deployment = only(objects, Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(container.getImage()).isEqualTo("sundae/sundae-operator:0.1.0-SNAPSHOT");
    assertThat(env(container.getEnv()))
        .containsEntry("SUNDAE_LEADER_ELECTION", "true")
        .containsEntry("SUNDAE_WATCH_NAMESPACES", "")
        .containsEntry("SUNDAE_HTTP_PORT", "8080");
    assertThat(container.getEnv()).extracting(EnvVar::getName).doesNotContain(TrustedCas.VARIABLE);
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    // the restricted Pod Security Standard
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(pod.getServiceAccountName()).isEqualTo("sundae-sundae-operator");
  }

  @Test
  void nonDefaultValuesReachTheManifests() {
    List<HasMetadata> objects = render(NON_DEFAULT);
    assertThat(kinds(objects)).contains("ServiceMonitor");
    Deployment deployment = only(objects, Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    var container = pod.getContainers().get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(container.getImage())
        .isEqualTo("registry.example.com/platform/sundae-operator:1.2.3");
    assertThat(container.getImagePullPolicy()).isEqualTo("Always");
    assertThat(pod.getImagePullSecrets().get(0).getName()).isEqualTo("regcred");
    assertThat(pod.getServiceAccountName()).isEqualTo("operator");
    assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
    assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(9090);
    assertThat(env(container.getEnv()))
        .containsEntry("SUNDAE_WATCH_NAMESPACES", "dev,prod")
        .containsEntry("SUNDAE_RESYNC_INTERVAL", "PT10M")
        .containsEntry("SUNDAE_RECONCILE_THREADS", "8")
        .containsEntry("SUNDAE_HTTP_PORT", "9090")
        .containsEntry("JAVA_TOOL_OPTIONS", "-Xlog:gc");
    assertThat(container.getEnv())
        .filteredOn(e -> TrustedCas.VARIABLE.equals(e.getName()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("backends-ca");
              assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("bundle.pem");
            });
  }

  @Test
  void valuesSchemaRejectsBadValues() {
    assertRejected(List.of("--set", "image.pullPolicy=Sometimes"), "pullPolicy");
    assertRejected(List.of("--set", "replicas=2"), "replicas");
    assertRejected(List.of("--set", "reconcileThreads=0"), "reconcileThreads");
    assertRejected(List.of("--set", "resyncInterval=five minutes"), "resyncInterval");
    assertRejected(List.of("--set", "watchNamespaces={Dev}"), "watchNamespaces");
    assertRejected(List.of("--set", "trustedCas.secretName=Not A Name"), "secretName");
    // two replicas without a Lease would reconcile the same tenants twice
    assertRejected(
        List.of("--set", "replicaCount=2", "--set", "leaderElection.enabled=false"),
        "leaderElection");
  }

  @Test
  void rbacIsExactlyRbacOperatorYaml() throws IOException {
    List<HasMetadata> chart = render(List.of());
    List<HasMetadata> reference;
    try (InputStream in = Files.newInputStream(Path.of("../../rbac/operator.yaml"))) {
      reference = client.load(in).items();
    }
    assertThat(rules(only(chart, ClusterRole.class).getRules()))
        .isEqualTo(rules(only(reference, ClusterRole.class).getRules()));
    assertThat(rules(only(chart, Role.class).getRules()))
        .isEqualTo(rules(only(reference, Role.class).getRules()));

    // the write fence: the same policy, for the chart's own ServiceAccount, and bound
    ValidatingAdmissionPolicySpec fence = only(chart, ValidatingAdmissionPolicy.class).getSpec();
    ValidatingAdmissionPolicySpec referenceFence =
        only(reference, ValidatingAdmissionPolicy.class).getSpec();
    assertThat(fence.getMatchConditions())
        .singleElement()
        .extracting(MatchCondition::getExpression)
        .isEqualTo(
            "request.userInfo.username == 'system:serviceaccount:"
                + NAMESPACE
                + ":sundae-sundae-operator'");
    assertThat(fence)
        .usingRecursiveComparison()
        .ignoringFields("matchConditions")
        .isEqualTo(referenceFence);
    assertThat(only(chart, ValidatingAdmissionPolicyBinding.class).getSpec().getPolicyName())
        .isEqualTo(only(chart, ValidatingAdmissionPolicy.class).getMetadata().getName());
  }

  @Test
  void kubeconformAcceptsTheRenderedManifests(@TempDir Path dir) throws IOException {
    Path defaults = Files.writeString(dir.resolve("defaults.yaml"), template(List.of()));
    Path custom = Files.writeString(dir.resolve("custom.yaml"), template(NON_DEFAULT));
    Result valid = kubeconform(defaults, custom);
    assertThat(valid.exitCode()).as(valid.output()).isZero();
    assertThat(valid.output()).contains("Invalid: 0, Errors: 0");
    assertThat(valid.output()).containsPattern("Valid: (1[4-9]|[2-9][0-9])");

    // the schemas are really applied: a misspelt field of a Deployment is refused
    Path broken =
        Files.writeString(
            dir.resolve("broken.yaml"),
            template(List.of()).replace("  replicas: 1", "  replica: 1"));
    Result invalid = kubeconform(broken);
    assertThat(invalid.exitCode()).isNotZero();
    assertThat(invalid.output()).contains("replica");
  }

  @Test
  void apiServerAcceptsEveryRenderedObjectInServerSideDryRun() {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    for (List<String> values : List.of(List.<String>of(), NON_DEFAULT)) {
      for (HasMetadata object : render(values)) {
        if (object.getKind().equals("ServiceMonitor")) {
          continue; // prometheus-operator's CRD is not part of the test cluster
        }
        client.resource(object).dryRun().serverSideApply();
      }
    }
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName("sundae-sundae-operator")
                .get())
        .as("a dry run stores nothing")
        .isNull();

    // the server really validates: an invalid container name is refused
    Deployment broken = only(render(List.of()), Deployment.class);
    broken.getSpec().getTemplate().getSpec().getContainers().get(0).setName("Not_A_DNS_Label");
    assertThatThrownBy(() -> client.resource(broken).dryRun().serverSideApply())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("Not_A_DNS_Label");
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertRejected(List<String> values, String field) {
    List<String> command = new ArrayList<>(templateCommand());
    command.addAll(values);
    Result result = run(command);
    assertThat(result.exitCode()).as("helm template " + values).isNotZero();
    assertThat(result.output()).contains("values don't meet the specifications").contains(field);
  }

  private static List<HasMetadata> render(List<String> values) {
    return client
        .load(new ByteArrayInputStream(template(values).getBytes(StandardCharsets.UTF_8)))
        .items();
  }

  private static String template(List<String> values) {
    List<String> command = new ArrayList<>(templateCommand());
    command.addAll(values);
    Result result = run(command);
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.stdout();
  }

  private static List<String> templateCommand() {
    return List.of(
        helmBinary(),
        "template",
        "sundae",
        CHART.toString(),
        "--namespace",
        NAMESPACE,
        "--include-crds",
        "--kube-version",
        Tools.get().value("k8s.version"));
  }

  private static Result kubeconform(Path... files) {
    Tools tools = Tools.get();
    List<String> command =
        new ArrayList<>(
            List.of(
                tools.binary("kubeconform").toString(),
                "-strict",
                "-summary",
                "-kubernetes-version",
                tools.value("k8s.version"),
                "-schema-location",
                tools.value("kubeconform.schemas")
                    + "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}"
                    + "/{{ .ResourceKind }}{{ .KindSuffix }}.json",
                // no schema offline for these: the API server's dry run checks the CRDs, and
                // ServiceMonitor belongs to prometheus-operator
                "-skip",
                "CustomResourceDefinition,ServiceMonitor"));
    for (Path file : files) {
      command.add(file.toString());
    }
    return run(command);
  }

  private static Result helm(String... args) {
    List<String> command = new ArrayList<>(List.of(helmBinary()));
    command.addAll(List.of(args));
    return run(command);
  }

  private static String helmBinary() {
    return Tools.get().binary("helm").toString();
  }

  record Result(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }
  }

  private static Result run(List<String> command) {
    try {
      Path err = Files.createTempFile("helm-chart-it", ".err");
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.to(err.toFile()))
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = process.waitFor();
      String stderr = Files.readString(err);
      Files.delete(err);
      return new Result(code, out, stderr);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> kinds(List<HasMetadata> objects) {
    return objects.stream().map(HasMetadata::getKind).toList();
  }

  private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(matching).as(type.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  private static Map<String, String> env(List<EnvVar> env) {
    return env.stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  /** Rules as comparable text, order of rules kept (it is the reading order of the file). */
  private static List<String> rules(List<PolicyRule> rules) {
    return rules.stream()
        .map(r -> r.getApiGroups() + " " + r.getResources() + " " + r.getVerbs())
        .toList();
  }
}
