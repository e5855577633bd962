package dev.sundae.gateway.catalogue;

import dev.sundae.tenancy.TenantConfig;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's catalogue as the apps show it: the register colours its top 3 with it, the dashboard
 * names its flavours. The Tenant's spec.flavours, in their order.
 */
@RestController
class CatalogueController {

  @GetMapping("/v1/catalogue")
  ResponseEntity<Catalogue> catalogue(TenantConfig tenant) {
    return ResponseEntity.ok()
        // a register asks at sign-in; a catalogue change reaches it within the minute
        .cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(1)).cachePrivate())
        .body(new Catalogue(tenant.catalogue()));
  }

  /** The flavours, in the catalogue's order. */
  record Catalogue(List<TenantConfig.Look> flavours) {}
}
