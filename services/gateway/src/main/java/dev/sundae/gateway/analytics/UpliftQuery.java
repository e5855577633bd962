package dev.sundae.gateway.analytics;

import dev.sundae.tenancy.Arms;
import dev.sundae.tenancy.Proportions;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantDatabases;
import java.time.Instant;
import java.time.LocalDate;
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

  // Whole UTC days come from uplift_daily, which the schema's triggers keep with the rows they
  // count; the partial days at the window's edges from recommendation itself (an index-only range
  // scan: converted_at is kept by a trigger too). GROUPING() tells the overall rows, the store rows
  // and the day rows apart; each group has a row per arm.
  static final String SQL =
      """
      WITH counted AS (
          SELECT day, store, arm, served, converted
          FROM uplift_daily
          WHERE day >= ? AND day < ?
          UNION ALL
          SELECT (created_at AT TIME ZONE 'UTC')::date, coalesce(store, ''), arm, count(*),
                 count(converted_at)
          FROM recommendation
          WHERE (created_at >= ? AND created_at < ?) OR (created_at >= ? AND created_at < ?)
          GROUP BY 1, 2, 3)
      SELECT GROUPING(store) AS no_store, GROUPING(day) AS no_day, store, day, arm,
             sum(served) AS recommendations, sum(converted) AS converted
      FROM counted
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
    TenantDatabases.TenantDatabase database = databases.of(tenant);
    // PostgreSQL's JIT compiles this plan for ~15 ms on every call (its estimated cost is above
    // jit_above_cost) and the whole query takes less: off, for this transaction only
    database
        .transactions()
        .executeWithoutResult(
            status -> {
              database.jdbc().sql("SET LOCAL jit = off").update();
              count(database, from, to, overall, byStore, byDay);
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

  private static void count(
      TenantDatabases.TenantDatabase database,
      Instant from,
      Instant to,
      Counts overall,
      Map<String, Counts> byStore,
      Map<LocalDate, Counts> byDay) {
    database
        .jdbc()
        .sql(SQL)
        .params(Window.of(from, to).parameters())
        .query(
            rs -> {
              Counts counts;
              if (rs.getInt("no_store") == 0) {
                String store = rs.getString("store");
                if (store.isEmpty()) {
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
