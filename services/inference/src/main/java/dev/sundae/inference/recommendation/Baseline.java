package dev.sundae.inference.recommendation;

import dev.sundae.inference.model.RankedFlavour;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the holdout arm is shown: the chain's best sellers of the last {@code days} days, most sold
 * first, then the rest of the catalogue in its order (all of it, in order, before the first sale).
 * The sales are counted at most once per {@link #REFRESH} per worker, so the holdout arm costs one
 * grouped query every few minutes, not one per frame.
 */
final class Baseline {

  static final Duration REFRESH = Duration.ofMinutes(5);

  private static final String BEST_SELLERS =
      """
      SELECT pf.flavour, count(*) AS sold
      FROM purchase p JOIN purchased_flavour pf ON pf.purchase_id = p.purchase_id
      WHERE p.purchased_at >= now() - make_interval(days => ?)
      GROUP BY pf.flavour
      """;

  private final List<String> catalogue;
  private final int days;
  private final Clock clock;
  private Map<String, Long> sold = Map.of();
  private Instant countedAt;

  Baseline(List<String> catalogue, int days, Clock clock) {
    this.catalogue = catalogue.stream().map(String::trim).toList();
    this.days = days;
    this.clock = clock;
  }

  /**
   * The model's candidates in the baseline's order, each with the model's own score (so that the
   * log shows what the model thought of what the holdout arm was shown).
   */
  synchronized List<RankedFlavour> order(Connection connection, List<RankedFlavour> candidates)
      throws SQLException {
    Instant now = clock.instant();
    if (countedAt == null || !now.isBefore(countedAt.plus(REFRESH))) {
      sold = count(connection);
      countedAt = now;
    }
    Map<String, Long> counts = sold;
    List<RankedFlavour> ordered = new ArrayList<>(candidates);
    ordered.sort(
        Comparator.comparingLong((RankedFlavour f) -> -counts.getOrDefault(f.flavour(), 0L))
            .thenComparingInt(f -> position(f.flavour())));
    List<RankedFlavour> ranked = new ArrayList<>(ordered.size());
    for (RankedFlavour f : ordered) {
      ranked.add(new RankedFlavour(ranked.size() + 1, f.flavour(), f.score()));
    }
    return ranked;
  }

  private int position(String flavour) {
    int i = catalogue.indexOf(flavour);
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  private Map<String, Long> count(Connection connection) throws SQLException {
    Map<String, Long> counts = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(BEST_SELLERS)) {
      select.setInt(1, days);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getString("flavour"), rows.getLong("sold"));
        }
      }
    }
    return counts;
  }
}
