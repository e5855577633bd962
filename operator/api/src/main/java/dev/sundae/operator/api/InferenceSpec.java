package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A tenant's recommendation model, a candidate on trial, and the workers that serve them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.candidate) || self.candidate.modelVersion != self.modelVersion",
    message = "the candidate's modelVersion must differ from the stable modelVersion")
public class InferenceSpec {

  /** Where a model may be: the schemes the workers read (ModelSources), no blanks or '$'. */
  static final String MODEL_URI_PATTERN = "^(s3|file|https?)://[^\\s$]+$";

  /** A model version: no blanks, and no '$' (the services would resolve a placeholder). */
  static final String MODEL_VERSION_PATTERN = "^[^\\s$]+$";

  static final int MODEL_VERSION_MAX = 63;

  @Required
  @Pattern(MODEL_URI_PATTERN)
  @JsonPropertyDescription(
      "Where the TorchScript model is: an s3://, file://, http:// or https:// URI.")
  private String modelUri;

  @Required
  @Size(min = 1, max = MODEL_VERSION_MAX)
  @Pattern(MODEL_VERSION_PATTERN)
  @JsonPropertyDescription("Version of the model, recorded with every recommendation.")
  private String modelVersion;

  @JsonPropertyDescription(
      "A model version on trial beside the stable one (canary or shadow), promoted or rolled back"
          + " by its promotion rule; status.model says how it does.")
  private CandidateModelSpec candidate;

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

  public CandidateModelSpec getCandidate() {
    return candidate;
  }

  public void setCandidate(CandidateModelSpec candidate) {
    this.candidate = candidate;
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
