package dev.sundae.gateway.analytics;

import dev.sundae.tenancy.Arms;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantDatabases;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Repository;

/** Computes {@link Uplift} in the tenant's schema with one grouped query. */
@Repository
class UpliftQuery {

  /** Below this many recommendations in an arm, a comparison reports no uplift. */
  static final long MINIMUM_PER_ARM = 100;

  // A recommendation converts when a purchase reported for it holds a flavour it showed: one
  // indexed probe per recommendation (purchase_request). GROUPING() tells the overall rows, the
  // store rows and the day rows apart; each group has a row per arm.
  private static final String SQL =
      """
      WITH served AS (
          SELECT r.arm, r.store, (r.created_at AT TIME ZONE 'UTC')::date AS day,
                 EXISTS (
                     SELECT 1
                     FROM purchase p
                     JOIN purchased_flavour pf ON pf.purchase_id = p.purchase_id
                     JOIN recommended_flavour f
                       ON f.request_id = r.request_id AND f.flavour = pf.flavour
                     WHERE p.request_id = r.request_id) AS converted
          FROM recommendation r
          WHERE r.created_at >= ? AND r.created_at < ?)
      SELECT GROUPING(store) AS no_store, GROUPING(day) AS no_day, store, day, arm,
             count(*) AS recommendations, count(*) FILTER (WHERE converted) AS converted
      FROM served
      GROUP BY GROUPING SETS ((arm), (arm, store), (arm, day))
      """;

  private final TenantDatabases databases;

  UpliftQuery(TenantDatabases databases) {
    this.databases = databases;
  }

  Uplift compute(TenantConfig tenant, Instant from, Instant to) {
    Counts overall = new Counts();
    Map<String, Counts> byStore = new TreeMap<>();
    Map<LocalDate, Counts> byDay = new TreeMap<>();
    databases
        .of(tenant)
        .jdbc()
        .sql(SQL)
        .params(
            OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
            OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
        .query(
            rs -> {
              Counts counts;
              if (rs.getInt("no_store") == 0) {
                String store = rs.getString("store");
                if (store == null) {
                  return; // uploads that named no store count overall and by day only
                }
                counts = byStore.computeIfAbsent(store, s -> new Counts());
              } else if (rs.getInt("no_day") == 0) {
                counts =
                    byDay.computeIfAbsent(rs.getObject("day", LocalDate.class), d -> new Counts());
              } else {
                counts = overall;
              }
              counts.add(
                  rs.getString("arm"), rs.getLong("recommendations"), rs.getLong("converted"));
            });
    List<Uplift.StoreComparison> stores = new ArrayList<>();
    byStore.forEach(
        (store, counts) -> stores.add(new Uplift.StoreComparison(store, counts.compare())));
    List<Uplift.DayComparison> days = new ArrayList<>();
    byDay.forEach((day, counts) -> days.add(new Uplift.DayComparison(day, counts.compare())));
    return new Uplift(
        from,
        to,
        tenant.holdoutOrNone().percent(),
        Uplift.METHOD,
        Proportions.LEVEL,
        MINIMUM_PER_ARM,
        overall.compare(),
        stores,
        days);
  }

  /** The two arms' counts of one group. */
  private static final class Counts {
    private long modelServed;
    private long modelConverted;
    private long holdoutServed;
    private long holdoutConverted;

    void add(String arm, long served, long converted) {
      if (Arms.Arm.HOLDOUT.wire().equals(arm)) {
        holdoutServed += served;
        holdoutConverted += converted;
      } else {
        modelServed += served;
        modelConverted += converted;
      }
    }

    Uplift.Comparison compare() {
      return Uplift.Comparison.of(
          MINIMUM_PER_ARM,
          Uplift.Arm.of(modelServed, modelConverted),
          Uplift.Arm.of(holdoutServed, holdoutConverted));
    }
  }
}
