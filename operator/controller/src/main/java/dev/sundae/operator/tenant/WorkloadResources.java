package dev.sundae.operator.tenant;

import dev.sundae.operator.api.ComputeResources;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.ResourceAmounts;
import dev.sundae.operator.api.TenantDefaultsSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Map;
import java.util.Optional;

/** Requests and limits of a tenant workload container: the Environment's, or these defaults. */
record WorkloadResources(
    Quantity cpuRequest, Quantity memoryRequest, Quantity cpuLimit, Quantity memoryLimit) {

  static WorkloadResources of(Environment environment) {
    Optional<ComputeResources> resources =
        Optional.ofNullable(environment.getSpec().getTenantDefaults())
            .map(TenantDefaultsSpec::getResources);
    Optional<ResourceAmounts> requests = resources.map(ComputeResources::getRequests);
    Optional<ResourceAmounts> limits = resources.map(ComputeResources::getLimits);
    return new WorkloadResources(
        requests.map(ResourceAmounts::getCpu).orElse(new Quantity("250m")),
        requests.map(ResourceAmounts::getMemory).orElse(new Quantity("512Mi")),
        limits.map(ResourceAmounts::getCpu).orElse(new Quantity("2")),
        limits.map(ResourceAmounts::getMemory).orElse(new Quantity("1Gi")));
  }

  ResourceRequirements requirements() {
    return new ResourceRequirementsBuilder()
        .withRequests(Map.of("cpu", cpuRequest, "memory", memoryRequest))
        .withLimits(Map.of("cpu", cpuLimit, "memory", memoryLimit))
        .build();
  }
}
