package dev.sundae.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;

class InformerHealthTest {

  /** A client that never connects: the informers below are only named, never started. */
  private final KubernetesClient client =
      new KubernetesClientBuilder()
          .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
          .build();

  private SharedIndexInformer<Secret> secrets() {
    return client.secrets().inNamespace("x").runnableInformer(0);
  }

  @Test
  void anInformerStoppedOnPurposeLeavesTheOperatorHealthy() {
    InformerHealth health = new InformerHealth();
    health.onStop(secrets(), null);
    assertThat(health.failure()).isEmpty();
  }

  @Test
  void anInformerThatGaveUpMakesTheOperatorUnhealthyInsteadOfEndingTheProcess() {
    InformerHealth health = new InformerHealth();
    health.onStop(secrets(), new IllegalStateException("cannot deserialize Secret"));
    // still here: the JVM did not exit, as JOSDK's default handler would have made it
    assertThat(health.failure())
        .hasValueSatisfying(
            why -> assertThat(why).contains("Secret").contains("cannot deserialize Secret"));
  }
}
