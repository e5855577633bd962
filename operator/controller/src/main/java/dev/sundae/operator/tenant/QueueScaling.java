package dev.sundae.operator.tenant;

import dev.sundae.operator.api.AutoscalingSpec;
import dev.sundae.operator.api.Conditions;
import dev.sundae.operator.api.OpeningHoursSpec;
import dev.sundae.operator.api.QueueServiceSpec;
import dev.sundae.operator.api.ScheduleSpec;
import dev.sundae.operator.environment.Backends;
import dev.sundae.operator.runtime.Keda;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The inference workers scaled on the tenant's queue by KEDA: a ScaledObject on the worker
 * Deployment with an {@code aws-sqs-queue} trigger counting visible plus in-flight messages (KEDA's
 * {@code scaleOnInFlight}: a scale-in on the visible ones alone would stop workers in the middle of
 * their batches) and one {@code cron} trigger per opening hours, which holds the minimum from the
 * warm-up until closing. KEDA takes the largest of its triggers; with a schedule the ScaledObject's
 * own minimum is zero. Its queue reads go out with KEDA's own identity (a TriggerAuthentication of
 * pod identity {@code aws}): KEDA's service account (IRSA on EKS, environment keys elsewhere) needs
 * {@code sqs:GetQueueAttributes} on the tenants' queues, and no tenant key leaves its namespace.
 * Pure functions, so that every field is unit-tested without a cluster.
 */
final class QueueScaling {

  /** The TriggerAuthentication's name, beside the ScaledObject (named after the workload). */
  static final String AUTHENTICATION = "sundae-inference-queue";

  /** How often KEDA asks the queue: a picture waits at most this long for a worker from zero. */
  static final int POLLING_INTERVAL_SECONDS = 5;

  /** The condition on the Tenant that says how its inference scales, when it asks the queue. */
  static final String CONDITION = "QueueScaling";

  static final String KEDA_SCALED_OBJECT = "KedaScaledObject";
  static final String KEDA_NOT_INSTALLED = "KedaNotInstalled";

  private QueueScaling() {}

  /** True when the Tenant's bounds ask to scale on the queue. */
  static boolean requested(AutoscalingSpec bounds) {
    return bounds.getMessagesPerReplica() != null;
  }

  static int minReplicas(AutoscalingSpec bounds) {
    return Objects.requireNonNullElse(
        bounds.getMinReplicas(), AutoscalingSpec.DEFAULT_MIN_REPLICAS);
  }

  /**
   * The fewest workers wherever zero is not allowed: a CPU autoscaler (a HorizontalPodAutoscaler
   * cannot go below one) and the opening hours.
   */
  static int minReplicasAboveZero(AutoscalingSpec bounds) {
    return Math.max(1, minReplicas(bounds));
  }

