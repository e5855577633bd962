package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Which model version the workers serve, and how the candidate's trial stands. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelStatus {

  @JsonPropertyDescription(
      "The version the workers show: spec.inference.modelVersion, or a promoted candidate's.")
  private String serving;

  @JsonPropertyDescription("The candidate's trial; empty without a candidate.")
  private CandidateStatus candidate;

  public String getServing() {
    return serving;
  }

  public void setServing(String serving) {
    this.serving = serving;
  }

  public CandidateStatus getCandidate() {
    return candidate;
  }

  public void setCandidate(CandidateStatus candidate) {
    this.candidate = candidate;
  }

  /** A candidate's trial: its phase, why, and the figures the rule read. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CandidateStatus {

    /** Where a trial is. */
    public enum Phase {
      /** Serving (or shadowing) until the rule decides. */
      Evaluating,
      /** Serves every session of the model arm in the stable version's place. */
      Promoted,
      /** Serves nothing until its version changes. */
      RolledBack
    }

    @JsonPropertyDescription("The candidate's modelVersion this trial is about.")
    private String version;

    @JsonPropertyDescription("Canary or Shadow.")
    private CandidateModelSpec.Mode mode;

    @JsonPropertyDescription("Evaluating, Promoted or RolledBack.")
    private Phase phase;

    @JsonPropertyDescription(
        "Why: NotEnoughData, Inconclusive, NonInferior, ConversionWorse, LatencyWorse or"
            + " FailedToLoad.")
    private String reason;

    @JsonPropertyDescription("The decision's figures in words.")
    private String message;

    @JsonPropertyDescription("When the trial began: the figures count from then.")
    private String startedAt;

    @JsonPropertyDescription("When the figures were last read.")
    private String evaluatedAt;

    @JsonPropertyDescription("When the candidate was promoted or rolled back.")
    private String decidedAt;

    @JsonPropertyDescription("The stable version's figures since the trial began.")
    private VersionFigures stable;

    @JsonPropertyDescription("The candidate's figures since the trial began.")
    private VersionFigures candidate;

    @JsonPropertyDescription(
        "Candidate minus stable conversion, in percentage points, with its 95 % interval"
            + " (Newcombe's hybrid score).")
    private Difference conversionDifference;

    public String getVersion() {
      return version;
    }

    public void setVersion(String version) {
      this.version = version;
    }

    public CandidateModelSpec.Mode getMode() {
      return mode;
    }

    public void setMode(CandidateModelSpec.Mode mode) {
      this.mode = mode;
    }

    public Phase getPhase() {
      return phase;
    }

    public void setPhase(Phase phase) {
      this.phase = phase;
    }

    public String getReason() {
      return reason;
    }

    public void setReason(String reason) {
      this.reason = reason;
    }

    public String getMessage() {
      return message;
    }

    public void setMessage(String message) {
      this.message = message;
    }

    public String getStartedAt() {
      return startedAt;
    }

    public void setStartedAt(String startedAt) {
      this.startedAt = startedAt;
    }

    public String getEvaluatedAt() {
      return evaluatedAt;
    }

    public void setEvaluatedAt(String evaluatedAt) {
      this.evaluatedAt = evaluatedAt;
    }

    public String getDecidedAt() {
      return decidedAt;
    }

    public void setDecidedAt(String decidedAt) {
      this.decidedAt = decidedAt;
    }

    public VersionFigures getStable() {
      return stable;
    }

    public void setStable(VersionFigures stable) {
      this.stable = stable;
    }

    public VersionFigures getCandidate() {
      return candidate;
    }

    public void setCandidate(VersionFigures candidate) {
      this.candidate = candidate;
    }

    public Difference getConversionDifference() {
      return conversionDifference;
    }

    public void setConversionDifference(Difference conversionDifference) {
      this.conversionDifference = conversionDifference;
    }
  }

  /** One version's figures. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VersionFigures {

    @JsonPropertyDescription(
        "Recommendations it served (a shadow: rankings logged) in the model arm.")
    private Long recommendations;

    @JsonPropertyDescription(
        "Those followed by a purchase of a flavour it ranked in its top 3 (for a shown version,"
            + " a conversion).")
    private Long conversions;

    @JsonPropertyDescription("95th percentile of its forward pass time per frame, milliseconds.")
    private Double p95ScoringMillis;

    public VersionFigures() {}

    public VersionFigures(Long recommendations, Long conversions, Double p95ScoringMillis) {
      this.recommendations = recommendations;
      this.conversions = conversions;
      this.p95ScoringMillis = p95ScoringMillis;
    }

    public Long getRecommendations() {
      return recommendations;
    }

    public void setRecommendations(Long recommendations) {
      this.recommendations = recommendations;
    }

    public Long getConversions() {
      return conversions;
    }

    public void setConversions(Long conversions) {
      this.conversions = conversions;
    }

    public Double getP95ScoringMillis() {
      return p95ScoringMillis;
    }

    public void setP95ScoringMillis(Double p95ScoringMillis) {
      this.p95ScoringMillis = p95ScoringMillis;
    }
  }

  /** An estimate with its 95 % interval. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Difference {

    @JsonPropertyDescription("The point estimate.")
    private Double estimate;

    @JsonPropertyDescription("The lower end of the 95 % interval.")
    private Double low;

    @JsonPropertyDescription("The upper end of the 95 % interval.")
    private Double high;

    public Difference() {}

    public Difference(Double estimate, Double low, Double high) {
      this.estimate = estimate;
      this.low = low;
      this.high = high;
    }

    public Double getEstimate() {
      return estimate;
    }

    public void setEstimate(Double estimate) {
      this.estimate = estimate;
    }

    public Double getLow() {
      return low;
    }

    public void setLow(Double low) {
      this.low = low;
    }

    public Double getHigh() {
      return high;
    }

    public void setHigh(Double high) {
      this.high = high;
    }
  }
}
