package dev.sundae.gateway.analytics;

import dev.sundae.tenancy.InversePropensity;
import dev.sundae.tenancy.Proportions;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantDatabases;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Repository;

/** Computes a {@link PolicyReport} in the tenant's schema with one grouped query. */
@Repository
class PolicyQuery {

  /** Below this many logged recommendations in the window, the report gives no estimate. */
  static final long MINIMUM = 100;

  // As the uplift's: whole UTC days from policy_daily (kept by the schema's triggers), the partial
  // days at the edges from the logged rows, with the same weights (policy_weight, migration V5).
  static final String SQL =
      """
      WITH counted AS (
          SELECT context, action, served, converted, learned_weight, learned_reward,
                 learned_reward_sq, model_weight, model_reward, model_reward_sq, learned_matched,
                 model_matched
          FROM policy_daily
          WHERE day >= ? AND day < ?
          UNION ALL
          SELECT context, action, count(*), count(converted_at), sum(l), sum(l) FILTER (WHERE won),
                 sum(l * l) FILTER (WHERE won), sum(m), sum(m) FILTER (WHERE won),
                 sum(m * m) FILTER (WHERE won), count(*) FILTER (WHERE l > 0),
                 count(*) FILTER (WHERE m > 0)
          FROM (SELECT context, action, converted_at, converted_at IS NOT NULL AS won,
                       policy_weight(greedy, action, propensity) AS l,
                       policy_weight(candidates[1], action, propensity) AS m
                FROM recommendation
                WHERE propensity IS NOT NULL
                  AND ((created_at >= ? AND created_at < ?) OR (created_at >= ? AND created_at < ?))
               ) edge
          GROUP BY context, action)
      SELECT context, action, sum(served) AS served, sum(converted) AS converted,
             sum(learned_weight) AS learned_weight,
             coalesce(sum(learned_reward), 0) AS learned_reward,
             coalesce(sum(learned_reward_sq), 0) AS learned_reward_sq,
             sum(model_weight) AS model_weight,
             coalesce(sum(model_reward), 0) AS model_reward,
             coalesce(sum(model_reward_sq), 0) AS model_reward_sq,
             sum(learned_matched) AS learned_matched, sum(model_matched) AS model_matched
      FROM counted
      GROUP BY context, action
      """;

  private final TenantDatabases databases;

  PolicyQuery(TenantDatabases databases) {
    this.databases = databases;
  }

  PolicyReport compute(TenantConfig tenant, Instant from, Instant to) {
    Sums learned = new Sums();
    Sums model = new Sums();
    Map<String, List<PolicyReport.Action>> contexts = new TreeMap<>();
    long[] logged = new long[2];
    TenantDatabases.TenantDatabase database = databases.of(tenant);
    database
        .transactions()
        .executeWithoutResult(
            status -> {
              database.jdbc().sql("SET LOCAL jit = off").update(); // as the uplift's
              database
                  .jdbc()
                  .sql(SQL)
                  .params(Window.of(from, to).parameters())
                  .query(
                      rs -> {
                        long served = rs.getLong("served");
                        long converted = rs.getLong("converted");
                        logged[0] += served;
                        logged[1] += converted;
                        learned.add(rs, "learned");
                        model.add(rs, "model");
                        contexts
                            .computeIfAbsent(rs.getString("context"), c -> new ArrayList<>())
                            .add(
                                new PolicyReport.Action(
                                    rs.getString("action"),
                                    served,
                                    converted,
                                    (double) converted / served));
                      });
            });
    List<PolicyReport.Context> byContext = new ArrayList<>();
    contexts.forEach(
        (context, actions) -> {
          actions.sort(
              Comparator.comparingLong(PolicyReport.Action::recommendations)
                  .reversed()
                  .thenComparing(PolicyReport.Action::flavour));
          byContext.add(
              new PolicyReport.Context(
                  context,
                  actions.stream().mapToLong(PolicyReport.Action::recommendations).sum(),
                  actions));
        });
    return new PolicyReport(
        from,
        to,
        tenant.learningOrNone().explorationPercent(),
        PolicyReport.METHOD,
        Proportions.LEVEL,
        MINIMUM,
        logged[0] >= MINIMUM,
        Uplift.Arm.of(logged[0], logged[1]),
        PolicyReport.Estimate.of(learned.estimate(logged[0]), learned.matched, MINIMUM),
        PolicyReport.Estimate.of(model.estimate(logged[0]), model.matched, MINIMUM),
        byContext);
  }

  /** One policy's sums over the window. */
  private static final class Sums {
    private double weight;
    private double reward;
    private double rewardSquared;
    private long matched;

    void add(ResultSet rs, String policy) throws SQLException {
      weight += rs.getDouble(policy + "_weight");
      reward += rs.getDouble(policy + "_reward");
      rewardSquared += rs.getDouble(policy + "_reward_sq");
      matched += rs.getLong(policy + "_matched");
    }

    InversePropensity estimate(long recommendations) {
      return new InversePropensity(recommendations, weight, reward, rewardSquared);
    }
  }
}
