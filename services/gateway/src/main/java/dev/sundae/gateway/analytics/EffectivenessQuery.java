package dev.sundae.gateway.analytics;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantDatabases;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Repository;

/** Computes {@link Effectiveness} in the tenant's schema with one grouped query. */
@Repository
class EffectivenessQuery {

  // One row per group: GROUPING() tells the rank, flavour and model version rows and the total
  // apart.
  private static final String SQL =
      """
      WITH bought AS (
          SELECT DISTINCT p.request_id, pf.flavour
          FROM purchase p JOIN purchased_flavour pf ON pf.purchase_id = p.purchase_id)
      SELECT GROUPING(f.rank) AS no_rank, GROUPING(f.flavour) AS no_flavour,
             GROUPING(r.model_version) AS no_model, f.rank, f.flavour, r.model_version,
             count(DISTINCT f.request_id) AS recommendations,
             count(DISTINCT b.request_id) AS converted
      FROM recommendation r
      JOIN recommended_flavour f ON f.request_id = r.request_id
      LEFT JOIN bought b ON b.request_id = f.request_id AND b.flavour = f.flavour
      WHERE r.created_at >= ? AND r.created_at < ?
      GROUP BY GROUPING SETS ((f.rank), (f.flavour), (r.model_version), ())
      """;

  private final TenantDatabases databases;

  EffectivenessQuery(TenantDatabases databases) {
    this.databases = databases;
  }

  Effectiveness compute(TenantConfig tenant, Instant from, Instant to) {
    Effectiveness.Conversion[] overall = {Effectiveness.Conversion.of(0, 0)};
    Map<Integer, Effectiveness.Conversion> byRank = new TreeMap<>();
    Map<String, Effectiveness.Conversion> byFlavour = new TreeMap<>();
    Map<String, Effectiveness.Conversion> byModel = new TreeMap<>();
    databases
        .of(tenant)
        .jdbc()
        .sql(SQL)
        .params(
            OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
            OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
        .query(
            rs -> {
              var conversion =
                  Effectiveness.Conversion.of(
                      rs.getLong("recommendations"), rs.getLong("converted"));
              boolean rankRow = rs.getInt("no_rank") == 0;
              boolean flavourRow = rs.getInt("no_flavour") == 0;
              if (rankRow) {
                byRank.put(rs.getInt("rank"), conversion);
              } else if (flavourRow) {
                byFlavour.put(rs.getString("flavour"), conversion);
              } else if (rs.getInt("no_model") == 0) {
                byModel.put(rs.getString("model_version"), conversion);
              } else {
                overall[0] = conversion;
              }
            });
    List<Effectiveness.RankConversion> ranks = new ArrayList<>();
    for (int rank = 1; rank <= 3; rank++) {
      var c = byRank.getOrDefault(rank, Effectiveness.Conversion.of(0, 0));
      ranks.add(
          new Effectiveness.RankConversion(
              rank, c.recommendations(), c.converted(), c.conversion()));
    }
    List<Effectiveness.FlavourConversion> flavours =
        byFlavour.entrySet().stream()
            .map(
                e ->
                    new Effectiveness.FlavourConversion(
                        e.getKey(),
                        e.getValue().recommendations(),
                        e.getValue().converted(),
                        e.getValue().conversion()))
            .toList();
    List<Effectiveness.ModelConversion> models =
        byModel.entrySet().stream()
            .map(
                e ->
                    new Effectiveness.ModelConversion(
                        e.getKey(),
                        e.getValue().recommendations(),
                        e.getValue().converted(),
                        e.getValue().conversion()))
            .toList();
    return new Effectiveness(from, to, overall[0], ranks, flavours, models);
  }
}
