package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * A tenant's control arm: a share of register sessions is shown a baseline instead of the model, so
 * that {@code GET /v1/analytics/uplift} can say what the model adds. The bounds are those of
 * TenantConfig.Holdout, which the services bind.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HoldoutSpec {

  @Default("0")
  @Min(0)
  @Max(50)
  @JsonPropertyDescription(
      "Percent of register sessions (0 to 50) shown the baseline instead of the model, chosen by"
          + " a stable hash of the session, so a session always lands in the same arm.")
  private Integer percent;

  @Default("28")
  @Min(1)
  @Max(365)
  @JsonPropertyDescription(
      "The baseline: the chain's best sellers of this many days, then the rest of the catalogue"
          + " in its order.")
  private Integer bestSellerDays;

  public Integer getPercent() {
    return percent;
  }

  public void setPercent(Integer percent) {
    this.percent = percent;
  }

  public Integer getBestSellerDays() {
    return bestSellerDays;
  }

  public void setBestSellerDays(Integer bestSellerDays) {
    this.bestSellerDays = bestSellerDays;
  }
}
