package dev.sundae.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sundae.e2e.support.Platform;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentStatus;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantStatus;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

/** What a platform engineer sees with kubectl: every Tenant Ready, with its facts in status. */
class TenantStatusE2E {

  private final Platform platform = Platform.get();

  @Test
  void everyTenantIsReadyThroughTheKubernetesApi() {
    assumeTrue(
        platform.hasKubernetes(),
        "docker compose has no Kubernetes API and no Tenant resources: its provision job makes"
            + " what the operator would, and the other classes test what it made");
    for (String name : platform.tenantNames()) {
      Tenant tenant = platform.tenant(name);
      TenantStatus status = tenant.getStatus();
      assertThat(status).as("status of %s", name).isNotNull();
      assertThat(status.getObservedGeneration()).isEqualTo(tenant.getMetadata().getGeneration());
      assertThat(status.getConditions())
          .filteredOn(c -> TenantStatus.READY.equals(c.getType()))
          .singleElement()
          .extracting(Condition::getStatus)
          .isEqualTo("True");
      assertThat(status.getEnvironment()).isEqualTo(platform.environment());
      assertThat(status.getBucket()).contains(name);
      assertThat(status.getQueueUrl()).contains(name);
      assertThat(status.getDeadLetterQueueUrl()).contains(name).isNotEqualTo(status.getQueueUrl());
      assertThat(
              platform
                  .kubernetes()
                  .secrets()
                  .inNamespace(status.getNamespace())
                  .withName(status.getCredentialsSecret())
                  .get())
          .as("credentials Secret of %s", name)
          .isNotNull();
    }
  }

  @Test
  void theEnvironmentIsReadyWithItsGatewayServing() {
    assumeTrue(platform.hasKubernetes(), "docker compose has no Environment resource");
    Environment environment =
        platform.kubernetes().resources(Environment.class).withName(platform.environment()).get();
    EnvironmentStatus status = environment.getStatus();
    assertThat(status.getObservedGeneration()).isEqualTo(environment.getMetadata().getGeneration());
    assertThat(status.getConditions())
        .filteredOn(c -> EnvironmentStatus.READY.equals(c.getType()))
        .singleElement()
        .extracting(Condition::getStatus)
        .isEqualTo("True");
    // the local run's gateway is a process of its own (runtime external); kind's is the
    // operator's Deployment, whose pods must serve
    assertThat(status.getConditions())
        .filteredOn(c -> EnvironmentStatus.GATEWAY_READY.equals(c.getType()))
        .singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(status.getTenantsReady()).isGreaterThanOrEqualTo(platform.tenantNames().size());
  }
}
