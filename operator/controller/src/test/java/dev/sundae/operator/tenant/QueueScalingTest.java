package dev.sundae.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.operator.api.AutoscalingSpec;
import dev.sundae.operator.api.OpeningHoursSpec;
import dev.sundae.operator.api.OpeningHoursSpec.Day;
import dev.sundae.operator.api.QueueServiceSpec;
import dev.sundae.operator.api.ScheduleSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueScalingTest {

  private static final String QUEUE = "https://elasticmq:9325/000000000000/sundae-dev-acme-frames";

  @Test
  void scalesOnVisiblePlusInFlightMessagesWithinTheBounds() {
    AutoscalingSpec bounds = bounds(0, 5, 4);
    bounds.setScaleDownStabilizationSeconds(20);
    QueueServiceSpec service = new QueueServiceSpec();
    service.setEndpoint("https://elasticmq:9325");
    service.setRegion("eu-south-1");

    Map<String, Object> spec = spec(QueueScaling.scaledObject(meta(), bounds, service, QUEUE));

    assertThat(spec.get("minReplicaCount")).isEqualTo(0);
    assertThat(spec.get("maxReplicaCount")).isEqualTo(5);
    assertThat(spec.get("cooldownPeriod")).isEqualTo(20);
    assertThat(spec.get("scaleTargetRef"))
        .isEqualTo(
            Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "sundae-inference"));
    List<Map<String, Object>> triggers = triggers(spec);
    assertThat(triggers).hasSize(1);
    assertThat(triggers.get(0).get("type")).isEqualTo("aws-sqs-queue");
    assertThat(triggers.get(0).get("metadata"))
        .isEqualTo(
            Map.of(
                "queueURL", QUEUE,
                "queueLength", "4",
                "activationQueueLength", "0",
                "scaleOnInFlight", "true",
                "awsRegion", "eu-south-1",
                "awsEndpoint", "https://elasticmq:9325"));
    assertThat(triggers.get(0).get("authenticationRef"))
        .isEqualTo(Map.of("name", QueueScaling.AUTHENTICATION));
    assertThat(spec.get("advanced").toString()).contains("stabilizationWindowSeconds=20");
  }

  @Test
  void withoutAnEndpointOrRegionKedaAsksAwsInItsDefaultRegion() {
    Map<String, Object> spec =
        spec(QueueScaling.scaledObject(meta(), bounds(1, 3, 10), null, QUEUE));

    @SuppressWarnings("unchecked")
    Map<String, String> queue = (Map<String, String>) triggers(spec).get(0).get("metadata");
    assertThat(queue).doesNotContainKey("awsEndpoint").containsEntry("awsRegion", "us-east-1");
    assertThat(spec.get("minReplicaCount")).isEqualTo(1);
  }

  @Test
  void aScheduleHoldsTheMinimumWhileOpenAndLetsTheWorkersGoToZeroOutside() {
    AutoscalingSpec bounds = bounds(2, 6, 5);
    bounds.setSchedule(schedule("Europe/Rome", 15, hours("10:00", "22:30", Day.Mon, Day.Fri)));

    Map<String, Object> spec = spec(QueueScaling.scaledObject(meta(), bounds, null, QUEUE));

    assertThat(spec.get("minReplicaCount")).isEqualTo(0);
    List<Map<String, Object>> triggers = triggers(spec);
    assertThat(triggers).hasSize(2);
    assertThat(triggers.get(1).get("type")).isEqualTo("cron");
    assertThat(triggers.get(1).get("metadata"))
        .isEqualTo(
            Map.of(
                "timezone", "Europe/Rome",
                "start", "45 9 * * 1,5",
                "end", "30 22 * * 1,5",
                "desiredReplicas", "2"));
  }

  @Test
  void aClosingAfterMidnightEndsOnTheNextDay() {
    ScheduleSpec schedule = schedule("Asia/Tokyo", 0, hours("18:00", "02:00", Day.Sat, Day.Sun));

    Map<String, String> cron = QueueScaling.cron(schedule, schedule.getOpeningHours().get(0), 1);

    // Saturday 6 and Sunday 0 open; the nights end on Sunday 0 and Monday 1
    assertThat(cron).containsEntry("start", "0 18 * * 0,6").containsEntry("end", "0 2 * * 0,1");
  }

  @Test
  void aWarmUpAcrossMidnightStartsTheDayBefore() {
    ScheduleSpec schedule = schedule("UTC", 30, hours("00:10", "08:00", Day.Mon));

    Map<String, String> cron = QueueScaling.cron(schedule, schedule.getOpeningHours().get(0), 3);

    // Monday 00:10 less 30 minutes: Sunday (0) 23:40
    assertThat(cron)
        .containsEntry("start", "40 23 * * 0")
        .containsEntry("end", "0 8 * * 1")
        .containsEntry("desiredReplicas", "3");
  }

  @Test
  void whileOpenAtLeastOneWorkerEvenWithAMinimumOfZero() {
    AutoscalingSpec bounds = bounds(0, 2, 5);
    bounds.setSchedule(schedule("UTC", 0, hours("09:00", "17:00", Day.Tue)));

    @SuppressWarnings("unchecked")
    Map<String, String> cron =
        (Map<String, String>)
            triggers(spec(QueueScaling.scaledObject(meta(), bounds, null, QUEUE)))
                .get(1)
                .get("metadata");
    assertThat(cron).containsEntry("desiredReplicas", "1");
  }

  @Test
  void theConditionSaysWhetherKedaOrTheCpuScales() {
    AutoscalingSpec bounds = bounds(0, 4, 5);

    assertThat(QueueScaling.verdict(bounds, true).isTrue()).isTrue();
    assertThat(QueueScaling.verdict(bounds, true).message()).contains("5 visible or in-flight");
    TenantConditions.Verdict without = QueueScaling.verdict(bounds, false);
    assertThat(without.isTrue()).isFalse();
    assertThat(without.reason()).isEqualTo(QueueScaling.KEDA_NOT_INSTALLED);
    assertThat(without.message()).contains("scale on CPU");
  }

  @Test
  void kedaReadsTheQueueWithItsOwnIdentity() {
    GenericKubernetesResource auth = QueueScaling.triggerAuthentication(meta());
    assertThat(auth.getKind()).isEqualTo("TriggerAuthentication");
    assertThat(auth.getAdditionalProperties().get("spec"))
        .isEqualTo(Map.of("podIdentity", Map.of("provider", "aws")));
  }

  private static AutoscalingSpec bounds(int min, int max, int perReplica) {
    AutoscalingSpec bounds = new AutoscalingSpec();
    bounds.setMinReplicas(min);
    bounds.setMaxReplicas(max);
    bounds.setMessagesPerReplica(perReplica);
    return bounds;
  }

  private static ScheduleSpec schedule(String zone, int warmUp, OpeningHoursSpec hours) {
    ScheduleSpec schedule = new ScheduleSpec();
    schedule.setTimeZone(zone);
    schedule.setWarmUpMinutes(warmUp);
    schedule.setOpeningHours(List.of(hours));
    return schedule;
  }

  private static OpeningHoursSpec hours(String opens, String closes, Day... days) {
    OpeningHoursSpec hours = new OpeningHoursSpec();
    hours.setDays(List.of(days));
    hours.setOpens(opens);
    hours.setCloses(closes);
    return hours;
  }

  private static io.fabric8.kubernetes.api.model.ObjectMeta meta() {
    return new ObjectMetaBuilder().withName("sundae-inference").withNamespace("dev-acme").build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> triggers(Map<String, Object> spec) {
    return (List<Map<String, Object>>) spec.get("triggers");
  }
}
