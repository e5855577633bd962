package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Quantity;

/** An amount of CPU and memory. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceAmounts {

  @ValidationRule(value = Quantities.POSITIVE_RULE, message = Quantities.POSITIVE_MESSAGE)
  @JsonPropertyDescription("CPU as a Kubernetes quantity, e.g. 500m or 2.")
  private Quantity cpu;

  @ValidationRule(value = Quantities.POSITIVE_RULE, message = Quantities.POSITIVE_MESSAGE)
  @JsonPropertyDescription("Memory as a Kubernetes quantity, e.g. 512Mi or 2Gi.")
  private Quantity memory;

  public ResourceAmounts() {}

  public ResourceAmounts(String cpu, String memory) {
    this.cpu = new Quantity(cpu);
    this.memory = new Quantity(memory);
  }

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
}
