package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/** The ResourceQuota of a tenant's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class QuotaSpec {

  @ValidationRule(value = Quantities.POSITIVE_RULE, message = Quantities.POSITIVE_MESSAGE)
  @JsonPropertyDescription("Total CPU limits of the namespace, e.g. 4.")
  private Quantity cpu;

  @ValidationRule(value = Quantities.POSITIVE_RULE, message = Quantities.POSITIVE_MESSAGE)
  @JsonPropertyDescription("Total memory limits of the namespace, e.g. 8Gi.")
  private Quantity memory;

  @Min(1)
  @JsonPropertyDescription("Most pods in the namespace.")
  private Integer pods;

  public Quantity getCpu() {
    return cpu;
  }

  public void setCpu(Quantity cpu) {
    this.cpu = cpu;
  }

  public Quantity getMemory() {
    return memory;
  }

  public void setMemory(Quantity memory) {
    this.memory = memory;
  }

  public Integer getPods() {
    return pods;
  }

  public void setPods(Integer pods) {
    this.pods = pods;
  }
}
