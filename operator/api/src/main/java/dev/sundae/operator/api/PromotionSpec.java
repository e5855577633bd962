package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * The rule that ends a candidate's trial: a non-inferiority test on conversion (the 95 % interval
 * of candidate minus stable, Newcombe's, as the uplift uses) and a bound on its scoring time. The
 * candidate is promoted once both versions have {@link #minRecommendations}, the interval's lower
 * end is above minus the margin and its p95 scoring time is within the bound; rolled back as soon
 * as the interval's upper end is below minus the margin, its scoring time is out of bounds with
 * enough data, or it fails to load.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PromotionSpec {

  public static final int DEFAULT_MIN_RECOMMENDATIONS = 200;
  public static final int DEFAULT_CONVERSION_MARGIN_PERCENT = 2;
  public static final int DEFAULT_MAX_LATENCY_INCREASE_PERCENT = 25;

  @Default("" + DEFAULT_MIN_RECOMMENDATIONS)
  @Min(20)
  @Max(10_000_000)
  @JsonPropertyDescription(
      "Recommendations (for a shadow: logged rankings) each version needs before a decision.")
  private Integer minRecommendations;

  @Default("" + DEFAULT_CONVERSION_MARGIN_PERCENT)
  @Min(0)
  @Max(20)
  @JsonPropertyDescription(
      "Percentage points of conversion the candidate may lose against the stable version and"
          + " still be promoted (the non-inferiority margin).")
  private Integer conversionMarginPercent;

  @Default("" + DEFAULT_MAX_LATENCY_INCREASE_PERCENT)
  @Min(0)
  @Max(1000)
  @JsonPropertyDescription(
      "Percent by which the candidate's p95 scoring time per frame may exceed the stable"
          + " version's.")
  private Integer maxLatencyIncreasePercent;

  public Integer getMinRecommendations() {
    return minRecommendations;
  }

  public void setMinRecommendations(Integer minRecommendations) {
    this.minRecommendations = minRecommendations;
  }

  public Integer getConversionMarginPercent() {
    return conversionMarginPercent;
  }

  public void setConversionMarginPercent(Integer conversionMarginPercent) {
    this.conversionMarginPercent = conversionMarginPercent;
  }

  public Integer getMaxLatencyIncreasePercent() {
    return maxLatencyIncreasePercent;
  }

  public void setMaxLatencyIncreasePercent(Integer maxLatencyIncreasePercent) {
    this.maxLatencyIncreasePercent = maxLatencyIncreasePercent;
  }
}
