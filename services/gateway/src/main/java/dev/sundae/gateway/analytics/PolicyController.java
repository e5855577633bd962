package dev.sundae.gateway.analytics;

import dev.sundae.tenancy.TenantConfig;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A chain's analyst sees what its learning policy sells against the model's ranking. */
@RestController
class PolicyController {

  private final PolicyQuery query;

  PolicyController(PolicyQuery query) {
    this.query = query;
  }

  @GetMapping("/v1/analytics/policy")
  PolicyReport policy(TenantConfig tenant, @RequestParam Instant from, @RequestParam Instant to) {
    Window.check(from, to);
    return query.compute(tenant, from, to);
  }
}
