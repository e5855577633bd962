package dev.sundae.gateway.purchase;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantDatabases;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Purchases in the caller's tenant schema, stored once per purchaseId. */
@Repository
class Purchases {

  enum Outcome {
    CREATED,
    REPEATED,
    CONFLICT,
    UNKNOWN_REQUEST
  }

  private final TenantDatabases databases;

  Purchases(TenantDatabases databases) {
    this.databases = databases;
  }

  Outcome record(TenantConfig tenant, Purchase purchase) {
    TenantDatabases.TenantDatabase database = databases.of(tenant);
    return database.transactions().execute(status -> record(database.jdbc(), purchase));
  }

  private static Outcome record(JdbcClient jdbc, Purchase purchase) {
    boolean recommended =
        jdbc.sql("SELECT EXISTS (SELECT 1 FROM recommendation WHERE request_id = ?)")
            .param(purchase.requestId())
            .query(Boolean.class)
            .single();
    if (!recommended) {
      return Outcome.UNKNOWN_REQUEST;
    }
    // A concurrent report of the same purchaseId waits here for the first one to commit.
    int inserted =
        jdbc.sql(
                """
                INSERT INTO purchase (purchase_id, request_id, store, purchased_at)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (purchase_id) DO NOTHING
                """)
            .params(
                purchase.purchaseId(),
                purchase.requestId(),
                purchase.store(),
                OffsetDateTime.ofInstant(purchase.purchasedAt(), ZoneOffset.UTC))
            .update();
    if (inserted == 0) {
      return find(jdbc, purchase.purchaseId()).filter(purchase::equals).isPresent()
          ? Outcome.REPEATED
          : Outcome.CONFLICT;
    }
    jdbc.sql("INSERT INTO purchased_flavour (purchase_id, flavour) SELECT ?, unnest(?::text[])")
        .params(purchase.purchaseId(), purchase.flavours().toArray(String[]::new))
        .update();
    return Outcome.CREATED;
  }

  private static Optional<Purchase> find(JdbcClient jdbc, UUID purchaseId) {
    return jdbc.sql(
            """
            SELECT p.request_id, p.store, p.purchased_at,
                   array(SELECT f.flavour FROM purchased_flavour f
                         WHERE f.purchase_id = p.purchase_id ORDER BY f.flavour) AS flavours
            FROM purchase p WHERE p.purchase_id = ?
            """)
        .param(purchaseId)
        .query(
            (rs, n) ->
                new Purchase(
                    purchaseId,
                    rs.getObject(1, UUID.class),
                    List.of((String[]) rs.getArray(4).getArray()),
                    rs.getString(2),
                    rs.getObject(3, OffsetDateTime.class).toInstant()))
        .optional();
  }
}
