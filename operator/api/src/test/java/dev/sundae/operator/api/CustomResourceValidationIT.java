package dev.sundae.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

import dev.sundae.operator.api.StorageSpec.DeletionPolicy;
import dev.sundae.testing.junit.WithKubernetes;
import dev.sundae.testing.kubernetes.KubeControlPlane;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRDs, installed in a real kube-apiserver, accept the examples, refuse invalid
 * resources with a message that says what is wrong, apply defaults and document every field.
 */
@WithKubernetes(controllerManager = false)
class CustomResourceValidationIT {

  private static final Path EXAMPLES =
      Path.of(System.getProperty("sundae.examples.dir", "../../examples"));
  private static final String NAMESPACE = "dev";

  private static KubernetesClient client;

  @BeforeAll
  static void installCrds(KubeControlPlane cluster) {
    client = cluster.newClient();
    for (CustomResourceDefinition crd : Crds.load(Crds.committedDir())) {
      client.resource(crd).forceConflicts().serverSideApply();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> isEstablished(crd.getMetadata().getName()));
    }
    // the Environment reconciler creates its namespace; no operator runs here
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void acceptsTheExamplesWithoutDroppingAnyField() throws IOException {
    try (InputStream in = Files.newInputStream(EXAMPLES.resolve("dev-credentials.yaml"))) {
      client.load(in).items().forEach(r -> client.resource(r).serverSideApply());
    }
    for (String file : List.of("environment-dev.yaml", "tenant-acme.yaml", "tenant-gelato.yaml")) {
      GenericKubernetesResource example = example(file);
      GenericKubernetesResource stored = client.resource(example).serverSideApply();
      // the API server silently prunes fields its schema does not know
      assertContains(file + ": spec", stored.get("spec"), example.get("spec"));
    }

    Environment dev = client.resources(Environment.class).withName("dev").get();
    assertThat(dev.getSpec().getRuntime()).isEqualTo(EnvironmentSpec.Runtime.EXTERNAL);
    assertThat(dev.getSpec().getObjectStore().getProvider())
        .isEqualTo(ObjectStoreSpec.Provider.MINIO);
    assertThat(dev.getSpec().getTenantDefaults().getResources().getLimits().getMemory())
        .hasToString("1Gi");
    Tenant acme = tenant("acme");
    assertThat(acme.getSpec().getFlavours()).hasSizeGreaterThanOrEqualTo(6);
    assertThat(acme.getSpec().getFlavours())
        .extracting(Flavour::getColour)
        .contains("#f4a6c0", "#93c572", "#5d3a1a");
    assertThat(acme.getSpec().getStorage().getDeletionPolicy()).isEqualTo(DeletionPolicy.DELETE);
    Tenant gelato = tenant("gelato");
    assertThat(gelato.getSpec().getChat().getAdmission()).isEqualTo(ChatSpec.Admission.VERIFIED);
    assertThat(gelato.getSpec().getStorage().getDeletionPolicy()).isEqualTo(DeletionPolicy.RETAIN);
  }

  @Test
  void appliesDefaultsToWhatATenantLeavesOut() {
    GenericKubernetesResource minimal = example("tenant-gelato.yaml");
    minimal.getMetadata().setName("minimal");
    spec(minimal).keySet().retainAll(List.of("displayName", "flavours", "inference", "identity"));
    client.resource(minimal).create();

    TenantSpec spec = tenant("minimal").getSpec();
    assertThat(spec.getStorage().getDeletionPolicy()).isEqualTo(DeletionPolicy.RETAIN);
    assertThat(spec.getStorage().getRetentionDays()).isEqualTo(30);
    assertThat(spec.getStorage().getNoncurrentVersionDays()).isEqualTo(7);
    assertThat(spec.getStorage().getColdTierDays()).isNull();
    assertThat(spec.getQueue().getMaxReceiveCount()).isEqualTo(3);
    assertThat(spec.getQueue().getVisibilityTimeoutSeconds()).isEqualTo(30);
    assertThat(spec.getChat().getEnabled()).isTrue();
    assertThat(spec.getChat().getAdmission()).isEqualTo(ChatSpec.Admission.OPEN);
  }

