package dev.sundae.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.ImagesSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodsTest {

  @Test
  void theDigestFollowsTheSecretsContentNotItsKeyOrder() {
    Secret one = new SecretBuilder().addToData("a", "MQ==").addToData("b", "Mg==").build();
    Secret sameInOtherOrder =
        new SecretBuilder().addToData("b", "Mg==").addToData("a", "MQ==").build();
    Secret other = new SecretBuilder().addToData("a", "Mw==").addToData("b", "Mg==").build();

    assertThat(Pods.digest(Optional.of(one))).hasSize(16);
    assertThat(Pods.digest(Optional.of(one)))
        .isEqualTo(Pods.digest(Optional.of(sameInOtherOrder)))
        .isNotEqualTo(Pods.digest(Optional.of(other)))
        .isNotEqualTo(Pods.digest(Optional.empty()));
  }

  @Test
  void pullPolicyIsTheKubeletsSpelling() {
    EnvironmentSpec environment = new EnvironmentSpec();
    assertThat(Pods.pullPolicy(environment)).isEqualTo("IfNotPresent");
    ImagesSpec images = new ImagesSpec();
    images.setPullPolicy(ImagesSpec.PullPolicy.NEVER);
    environment.setImages(images);
    assertThat(Pods.pullPolicy(environment)).isEqualTo("Never");
  }
}
