package dev.sundae.gateway.catalogue;

import dev.sundae.gateway.StoreIds;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Problems;
import dev.sundae.web.tenant.TenantDatabases;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A store's register says which flavours it has run out of. The worker leaves them out of every
 * recommendation it makes for a frame uploaded from that store (the upload names the store) until
 * the register clears them.
 */
@RestController
class SoldOutController {

  private final TenantDatabases databases;

  SoldOutController(TenantDatabases databases) {
    this.databases = databases;
  }

  @GetMapping("/v1/stores/{store}/sold-out")
  SoldOut list(TenantConfig tenant, @PathVariable String store) {
    requireValid(store);
    return new SoldOut(
        store,
        databases
            .of(tenant)
            .jdbc()
            .sql("SELECT flavour, since FROM sold_out WHERE store = ? ORDER BY flavour")
            .param(store)
            .query(
                (rs, n) ->
                    new SoldOut.Flavour(
                        rs.getString("flavour"),
                        rs.getObject("since", OffsetDateTime.class).toInstant()))
            .list());
  }

  /** Idempotent: a flavour already sold out keeps the time it first was. */
  @PutMapping("/v1/stores/{store}/sold-out/{flavour}")
  ResponseEntity<Void> markSoldOut(
      TenantConfig tenant, @PathVariable String store, @PathVariable String flavour) {
    return change(
        tenant,
        store,
        flavour,
        "INSERT INTO sold_out (store, flavour) VALUES (?, ?) ON CONFLICT DO NOTHING");
  }

  /** Idempotent: clearing a flavour that is not sold out changes nothing. */
  @DeleteMapping("/v1/stores/{store}/sold-out/{flavour}")
  ResponseEntity<Void> clear(
      TenantConfig tenant, @PathVariable String store, @PathVariable String flavour) {
    return change(tenant, store, flavour, "DELETE FROM sold_out WHERE store = ? AND flavour = ?");
  }

  private ResponseEntity<Void> change(
      TenantConfig tenant, String store, String flavour, String statement) {
    requireValid(store);
    if (!tenant.flavours().contains(flavour)) {
      throw Problems.notFound(
          "unknown-flavour",
          "Unknown flavour",
          "Not in the tenant's catalogue: " + flavour + "; it has " + tenant.flavours());
    }
    databases.of(tenant).jdbc().sql(statement).params(store, flavour).update();
    return ResponseEntity.noContent().build();
  }

  private static void requireValid(String store) {
    if (!StoreIds.valid(store)) {
      throw Problems.badRequest("invalid-request", "store: " + StoreIds.MESSAGE);
    }
  }

  /**
   * @param store the store
   * @param soldOut its sold-out flavours, by name
   */
  record SoldOut(String store, List<Flavour> soldOut) {

    /**
     * @param flavour the catalogue's name for it
     * @param since when the register said so
     */
    record Flavour(String flavour, Instant since) {}
  }
}