  @Test
  void appliesDefaultsToWhatAnEnvironmentLeavesOut() {
    GenericKubernetesResource minimal = example("environment-dev.yaml");
    minimal.getMetadata().setName("minimal");
    spec(minimal).keySet().retainAll(List.of("namespace", "objectStore", "database"));
    objectAt(minimal, "objectStore").remove("region");
    objectAt(minimal, "objectStore").remove("encryptionKeys");
    client.resource(minimal).create();

    EnvironmentSpec spec = client.resources(Environment.class).withName("minimal").get().getSpec();
    assertThat(spec.getRuntime()).isEqualTo(EnvironmentSpec.Runtime.KUBERNETES);
    assertThat(spec.getObjectStore().getRegion()).isEqualTo("us-east-1");
    assertThat(spec.getObjectStore().getEncryptionKeys())
        .isEqualTo(ObjectStoreSpec.EncryptionKeys.STORE);
    assertThat(spec.getQueue().getRegion()).isEqualTo("us-east-1");
    assertThat(spec.getTenantDefaults().getInferenceReplicas()).isEqualTo(1);
  }

  @Test
  void acceptsWorkersScaledOnTheQueueByOpeningHours() {
    GenericKubernetesResource tenant = example("tenant-acme.yaml");
    tenant.getMetadata().setName("scheduled");
    queueScaled(tenant).put("schedule", schedule("America/Argentina/Buenos_Aires"));
    objectAt(tenant, "inference", "autoscaling").put("minReplicas", 0);
    client.resource(tenant).create();

    AutoscalingSpec bounds = tenant("scheduled").getSpec().getInference().getAutoscaling();
    assertThat(bounds.getMessagesPerReplica()).isEqualTo(5);
    assertThat(bounds.getSchedule().getTimeZone()).isEqualTo("America/Argentina/Buenos_Aires");
    assertThat(bounds.getSchedule().getWarmUpMinutes())
        .isEqualTo(ScheduleSpec.DEFAULT_WARM_UP_MINUTES);
    assertThat(bounds.getSchedule().getOpeningHours().get(0).getDays())
        .containsExactly(OpeningHoursSpec.Day.Mon, OpeningHoursSpec.Day.Sat);
  }

  @Test
  void acceptsACandidateModelWithItsRuleDefaulted() {
    GenericKubernetesResource tenant = example("tenant-acme.yaml");
    tenant.getMetadata().setName("candidate");
    objectAt(tenant, "inference").put("candidate", candidate("2026.02.0"));
    client.resource(tenant).create();

    CandidateModelSpec candidate = tenant("candidate").getSpec().getInference().getCandidate();
    assertThat(candidate.getMode()).isEqualTo(CandidateModelSpec.Mode.Canary);
    assertThat(candidate.getTrafficPercent()).isNull(); // DEFAULT_TRAFFIC_PERCENT, for canaries
    assertThat(candidate.getPromotion().getMinRecommendations())
        .isEqualTo(PromotionSpec.DEFAULT_MIN_RECOMMENDATIONS);
    assertThat(candidate.getPromotion().getConversionMarginPercent())
        .isEqualTo(PromotionSpec.DEFAULT_CONVERSION_MARGIN_PERCENT);
    assertThat(candidate.getPromotion().getMaxLatencyIncreasePercent())
        .isEqualTo(PromotionSpec.DEFAULT_MAX_LATENCY_INCREASE_PERCENT);
  }

  private static Map<String, Object> candidate(String version) {
    Map<String, Object> candidate = new java.util.HashMap<>();
    candidate.put("modelUri", "s3://sundae-models/flavour-recommender/" + version + ".pt");
    candidate.put("modelVersion", version);
    candidate.put("promotion", new java.util.HashMap<>());
    return candidate;
  }

