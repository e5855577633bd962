package dev.sundae.tenancy;

/**
 * The inverse-propensity (IPS) estimate of a policy's conversion on traffic another policy served,
 * from the sums the tenant's policy_daily table keeps (migration V5): for each logged
 * recommendation i, w_i = [the policy would have shown first what was shown] / p_i, with p_i the
 * logged probability of what was shown, and r_i = 1 when it converted. The estimate is the mean of
 * w_i r_i, unbiased whenever the logging policy gave every choice of the evaluated policy a
 * positive probability (Horvitz and Thompson; Dudik, Langford and Li 2011); its 95 % interval is
 * the normal one from the sample variance of w_i r_i. The mean of w_i should be near 1: far from
 * it, the logged propensities are wrong or the sample too small.
 *
 * @param recommendations n, the logged recommendations
 * @param weight the sum of w_i
 * @param reward the sum of w_i r_i
 * @param rewardSquared the sum of (w_i r_i) squared
 */
public record InversePropensity(
    long recommendations, double weight, double reward, double rewardSquared) {

  /** The estimated conversion; NaN without recommendations. */
  public double estimate() {
    return reward / recommendations;
  }

  /** The lower end of the 95 % interval. */
  public double low() {
    return estimate() - Proportions.Z * standardError();
  }

  /** The upper end of the 95 % interval. */
  public double high() {
    return estimate() + Proportions.Z * standardError();
  }

  /** The mean importance weight (1 in expectation). */
  public double meanWeight() {
    return weight / recommendations;
  }

  /** The standard error of {@link #estimate()}. */
  public double standardError() {
    if (recommendations < 2) {
      return Double.NaN;
    }
    double mean = estimate();
    double variance =
        Math.max(0, (rewardSquared - recommendations * mean * mean) / (recommendations - 1));
    return Math.sqrt(variance / recommendations);
  }
}
