package dev.sundae.inference.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.inference.InferenceProperties;
import dev.sundae.tenancy.TenantConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class WorkersTest {

  @Test
  void refusesToStartWithATenantWithoutDeadLetterQueue() {
    TenantConfig noDeadLetters =
        tenant("acme", "acme-frames", new TenantConfig.Queue(null, null, "http://q/acme", null));

    assertThatThrownBy(() -> new Workers(properties(noDeadLetters), new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sundae.tenants: tenant acme has no queue.dead-letter-url");
  }

  @Test
  void servesOnlyTheFirstOfTwoTenantsSharingABucket() {
    TenantConfig.Queue queue = new TenantConfig.Queue(null, null, "http://q/a", "http://q/dlq");

    Workers workers =
        new Workers(
            properties(
                tenant("a", "frames", queue),
                tenant("b", "frames", queue),
                tenant("c", "c-frames", queue)),
            new SimpleMeterRegistry());

    assertThat(workers.tenants()).extracting(TenantConfig::name).containsExactly("a", "c");
  }

  private static InferenceProperties properties(TenantConfig... tenants) {
    return new InferenceProperties(
        List.of(tenants),
        new InferenceProperties.Inference(
            10,
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            0,
            1,
            Duration.ofSeconds(30),
            DataSize.ofMegabytes(10),
            null));
  }

  private static TenantConfig tenant(String name, String bucket, TenantConfig.Queue queue) {
    return new TenantConfig(
        "dev",
        name,
        null,
        null,
        null,
        List.of("vanilla", "chocolate", "strawberry"),
        new TenantConfig.Storage(null, null, bucket, "k", "s"),
        queue,
        new TenantConfig.Database("jdbc:postgresql://127.0.0.1/sundae", name, name, "p"),
        null,
        null,
        null,
        null);
  }
}