  private static Map<String, Object> queueScaled(GenericKubernetesResource resource) {
    Map<String, Object> autoscaling = objectAt(resource, "inference", "autoscaling");
    autoscaling.put("messagesPerReplica", 5);
    return autoscaling;
  }

  private static Map<String, Object> schedule(String zone) {
    return schedule(zone, "10:00", "22:00");
  }

  private static Map<String, Object> schedule(String zone, String opens, String closes) {
    return Map.of(
        "timeZone",
        zone,
        "openingHours",
        List.of(Map.of("days", List.of("Mon", "Sat"), "opens", opens, "closes", closes)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidResources")
  void refusesAnInvalidResourceSayingWhy(Invalid invalid) {
    GenericKubernetesResource resource = example(invalid.example());
    resource.getMetadata().setName("invalid");
    invalid.change().accept(resource);

    assertThatThrownBy(() -> client.resource(resource).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining(invalid.message());
  }

  static Stream<Arguments> invalidResources() {
    return Stream.of(
        environment(
            "object store provider not minio or s3",
            r -> objectAt(r, "objectStore").put("provider", "gcs"),
            "spec.objectStore.provider: Unsupported value: \"gcs\": supported values:"
                + " \"minio\", \"s3\""),
        environment(
            "minio without an endpoint",
            r -> objectAt(r, "objectStore").remove("endpoint"),
            "spec.objectStore: Invalid value: \"object\": endpoint is required when provider is"
                + " minio"),
        environment(
            "a key per tenant on AWS S3 (MinIO with KES only)",
            r -> {
              objectAt(r, "objectStore").put("provider", "s3");
              objectAt(r, "objectStore").put("encryptionKeys", "PerTenant");
            },
            "spec.objectStore.encryptionKeys: Invalid value: \"object\": encryptionKeys PerTenant"
                + " needs provider minio"),
        environment(
            "encryption keys neither Store nor PerTenant",
            r -> objectAt(r, "objectStore").put("encryptionKeys", "Customer"),
            "spec.objectStore.encryptionKeys: Unsupported value: \"Customer\""),
        environment(
            "JDBC URL of another database than PostgreSQL",
            r -> objectAt(r, "database").put("jdbcUrl", "jdbc:mysql://localhost:3306/sundae"),
            "spec.database.jdbcUrl in body should match '^jdbc:postgresql://.+'"),
        environment(
            "runtime neither kubernetes nor external",
            r -> spec(r).put("runtime", "docker"),
            "spec.runtime: Unsupported value: \"docker\""),
        environment(
            "namespace that is not a DNS label",
            r -> spec(r).put("namespace", "Dev_Space"),
            "spec.namespace in body should match"),
        environment(
            "environment name longer than 15 characters",
            r -> r.getMetadata().setName("development-eu-1"),
            "metadata.name: Invalid value: \"object\": Environment name must be at most 15"
                + " characters"),
        environment(
            "environment name with a dot",
            r -> r.getMetadata().setName("dev.eu"),
            "Environment name must consist of lowercase letters and digits"),
        environment(
            "environment name with a dash, which would make tenant names ambiguous",
            r -> r.getMetadata().setName("dev-eu"),
            "Environment name must consist of lowercase letters and digits"),
        environment(
            "environment name with uppercase letters",
            r -> r.getMetadata().setName("Dev"),
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters"),
        environment(
            "minReplicas above maxReplicas in the tenant defaults",
            r -> objectAt(r, "tenantDefaults", "autoscaling").put("minReplicas", 5),
            "spec.tenantDefaults.autoscaling: Invalid value: \"object\": minReplicas must be less"
                + " than or equal to maxReplicas"),
        tenant(
            "no displayName",
            r -> spec(r).remove("displayName"),
            "spec.displayName: Required value"),
        tenant(
            "fewer than 3 flavours",
            r -> flavours(r).subList(2, flavours(r).size()).clear(),
            "spec.flavours: Invalid value: 2: spec.flavours in body should have at least 3"
                + " items"),
        tenant(
            "two flavours of the same name",
            r -> flavours(r).get(1).put("name", flavours(r).get(0).get("name")),
            "spec.flavours[1]: Duplicate value: {\"name\":\"strawberry\"}"),
        tenant(
            "flavour name with uppercase and spaces",
            r -> flavours(r).get(0).put("name", "Strawberry Swirl"),
            "spec.flavours[0].name in body should match '^[a-z][a-z0-9-]{0,39}$'"),
        tenant(
            "colour that is not #rrggbb",
            r -> flavours(r).get(0).put("colour", "pink"),
            "spec.flavours[0].colour in body should match '^#[0-9a-fA-F]{6}$'"),
        tenant(
            "cold tier not before the end of retention",
            r -> objectAt(r, "storage").putAll(Map.of("retentionDays", 30, "coldTierDays", 30)),
            "spec.storage.coldTierDays: Invalid value: \"object\": coldTierDays must be less than"
                + " retentionDays"),
        tenant(
            "deletionPolicy neither Retain nor Delete",
            r -> objectAt(r, "storage").put("deletionPolicy", "Archive"),
            "spec.storage.deletionPolicy: Unsupported value: \"Archive\": supported values:"
                + " \"Delete\", \"Retain\""),
        tenant(
            "autoscaling minReplicas above maxReplicas",
            r -> objectAt(r, "inference", "autoscaling").put("minReplicas", 5),
            "spec.inference.autoscaling: Invalid value: \"object\": minReplicas must be less than"
                + " or equal to maxReplicas"),
        tenant(
            "scale to zero on CPU",
            r -> objectAt(r, "inference", "autoscaling").put("minReplicas", 0),
            "minReplicas 0 needs messagesPerReplica"),
        tenant(
            "opening hours without the queue",
            r -> objectAt(r, "inference", "autoscaling").put("schedule", schedule("Europe/Rome")),
            "a schedule needs messagesPerReplica"),
        tenant(
            "opening hours in a time zone that does not exist",
            r -> queueScaled(r).put("schedule", schedule("Mars/Olympus_Mons")),
            "timeZone must be an IANA time zone"),
        tenant(
            "opening at 25 o'clock",
            r -> queueScaled(r).put("schedule", schedule("Europe/Rome", "25:00", "22:00")),
            "spec.inference.autoscaling.schedule.openingHours[0].opens in body should match"),
        tenant(
            "opening and closing at once",
            r -> queueScaled(r).put("schedule", schedule("Europe/Rome", "10:00", "10:00")),
            "opens and closes must differ"),
        tenant(
            "no messages per replica",
            r -> queueScaled(r).put("messagesPerReplica", 0),
            "spec.inference.autoscaling.messagesPerReplica in body should be greater than or equal"
                + " to 1"),
        tenant(
            "a candidate of the stable version",
            r -> objectAt(r, "inference").put("candidate", candidate("2026.01.0")),
            "the candidate's modelVersion must differ from the stable modelVersion"),
        tenant(
            "a shadow candidate with a traffic share",
            r -> {
              Map<String, Object> candidate = candidate("2026.02.0");
              candidate.put("mode", "Shadow");
              candidate.put("trafficPercent", 10);
              objectAt(r, "inference").put("candidate", candidate);
            },
            "trafficPercent is for mode Canary"),
        tenant(
            "a canary with no traffic",
            r -> {
              Map<String, Object> candidate = candidate("2026.02.0");
              candidate.put("trafficPercent", 0);
              objectAt(r, "inference").put("candidate", candidate);
            },
            "spec.inference.candidate.trafficPercent in body should be greater than or equal to"
                + " 1"),
        tenant(
            "a candidate decided on too few recommendations",
            r -> {
              Map<String, Object> candidate = candidate("2026.02.0");
              candidate.put("promotion", Map.of("minRecommendations", 5));
              objectAt(r, "inference").put("candidate", candidate);
            },
            "spec.inference.candidate.promotion.minRecommendations in body should be greater than"
                + " or equal to 20"),
        tenant(
            "model URI of an unsupported scheme",
            r -> objectAt(r, "inference").put("modelUri", "ftp://models.example.com/m.pt"),
            "spec.inference.modelUri in body should match '^(s3|file|https?)://[^\\s$]+$'"),
        tenant(
            "issuer with a Spring placeholder, which the services would resolve",
            r ->
                objectAt(r, "identity")
                    .put("issuer", "http://id.example/${spring.datasource.password}"),
            "spec.identity.issuer in body should match '^https?://[^\\s$]+$'"),
        tenant(
            "audience with a Spring placeholder",
            r -> objectAt(r, "identity").put("audience", "${SUNDAE_DB_PASSWORD}"),
            "spec.identity.audience in body should match"),
        tenant(
            "model version with a Spring placeholder",
            r -> objectAt(r, "inference").put("modelVersion", "${SUNDAE_S3_SECRET_KEY}"),
            "spec.inference.modelVersion in body should match"),
        tenant(
            "holdout of more than half the sessions",
            r -> spec(r).put("holdout", Map.of("percent", 60)),
            "spec.holdout.percent: Invalid value: 60: spec.holdout.percent in body should be less than or equal to 50"),
        tenant(
            "holdout best sellers of no days",
            r -> spec(r).put("holdout", Map.of("bestSellerDays", 0)),
            "spec.holdout.bestSellerDays in body should be greater than or equal to 1"),
        tenant(
            "exploration of more than a fifth of the recommendations",
            r -> spec(r).put("learning", Map.of("explorationPercent", 25)),
            "spec.learning.explorationPercent: Invalid value: 25: spec.learning.explorationPercent"
                + " in body should be less than or equal to 20"),
        tenant(
            "negative exploration",
            r -> spec(r).put("learning", Map.of("explorationPercent", -1)),
            "spec.learning.explorationPercent in body should be greater than or equal to 0"),
        tenant(
            "roles claim with a Spring placeholder",
            r -> objectAt(r, "identity").put("rolesClaim", "${x}"),
            "spec.identity.rolesClaim in body should match"),
        environment(
            "trusted issuer with a Spring placeholder",
            r -> objectAt(r, "identity").put("trustedIssuers", List.of("http://${x}/")),
            "spec.identity.trustedIssuers[0] in body should match"),
        tenant(
            "negative visibility timeout",
            r -> objectAt(r, "queue").put("visibilityTimeoutSeconds", -1),
            "spec.queue.visibilityTimeoutSeconds: Invalid value: -1:"
                + " spec.queue.visibilityTimeoutSeconds in body should be greater than or equal"
                + " to 0"),
        tenant(
            "admission neither open nor verified",
            r -> objectAt(r, "chat").put("admission", "invite-only"),
            "spec.chat.admission: Unsupported value: \"invite-only\""),
        tenant(
            "push contact neither mailto: nor https:",
            r -> objectAt(r, "chat").put("pushContact", "http://acme.example/contact"),
            "spec.chat.pushContact: Invalid value: \"http://acme.example/contact\": spec.chat.pushContact"
                + " in body should match"),
        tenant(
            "tenant name longer than 30 characters",
            r -> r.getMetadata().setName("acme-ice-cream-parlours-europe1"),
            "metadata.name: Invalid value: \"object\": Tenant name must be at most 30"
                + " characters"),
        tenant(
            "quota CPU that is no quantity",
            r -> objectAt(r, "quota").put("cpu", "lots"),
            "spec.quota.cpu: Invalid value: \"\": must be a positive Kubernetes quantity"),
        tenant(
            "negative quota memory",
            r -> objectAt(r, "quota").put("memory", "-1Gi"),
            "spec.quota.memory: Invalid value: \"\": must be a positive Kubernetes" + " quantity"),
        tenant(
            "zero quota CPU as a number",
            r -> objectAt(r, "quota").put("cpu", 0),
            "spec.quota.cpu: Invalid value: \"\": must be a positive Kubernetes quantity"),
        environment(
            "default CPU request that is no quantity",
            r -> objectAt(r, "tenantDefaults", "resources", "requests").put("cpu", "half"),
            "spec.tenantDefaults.resources.requests.cpu: Invalid value: \"\": must be a"
                + " positive Kubernetes quantity"),
        environment(
            "egress range that is no CIDR",
            r -> spec(r).put("network", Map.of("egressCidrs", List.of("10.0.0.0/8", "vpc"))),
            "spec.network.egressCidrs: Invalid value: \"array\": every entry must be a CIDR"),
        tenant(
            "tenant name S3 reserves in bucket names",
            r -> r.getMetadata().setName("acme-s3alias"),
            "Tenant name must not contain '--' or end with '-s3alias'"));
  }

  @Test
  void documentsEverySpecFieldForKubectlExplain() {
    for (String crd : List.of("environments.sundae.dev", "tenants.sundae.dev")) {
      JSONSchemaProps schema =
          client
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd)
              .get()
              .getSpec()
              .getVersions()
              .get(0)
              .getSchema()
              .getOpenAPIV3Schema();
      Map<String, JSONSchemaProps> spec = schema.getProperties().get("spec").getProperties();
      assertThat(spec).isNotEmpty();
      spec.forEach(
          (field, property) ->
              assertThat(property.getDescription()).as("%s spec.%s", crd, field).isNotBlank());
      schema
          .getProperties()
          .get("status")
          .getProperties()
          .forEach(
              (field, property) ->
                  assertThat(property.getDescription())
                      .as("%s status.%s", crd, field)
                      .isNotBlank());
    }
  }

  @Test
  void explainsEveryFieldThroughKubectl(KubeControlPlane cluster) throws Exception {
    Kubectl kubectl = new Kubectl(cluster.kubeconfig());

    // the API server publishes a new CRD's OpenAPI a moment after it is established
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(kubectl.run("explain", "tenants.spec.storage"))
                    .contains("deletionPolicy")
                    .contains("On Tenant deletion: 'Retain' keeps bucket, queues and schema"));
    assertThat(kubectl.run("explain", "environments.spec"))
        .contains("objectStore")
        .contains("The S3-compatible object store that holds the tenants' buckets.");
  }

  @Test
  void showsReadinessInTheColumnsOfKubectlGet(KubeControlPlane cluster) throws Exception {
    client.resource(example("tenant-acme.yaml")).serverSideApply();
    Tenant acme = tenant("acme");
    TenantStatus status = new TenantStatus();
    status.setEnvironment("dev");
    ModelStatus model = new ModelStatus();
    model.setServing("2026.02.0");
    ModelStatus.CandidateStatus trial = new ModelStatus.CandidateStatus();
    trial.setPhase(ModelStatus.CandidateStatus.Phase.Promoted);
    model.setCandidate(trial);
    status.setModel(model);
    Conditions.set(
        status.getConditions(),
        acme.getMetadata().getGeneration(),
        TenantStatus.READY,
        Conditions.TRUE,
        ConditionReasons.RECONCILED,
        "Every resource of the tenant is ready");
    acme.setStatus(status);
    client.resource(acme).updateStatus();

    List<String> table =
        new Kubectl(cluster.kubeconfig()).run("get", "tenants", "-n", NAMESPACE).lines().toList();

    List<String> columns = List.of(table.get(0).split("\\s+"));
    assertThat(columns)
        .containsExactlyInAnyOrder("NAME", "READY", "ENVIRONMENT", "REASON", "MODEL", "AGE");
    String[] acmeRow =
        table.stream()
            .filter(line -> line.startsWith("acme "))
            .findFirst()
            .orElseThrow()
            .split("\\s+");
    assertThat(acmeRow[columns.indexOf("READY")]).isEqualTo("True");
    assertThat(acmeRow[columns.indexOf("ENVIRONMENT")]).isEqualTo("dev");
    assertThat(acmeRow[columns.indexOf("REASON")]).isEqualTo("Reconciled");
    assertThat(acmeRow[columns.indexOf("MODEL")]).isEqualTo("2026.02.0");
    // the trial's phase only in the wide view
    List<String> wide =
        new Kubectl(cluster.kubeconfig())
            .run("get", "tenants", "-n", NAMESPACE, "-o", "wide")
            .lines()
            .toList();
    List<String> wideColumns = List.of(wide.get(0).split("\\s+"));
    assertThat(wide.stream().filter(line -> line.startsWith("acme ")).findFirst().orElseThrow())
        .contains("Promoted");
    assertThat(wideColumns).contains("CANDIDATE");

    client.resource(example("environment-dev.yaml")).serverSideApply();
    assertThat(new Kubectl(cluster.kubeconfig()).run("get", "environments").lines().findFirst())
        .get(STRING)
        .contains("READY", "NAMESPACE", "TENANTS READY", "AGE");
  }

  // --- the cases

  /** An example changed into an invalid resource, and what the API server must say. */
  record Invalid(String example, Consumer<GenericKubernetesResource> change, String message) {}

  private static Arguments environment(
      String what, Consumer<GenericKubernetesResource> change, String message) {
    return Arguments.of(
        Named.of("Environment with " + what, new Invalid("environment-dev.yaml", change, message)));
  }

  private static Arguments tenant(
      String what, Consumer<GenericKubernetesResource> change, String message) {
    return Arguments.of(
        Named.of("Tenant with " + what, new Invalid("tenant-acme.yaml", change, message)));
  }

  // --- helpers

  private static boolean isEstablished(String crd) {
    CustomResourceDefinition current =
        client.apiextensions().v1().customResourceDefinitions().withName(crd).get();
    return current.getStatus() != null
        && current.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Tenant tenant(String name) {
    return client.resources(Tenant.class).inNamespace(NAMESPACE).withName(name).get();
  }

  /** A custom resource of the examples, as a generic resource that is free to be broken. */
  private static GenericKubernetesResource example(String file) {
    try (InputStream in = Files.newInputStream(EXAMPLES.resolve(file))) {
      return client.getKubernetesSerialization().unmarshal(in, GenericKubernetesResource.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails unless {@code actual} holds everything {@code expected} does (and maybe defaults). */
  private static void assertContains(String path, Object actual, Object expected) {
    if (expected instanceof Map<?, ?> map) {
      assertThat(actual).as(path).isInstanceOf(Map.class);
      map.forEach(
          (key, value) -> assertContains(path + "." + key, ((Map<?, ?>) actual).get(key), value));
    } else if (expected instanceof List<?> list) {
      assertThat(actual).as(path).asInstanceOf(LIST).hasSameSizeAs(list);
      for (int i = 0; i < list.size(); i++) {
        assertContains(path + "[" + i + "]", ((List<?>) actual).get(i), list.get(i));
      }
    } else {
      assertThat(String.valueOf(actual)).as(path).isEqualTo(String.valueOf(expected));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectAt(GenericKubernetesResource resource, String... path) {
    Map<String, Object> current = spec(resource);
    for (String key : path) {
      current = (Map<String, Object>) current.get(key);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> flavours(GenericKubernetesResource resource) {
    return (List<Map<String, Object>>) spec(resource).get("flavours");
  }
}
