package dev.sundae.gateway.analytics;

import dev.sundae.tenancy.TenantConfig;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A chain's analyst sees whether the model sells better than its best sellers would. */
@RestController
class UpliftController {

  private final UpliftQuery query;

  UpliftController(UpliftQuery query) {
    this.query = query;
  }

  @GetMapping("/v1/analytics/uplift")
  Uplift uplift(TenantConfig tenant, @RequestParam Instant from, @RequestParam Instant to) {
    Window.check(from, to);
    return query.compute(tenant, from, to);
  }
}
