package dev.sundae.inference.worker;

import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Up when every tenant's worker has migrated its schema, loaded its model and reached its queue;
 * otherwise down, with what stops each tenant, for the readiness probe and the operator.
 */
public final class WorkersHealth implements HealthIndicator {

  private final Workers workers;

  public WorkersHealth(Workers workers) {
    this.workers = workers;
  }

  @Override
  public Health health() {
    Map<String, String> problems = workers.problems();
    Health.Builder health = Health.up();
    problems.forEach(
        (tenant, problem) -> {
          if (problem != null) {
            health.down();
          }
          health.withDetail(tenant, problem == null ? "serving" : problem);
        });
    return health.build();
  }
}
