package dev.sundae.inference.recommendation;

import dev.sundae.inference.model.RankedFlavour;
import dev.sundae.tenancy.Proportions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The tenant's learning policy: which of the model's candidates a recommendation shows first (the
 * other two follow in the model's order). An epsilon-greedy contextual bandit over "action
 * dependent features", as Vowpal Wabbit's {@code cb_explore_adf --epsilon} is: the context is the
 * flavour the model put first for the picture, the actions are the model's first {@link
 * #CANDIDATES} flavours the store has not sold out, and the reward of a recommendation is 1 when a
 * purchase reported for it contains a flavour it showed, 0 when none does (Personalizer's
 * rank/reward, with the purchase as the reward call).
 *
 * <p>With probability 1 - epsilon it shows first its best candidate, with probability epsilon a
 * candidate drawn uniformly; it logs the probability of what it showed ({@link
 * Choice#propensity()}), so that any policy can be evaluated offline on its traffic. Its best
 * candidate is the model's first unless another has proved better: a challenger shown first at
 * least {@link #MIN_EVIDENCE} times in that context over the last {@link #WINDOW_DAYS} days takes
 * the first place only when the lower end of the 95 % Wilson interval of its conversion there is
 * above the model's first candidate's conversion, and among several such, the one with the highest
 * lower end. That is a conservative rule (as in Wu, Shariff, Lattimore and Szepesvari,
 * "Conservative Bandits", 2016): before any purchase, and where the model is right, the policy is
 * the model's ranking, and a lucky streak of a few purchases does not displace it. The model's
 * first candidate's conversion is shrunk towards the context's ({@link #PRIOR_WEIGHT}
 * pseudo-recommendations), so that a handful of its own unlucky frames do not open the door either.
 * The counts come from the policy_daily table, read at most once per {@link #REFRESH} per worker.
 */
final class Policy {

  /** How many of the model's flavours the policy chooses among. */
  static final int CANDIDATES = 5;

  static final Duration REFRESH = Duration.ofSeconds(30);
  static final int WINDOW_DAYS = 28;
  static final double PRIOR_WEIGHT = 20;

  /** A challenger is considered once it has been shown first this often in the context. */
  static final int MIN_EVIDENCE = 20;

  private static final String COUNTS =
      """
      SELECT context, action, sum(served) AS served, sum(converted) AS converted
      FROM policy_daily
      WHERE day > (now() AT TIME ZONE 'UTC')::date - ?
      GROUP BY context, action
      """;

  private final double epsilon;
  private final Clock clock;
  private final RandomGenerator random;
  private Map<String, Map<String, Counts>> counts = Map.of();
  private Instant countedAt;

  /**
   * @param explorationPercent 0 shows the model's ranking and logs it with probability 1
   */
  Policy(int explorationPercent, Clock clock, RandomGenerator random) {
    this.epsilon = explorationPercent / 100.0;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Chooses the first flavour among {@code eligible}'s first {@link #CANDIDATES}.
   *
   * @param context the model's first flavour for the picture, sold out or not
   * @param eligible the model's ranking less what the store has sold out; not empty
   */
  Choice choose(Connection connection, String context, List<RankedFlavour> eligible)
      throws SQLException {
    List<String> candidates =
        eligible.stream().limit(CANDIDATES).map(RankedFlavour::flavour).toList();
    if (epsilon == 0 || candidates.size() == 1) {
      return new Choice(context, candidates, candidates.get(0), 1.0, candidates.get(0));
    }
    String greedy = best(context, candidates, counts(connection));
    String action =
        random.nextDouble() < epsilon ? candidates.get(random.nextInt(candidates.size())) : greedy;
    double propensity = (action.equals(greedy) ? 1 - epsilon : 0) + epsilon / candidates.size();
    return new Choice(context, candidates, action, propensity, greedy);
  }

  /** The model's first candidate, or the challenger that has proved better than it. */
  static String best(
      String context, List<String> candidates, Map<String, Map<String, Counts>> counts) {
    Map<String, Counts> seen = counts.getOrDefault(context, Map.of());
    String incumbent = candidates.get(0);
    Counts own = seen.getOrDefault(incumbent, Counts.NONE);
    double bar =
        (own.converted() + PRIOR_WEIGHT * prior(seen, counts)) / (own.served() + PRIOR_WEIGHT);
    String best = incumbent;
    for (String challenger : candidates.subList(1, candidates.size())) {
      Counts c = seen.get(challenger);
      if (c != null && c.served() >= MIN_EVIDENCE) {
        double low = Proportions.wilson(c.converted(), c.served()).low();
        if (low > bar) {
          best = challenger;
          bar = low;
        }
      }
    }
    return best;
  }

  /** The context's conversion, else the tenant's, else one half. */
  private static double prior(Map<String, Counts> seen, Map<String, Map<String, Counts>> all) {
    Counts context = Counts.sum(seen.values());
    if (context.served() > 0) {
      return (double) context.converted() / context.served();
    }
    Counts tenant = Counts.sum(all.values().stream().flatMap(m -> m.values().stream()).toList());
    return tenant.served() > 0 ? (double) tenant.converted() / tenant.served() : 0.5;
  }

  private synchronized Map<String, Map<String, Counts>> counts(Connection connection)
      throws SQLException {
    Instant now = clock.instant();
    if (countedAt == null || !now.isBefore(countedAt.plus(REFRESH))) {
      Map<String, Map<String, Counts>> read = new HashMap<>();
      try (PreparedStatement select = connection.prepareStatement(COUNTS)) {
        select.setInt(1, WINDOW_DAYS);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            read.computeIfAbsent(rows.getString("context"), k -> new HashMap<>())
                .put(
                    rows.getString("action"),
                    new Counts(rows.getLong("served"), rows.getLong("converted")));
          }
        }
      }
      counts = read;
      countedAt = now;
    }
    return counts;
  }

  /** Recommendations that showed a flavour first in a context, and how many of them sold. */
  record Counts(long served, long converted) {
    static final Counts NONE = new Counts(0, 0);

    static Counts sum(Iterable<Counts> counts) {
      long served = 0;
      long converted = 0;
      for (Counts c : counts) {
        served += c.served();
        converted += c.converted();
      }
      return new Counts(served, converted);
    }
  }

  /**
   * What the policy showed first and why, as the recommendation's row logs it.
   *
   * @param context the model's first flavour for the picture
   * @param candidates what it chose among, in the model's order
   * @param action the flavour it showed first
   * @param propensity the probability it had of showing {@code action} first
   * @param greedy what it would have shown first without exploring
   */
  record Choice(
      String context, List<String> candidates, String action, double propensity, String greedy) {}
}
