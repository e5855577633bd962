package dev.sundae.inference.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What a tenant's worker did, for Prometheus: frames by outcome, and two latency histograms. */
final class WorkerMetrics {

  private final Counter recommended;
  private final Counter duplicate;
  private final Counter deadLettered;
  private final Counter skipped;
  private final Counter retried;
  private final Timer forward;
  private final Timer latency;

  WorkerMetrics(MeterRegistry registry, String tenant) {
    recommended = frames(registry, tenant, "recommended");
    duplicate = frames(registry, tenant, "duplicate");
    deadLettered = frames(registry, tenant, "dead_lettered");
    skipped = frames(registry, tenant, "skipped");
    retried = frames(registry, tenant, "retried");
    forward =
        Timer.builder("sundae.inference.forward")
            .description("One batched forward pass of the model")
            .tag("tenant", tenant)
            .publishPercentileHistogram()
            .register(registry);
    latency =
        Timer.builder("sundae.inference.latency")
            .description("From the frame's upload to its recommendation committed")
            .tag("tenant", tenant)
            .publishPercentileHistogram()
            .register(registry);
  }

  private static Counter frames(MeterRegistry registry, String tenant, String outcome) {
    return Counter.builder("sundae.inference.frames")
        .description("Frames taken off the queue, by what became of them")
        .tag("tenant", tenant)
        .tag("outcome", outcome)
        .register(registry);
  }

  void recommended(Optional<Instant> uploadedAt, Instant now) {
    recommended.increment();
    uploadedAt
        .map(t -> Duration.between(t, now))
        .filter(d -> !d.isNegative())
        .ifPresent(latency::record);
  }

  void duplicate() {
    duplicate.increment();
  }

  void deadLettered() {
    deadLettered.increment();
  }

  void skipped() {
    skipped.increment();
  }

  void retried() {
    retried.increment();
  }

  Timer forward() {
    return forward;
  }
}
