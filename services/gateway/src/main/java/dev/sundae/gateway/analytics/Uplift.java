package dev.sundae.gateway.analytics;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.sundae.tenancy.Proportions;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the model adds over the holdout's baseline in a window: the conversion of each arm, and the
 * difference and ratio with 95 % intervals ({@link Proportions}). A recommendation converts as in
 * {@link Effectiveness}: a purchase reported for it contains a flavour it showed.
 *
 * @param from start of the window (inclusive), on the recommendations' creation time
 * @param to end of the window (exclusive)
 * @param holdoutPercent the tenant's holdout share now (the window may have seen another)
 * @param method how the intervals are computed
 * @param confidenceLevel of every interval
 * @param minimumPerArm below this many recommendations in either arm, a comparison has no uplift
 * @param overall every recommendation of the window
 * @param byStore those whose upload named a store, by store
 * @param byDay by UTC day of creation
 */
record Uplift(
    Instant from,
    Instant to,
    int holdoutPercent,
    String method,
    double confidenceLevel,
    long minimumPerArm,
    Comparison overall,
    List<StoreComparison> byStore,
    List<DayComparison> byDay) {

  static final String METHOD =
      "difference: Newcombe hybrid score (Wilson per arm); ratio: log (Katz)";

  /**
   * @param model the arm shown the model's ranking
   * @param holdout the arm shown the baseline
   * @param enoughData whether both arms reached {@link Uplift#minimumPerArm}
   * @param absoluteUplift model conversion minus holdout conversion; null without enough data
   * @param relativeUplift model conversion over holdout conversion, minus 1; null without enough
   *     data or while either arm has no conversion
   */
  record Comparison(
      Arm model,
      Arm holdout,
      boolean enoughData,
      Proportions.Interval absoluteUplift,
      Proportions.Interval relativeUplift) {

    static Comparison of(long minimum, Arm model, Arm holdout) {
      boolean enough = model.recommendations() >= minimum && holdout.recommendations() >= minimum;
      if (!enough) {
        return new Comparison(model, holdout, false, null, null);
      }
      return new Comparison(
          model,
          holdout,
          true,
          Proportions.difference(
              model.converted(),
              model.recommendations(),
              holdout.converted(),
              holdout.recommendations()),
          Proportions.relative(
              model.converted(),
              model.recommendations(),
              holdout.converted(),
              holdout.recommendations()));
    }
  }

  /**
   * @param recommendations how many recommendations the arm served
   * @param converted how many of them were followed by a purchase of a flavour they showed
   * @param conversion converted / recommendations, 0 when there were none
   * @param interval the conversion's Wilson interval; null when there were none
   */
  record Arm(
      long recommendations, long converted, double conversion, Proportions.Interval interval) {
    static Arm of(long recommendations, long converted) {
      return recommendations == 0
          ? new Arm(0, 0, 0, null)
          : new Arm(
              recommendations,
              converted,
              (double) converted / recommendations,
              Proportions.wilson(converted, recommendations));
    }
  }

  record StoreComparison(String store, @JsonUnwrapped Comparison comparison) {}

  record DayComparison(LocalDate day, @JsonUnwrapped Comparison comparison) {}
}
