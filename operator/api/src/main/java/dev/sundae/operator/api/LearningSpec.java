package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * A tenant's learning policy: it chooses the flavour each recommendation shows first among the
 * model's candidates from what the chain's customers bought, exploring a bounded share of the time
 * and logging the probability of what it showed ({@code GET /v1/analytics/policy}). The bounds are
 * those of TenantConfig.Learning, which the services bind.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LearningSpec {

  @Default("0")
  @Min(0)
  @Max(20)
  @JsonPropertyDescription(
      "Percent of recommendations (0 to 20) whose first flavour is drawn at random from the"
          + " model's candidates, so the policy keeps learning; 0 turns learning off and shows"
          + " the model's ranking.")
  private Integer explorationPercent;

  public Integer getExplorationPercent() {
    return explorationPercent;
  }

  public void setExplorationPercent(Integer explorationPercent) {
    this.explorationPercent = explorationPercent;
  }
}
