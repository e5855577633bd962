package dev.sundae.gateway.analytics;

import dev.sundae.tenancy.TenantConfig;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A chain's analyst sees which recommendations sell. */
@RestController
class EffectivenessController {

  private final EffectivenessQuery query;

  EffectivenessController(EffectivenessQuery query) {
    this.query = query;
  }

  @GetMapping("/v1/analytics/effectiveness")
  Effectiveness effectiveness(
      TenantConfig tenant, @RequestParam Instant from, @RequestParam Instant to) {
    Window.check(from, to);
    return query.compute(tenant, from, to);
  }
}
