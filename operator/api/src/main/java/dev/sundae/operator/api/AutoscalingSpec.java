package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Bounds of a HorizontalPodAutoscaler on CPU utilisation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.minReplicas <= self.maxReplicas",
    message = "minReplicas must be less than or equal to maxReplicas")
public class AutoscalingSpec {

  /** The defaults of the fields below, which the operator applies when a field is absent. */
  public static final int DEFAULT_MIN_REPLICAS = 1;

  public static final int DEFAULT_TARGET_CPU_UTILIZATION_PERCENT = 80;

  /** Kubernetes' own default for a HorizontalPodAutoscaler's scale-down stabilisation window. */
  public static final int DEFAULT_SCALE_DOWN_STABILIZATION_SECONDS = 300;

  @Min(1)
  @Max(100)
  @Default("" + DEFAULT_MIN_REPLICAS)
  @JsonPropertyDescription("Fewest replicas the autoscaler keeps.")
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
