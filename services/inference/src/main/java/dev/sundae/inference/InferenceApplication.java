package dev.sundae.inference;

import dev.sundae.inference.worker.Workers;
import dev.sundae.inference.worker.WorkersHealth;
import dev.sundae.tenancy.TrustedCas;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The inference worker: one per tenant in Kubernetes, or one for several tenants elsewhere. */
@SpringBootApplication
@EnableConfigurationProperties(InferenceProperties.class)
public class InferenceApplication {

  public static void main(String[] args) {
    // before anything opens a TLS connection: the backends may be signed by a CA of our own
    TrustedCas.install(System.getenv());
    SpringApplication.run(InferenceApplication.class, args);
  }

  @Bean
  Workers workers(InferenceProperties properties, MeterRegistry registry) {
    return new Workers(properties, registry);
  }

  // the bean name makes its health contributor "workers", which the readiness group includes
  @Bean
  WorkersHealth workersHealthIndicator(Workers workers) {
    return new WorkersHealth(workers);
  }

  // "workerLoops", in the liveness group: a tenant's loop that died takes the Pod with it
  @Bean
  HealthIndicator workerLoopsHealthIndicator(Workers workers) {
    return () -> {
      Map<String, String> crashed = workers.crashed();
      return crashed.isEmpty() ? Health.up().build() : Health.down().withDetails(crashed).build();
    };
  }
}
