package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How the inference workers scale: on the tenant's queue ({@link #messagesPerReplica}, through a
 * KEDA ScaledObject, down to zero and by the chain's opening hours) when KEDA is in the cluster,
 * otherwise on CPU utilisation (a HorizontalPodAutoscaler, at least one replica).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.minReplicas <= self.maxReplicas",
    message = "minReplicas must be less than or equal to maxReplicas")
@ValidationRule(
    value = "self.minReplicas >= 1 || has(self.messagesPerReplica)",
    message =
        "minReplicas 0 needs messagesPerReplica: only the queue can wake a scaled-to-zero worker")
@ValidationRule(
    value = "!has(self.schedule) || has(self.messagesPerReplica)",
    message =
        "a schedule needs messagesPerReplica: outside the opening hours the queue wakes the workers")
public class AutoscalingSpec {

  /** The defaults of the fields below, which the operator applies when a field is absent. */
  public static final int DEFAULT_MIN_REPLICAS = 1;

  public static final int DEFAULT_TARGET_CPU_UTILIZATION_PERCENT = 80;

  /** Kubernetes' own default for a HorizontalPodAutoscaler's scale-down stabilisation window. */
  public static final int DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS = 300;

  @Min(0)
  @Max(100)
  @Default("" + DEFAULT_MIN_REPLICAS)
  @JsonPropertyDescription(
      "Fewest replicas the autoscaler keeps (with a schedule: while the stores are open). 0, with"
          + " messagesPerReplica, lets an idle workload scale to zero; its next upload starts a"
          + " worker.")
  private Integer minReplicas;

  @Required
  @Min(1)
  @Max(100)
  @JsonPropertyDescription("Most replicas the autoscaler starts.")
  private Integer maxReplicas;

  @Min(1)
  @Max(100)
  @Default("" + DEFAULT_TARGET_CPU_UTILIZATION_PERCENT)
  @JsonPropertyDescription("Average CPU utilisation, in percent of the request, to scale at.")
  private Integer targetCpuUtilizationPercent;

  @Min(0)
  @Max(3600)
  @Default("" + DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS)
  @JsonPropertyDescription(
      "Seconds the load must stay low before the autoscaler removes replicas (the"
          + " HorizontalPodAutoscaler's scale-down stabilization window); a burst of uploads"
          + " shortly after another finds the replicas still there.")
  private Integer scaleDownStabilizationSeconds;

  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Scale on the tenant's upload queue: messages waiting or being processed (visible plus in"
          + " flight) per replica. Needs KEDA in the cluster; without it the workers scale on CPU"
          + " and the Tenant's QueueScaling condition says so.")
  private Integer messagesPerReplica;

  @JsonPropertyDescription(
      "The chain's opening hours: the workers keep minReplicas (at least one) from warmUpMinutes"
          + " before opening until closing, and may go to zero outside. Needs messagesPerReplica.")
  private ScheduleSpec schedule;

  public Integer getMessagesPerReplica() {
    return messagesPerReplica;
  }

  public void setMessagesPerReplica(Integer messagesPerReplica) {
    this.messagesPerReplica = messagesPerReplica;
  }

  public ScheduleSpec getSchedule() {
    return schedule;
  }

  public void setSchedule(ScheduleSpec schedule) {
    this.schedule = schedule;
  }

  public Integer getMinReplicas() {
    return minReplicas;
  }

  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }

  public Integer getTargetCpuUtilizationPercent() {
    return targetCpuUtilizationPercent;
  }

  public void setTargetCpuUtilizationPercent(Integer targetCpuUtilizationPercent) {
    this.targetCpuUtilizationPercent = targetCpuUtilizationPercent;
  }

  public Integer getScaleDownStabilizationSeconds() {
    return scaleDownStabilizationSeconds;
  }

  public void setScaleDownStabilizationSeconds(Integer scaleDownStabilizationSeconds) {
    this.scaleDownStabilizationSeconds = scaleDownStabilizationSeconds;
  }
}
