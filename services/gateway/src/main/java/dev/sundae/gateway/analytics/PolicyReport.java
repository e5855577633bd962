package dev.sundae.gateway.analytics;

import dev.sundae.tenancy.InversePropensity;
import dev.sundae.tenancy.Proportions;
import java.time.Instant;
import java.util.List;

/**
 * The tenant's learning policy against the traffic it logged in a window: what the logged
 * recommendations sold, and the inverse-propensity estimates ({@link InversePropensity}) of what
 * two policies would have sold on the same customers: the learned policy without its exploration,
 * and the model's ranking as it is. Only recommendations of the model's arm that logged a
 * propensity count (the holdout arm is the uplift's business).
 *
 * @param from start of the window (inclusive), on the recommendations' creation time
 * @param to end of the window (exclusive)
 * @param explorationPercent the tenant's exploration share now (the window may have seen another)
 * @param method how the estimates and intervals are computed
 * @param confidenceLevel of every interval
 * @param minimum below this many logged recommendations, no estimate is given
 * @param enoughData whether the window reached {@code minimum}
 * @param logged what the logged recommendations sold, with its Wilson interval
 * @param learned the learned policy's estimated conversion; null without enough data
 * @param model the model's ranking's estimated conversion; null without enough data
 * @param contexts per context (the model's first flavour), what the policy showed first and how it
 *     sold: the evidence it learns from
 */
record PolicyReport(
    Instant from,
    Instant to,
    int explorationPercent,
    String method,
    double confidenceLevel,
    long minimum,
    boolean enoughData,
    Uplift.Arm logged,
    Estimate learned,
    Estimate model,
    List<Context> contexts) {

  static final String METHOD =
      "inverse propensity scoring on the logged propensities, normal interval; logged: Wilson";

  /**
   * @param conversion the estimated conversion
   * @param interval its 95 % interval
   * @param matched how many logged recommendations showed first what this policy would have
   * @param meanWeight the mean importance weight, 1 in expectation: far from it, the log is
   *     inconsistent or the sample small
   */
  record Estimate(
      double conversion, Proportions.Interval interval, long matched, double meanWeight) {

    static Estimate of(InversePropensity ips, long matched, long minimum) {
      if (ips.recommendations() < minimum) {
        return null;
      }
      return new Estimate(
          ips.estimate(),
          new Proportions.Interval(ips.estimate(), ips.low(), ips.high()),
          matched,
          ips.meanWeight());
    }
  }

  /**
   * @param context the flavour the model put first
   * @param recommendations how many logged recommendations had this context
   * @param shownFirst each flavour the policy showed first in it, most shown first
   */
  record Context(String context, long recommendations, List<Action> shownFirst) {}

  /**
   * @param flavour the flavour shown first
   * @param recommendations how many times
   * @param converted how many of them sold a flavour they showed
   * @param conversion converted / recommendations
   */
  record Action(String flavour, long recommendations, long converted, double conversion) {}
}
