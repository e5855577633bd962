package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A model version on trial beside the stable one. As a canary it serves a share of the register
 * sessions of the model arm; in shadow mode it scores every frame and its top 3 is logged, never
 * shown. The operator compares it with the stable version ({@link PromotionSpec}) and promotes or
 * rolls it back; the decision and its figures are in {@code status.model}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.mode == 'Canary' || !has(self.trafficPercent)",
    message = "trafficPercent is for mode Canary: a shadow model scores every frame and shows none")
public class CandidateModelSpec {

  /** How a candidate meets the register's customers. */
  public enum Mode {
    /** Shown to a share of the model arm's sessions. */
    Canary,
    /** Scored on every frame and logged; never shown. */
    Shadow
  }

  public static final int DEFAULT_TRAFFIC_PERCENT = 10;

  @Required
  @Pattern(InferenceSpec.MODEL_URI_PATTERN)
  @JsonPropertyDescription("Where the candidate's TorchScript model is, as for modelUri.")
  private String modelUri;

  @Required
  @Size(min = 1, max = InferenceSpec.MODEL_VERSION_MAX)
  @Pattern(InferenceSpec.MODEL_VERSION_PATTERN)
  @JsonPropertyDescription(
      "Version of the candidate, recorded with what it scores; a new version starts a new"
          + " evaluation.")
  private String modelVersion;

  @Default("Canary")
  @JsonPropertyDescription(
      "Canary: shown to trafficPercent of the model arm's sessions. Shadow: scored on every frame"
          + " and logged, never shown.")
  private Mode mode;

  @Min(1)
  @Max(50)
  @JsonPropertyDescription(
      "Canary only: percent of the model arm's register sessions (1 to 50, default 10) the"
          + " candidate serves, chosen by a stable hash of the session.")
  private Integer trafficPercent;

  @JsonPropertyDescription("When the candidate is promoted or rolled back.")
  private PromotionSpec promotion;

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

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public Integer getTrafficPercent() {
    return trafficPercent;
  }

  public void setTrafficPercent(Integer trafficPercent) {
    this.trafficPercent = trafficPercent;
  }

  public PromotionSpec getPromotion() {
    return promotion;
  }

  public void setPromotion(PromotionSpec promotion) {
    this.promotion = promotion;
  }
}