  static GenericKubernetesResource scaledObject(
      ObjectMeta metadata, AutoscalingSpec bounds, QueueServiceSpec queueService, String queueUrl) {
    QueueServiceSpec service = queueService == null ? new QueueServiceSpec() : queueService;
    Map<String, String> queue = new LinkedHashMap<>();
    queue.put("queueURL", queueUrl);
    queue.put("queueLength", bounds.getMessagesPerReplica().toString());
    queue.put("activationQueueLength", "0");
    queue.put("scaleOnInFlight", "true");
    queue.put(
        "awsRegion", Objects.requireNonNullElse(service.getRegion(), Backends.DEFAULT_REGION));
    if (service.getEndpoint() != null && !service.getEndpoint().isBlank()) {
      queue.put("awsEndpoint", service.getEndpoint());
    }
    List<Map<String, Object>> triggers = new ArrayList<>();
    triggers.add(
        Map.of(
            "type",
            "aws-sqs-queue",
            "name",
            "queue",
            "authenticationRef",
            Map.of("name", AUTHENTICATION),
            "metadata",
            queue));
    Optional<ScheduleSpec> schedule = Optional.ofNullable(bounds.getSchedule());
    int open = minReplicasAboveZero(bounds);
    schedule.ifPresent(
        s -> {
          for (int i = 0; i < s.getOpeningHours().size(); i++) {
            triggers.add(
                Map.of(
                    "type",
                    "cron",
                    "name",
                    "open-" + i,
                    "metadata",
                    cron(s, s.getOpeningHours().get(i), open)));
          }
        });
    int stabilization =
        Objects.requireNonNullElse(
            bounds.getScaleDownStabilizationSeconds(),
            AutoscalingSpec.DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put(
        "scaleTargetRef",
        Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", metadata.getName()));
    spec.put("pollingInterval", POLLING_INTERVAL_SECONDS);
    // the last active trigger to zero replicas: as long as the HPA waits before removing any
    spec.put("cooldownPeriod", stabilization);
    spec.put("minReplicaCount", schedule.isPresent() ? 0 : minReplicas(bounds));
    spec.put("maxReplicaCount", bounds.getMaxReplicas());
    spec.put(
        "advanced",
        Map.of(
            "horizontalPodAutoscalerConfig",
            Map.of(
                "behavior",
                Map.of("scaleDown", Map.of("stabilizationWindowSeconds", stabilization)))));
    spec.put("triggers", triggers);
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(Keda.API_VERSION);
    resource.setKind(Keda.SCALED_OBJECT);
    resource.setMetadata(metadata);
    resource.setAdditionalProperty("spec", spec);
    return resource;
  }

  static GenericKubernetesResource triggerAuthentication(ObjectMeta metadata) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(Keda.API_VERSION);
    resource.setKind(Keda.TRIGGER_AUTHENTICATION);
    resource.setMetadata(metadata);
    resource.setAdditionalProperty("spec", Map.of("podIdentity", Map.of("provider", "aws")));
    return resource;
  }

  /**
   * A cron trigger holding {@code replicas} from the warm-up before opening until closing. KEDA's
   * cron scaler is active from a start to the next end, so a closing at or before the opening time
   * ends on the following day and a warm-up that crosses midnight starts on the previous one.
   */
  static Map<String, String> cron(ScheduleSpec schedule, OpeningHoursSpec hours, int replicas) {
    int warmUp =
        Objects.requireNonNullElse(
            schedule.getWarmUpMinutes(), ScheduleSpec.DEFAULT_WARM_UP_MINUTES);
    int opens = LocalTime.parse(hours.getOpens()).toSecondOfDay() / 60;
    int closes = LocalTime.parse(hours.getCloses()).toSecondOfDay() / 60;
    int start = opens - warmUp;
    int startShift = Math.floorDiv(start, 24 * 60); // -1 when the warm-up begins the day before
    int endShift = closes <= opens ? 1 : 0;
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("timezone", schedule.getTimeZone());
    metadata.put("start", cronAt(Math.floorMod(start, 24 * 60), hours.getDays(), startShift));
    metadata.put("end", cronAt(closes, hours.getDays(), endShift));
    metadata.put("desiredReplicas", Integer.toString(replicas));
    return metadata;
  }

  private static String cronAt(int minuteOfDay, List<OpeningHoursSpec.Day> days, int dayShift) {
    // cron numbers the days 0 (Sunday) to 6; Day's ordinal runs Monday 0 to Sunday 6
    String dayList =
        days.stream()
            .map(d -> Math.floorMod(d.ordinal() + 1 + dayShift, 7))
            .distinct()
            .sorted()
            .map(String::valueOf)
            .collect(Collectors.joining(","));
    return (minuteOfDay % 60) + " " + (minuteOfDay / 60) + " * * " + dayList;
  }

  /** What the Tenant's QueueScaling condition says. */
  static TenantConditions.Verdict verdict(AutoscalingSpec bounds, boolean kedaInstalled) {
    if (kedaInstalled) {
      return new TenantConditions.Verdict(
          CONDITION,
          Conditions.TRUE,
          KEDA_SCALED_OBJECT,
          "KEDA scales the inference workers on the queue: "
              + bounds.getMessagesPerReplica()
              + " visible or in-flight messages per replica, "
              + (bounds.getSchedule() != null
                  ? "at least " + minReplicasAboveZero(bounds) + " while open, 0 outside"
                  : "at least " + minReplicas(bounds))
              + ", at most "
              + bounds.getMaxReplicas());
    }
    return new TenantConditions.Verdict(
        CONDITION,
        Conditions.FALSE,
        KEDA_NOT_INSTALLED,
        "The cluster does not serve KEDA's "
            + Keda.SCALED_OBJECT
            + " ("
            + Keda.API_VERSION
            + "): the inference workers scale on CPU, at least one replica, and the schedule is"
            + " not applied, until KEDA is installed");
  }
}
