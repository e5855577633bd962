package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A tenant's recommendation model and the workers that serve it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InferenceSpec {

  @Required
  @Pattern("^(s3|file|https?)://[^\\s$]+$")
  @JsonPropertyDescription(
      "Where the TorchScript model is: an s3://, file://, http:// or https:// URI.")
  private String modelUri;

  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[^\\s$]+$")
  @JsonPropertyDescription("Version of the model, recorded with every recommendation.")
  private String modelVersion;

  @Min(0)
  @Max(50)
  @JsonPropertyDescription(
      "Worker replicas without autoscaling; empty for the Environment's tenantDefaults.")
  private Integer replicas;

  @JsonPropertyDescription("Autoscaling bounds; when set, they replace replicas.")
  private AutoscalingSpec autoscaling;

  public String getModelUri() {
    return modelUri;
  }

  public void setModelUri(String modelUri) {
    this.modelUri = modelUri;
  }

  public String getModelVersion() {
    return modelVersion;
  }

  public void setModelVersion(String modelVersion) {
    this.modelVersion = modelVersion;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public AutoscalingSpec getAutoscaling() {
    return autoscaling;
  }

  public void setAutoscaling(AutoscalingSpec autoscaling) {
    this.autoscaling = autoscaling;
  }
}
