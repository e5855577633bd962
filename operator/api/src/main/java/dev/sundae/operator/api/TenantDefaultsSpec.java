package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** What a Tenant gets where its own spec says nothing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantDefaultsSpec {

  @Min(0)
  @Max(50)
  @Default("1")
  @JsonPropertyDescription("Inference worker replicas of a Tenant that sets none.")
  private Integer inferenceReplicas;

  @Min(0)
  @Max(50)
  @Default("1")
  @JsonPropertyDescription("Chat service replicas of a Tenant that sets none.")
  private Integer chatReplicas;

  @JsonPropertyDescription("CPU and memory requests and limits of each tenant workload container.")
  private ComputeResources resources;

  @JsonPropertyDescription("Inference autoscaling of a Tenant that sets none; empty for none.")
  private AutoscalingSpec autoscaling;

  public Integer getInferenceReplicas() {
    return inferenceReplicas;
  }

  public void setInferenceReplicas(Integer inferenceReplicas) {
    this.inferenceReplicas = inferenceReplicas;
  }

  public Integer getChatReplicas() {
    return chatReplicas;
  }

  public void setChatReplicas(Integer chatReplicas) {
    this.chatReplicas = chatReplicas;
  }

  public ComputeResources getResources() {
    return resources;
  }

  public void setResources(ComputeResources resources) {
    this.resources = resources;
  }

  public AutoscalingSpec getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(AutoscalingSpec autoscaling) {
    this.autoscaling = autoscaling;
  }
}
