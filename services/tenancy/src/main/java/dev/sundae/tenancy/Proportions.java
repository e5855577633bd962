package dev.sundae.tenancy;

/**
 * Confidence intervals for conversion rates and for the difference and ratio of two of them, at 95
 * %.
 *
 * <p>The difference uses Newcombe's hybrid score interval (Newcombe 1998, "Interval estimation for
 * the difference between independent proportions", method 10), built from each arm's Wilson score
 * interval. It is what a holdout needs: the holdout arm is small (5 % of sessions) and conversion
 * rates can sit near 0 or 1, where the textbook Wald interval (p1 - p2 +- z * se) is too narrow and
 * can leave [-1, 1]; Newcombe's keeps close to its nominal coverage there and never leaves it. The
 * ratio uses the log (Katz) interval, undefined while either arm has no conversion.
 */
public final class Proportions {

  /** The 97.5th percentile of the standard normal: a two-sided 95 % interval. */
  public static final double Z = 1.959963984540054;

  public static final double LEVEL = 0.95;

  private Proportions() {}

  /** An estimate with its interval. */
  public record Interval(double estimate, double low, double high) {
    public boolean covers(double value) {
      return low <= value && value <= high;
    }
  }

  /** Wilson's score interval for {@code converted} of {@code n}; n must be positive. */
  public static Interval wilson(long converted, long n) {
    double p = (double) converted / n;
    double z2 = Z * Z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** Newcombe's hybrid score interval for p1 - p2; both n must be positive. */
  public static Interval difference(long converted1, long n1, long converted2, long n2) {
    Interval one = wilson(converted1, n1);
    Interval two = wilson(converted2, n2);
    double d = one.estimate() - two.estimate();
    double below =
        Math.sqrt(square(one.estimate() - one.low()) + square(two.high() - two.estimate()));
    double above =
        Math.sqrt(square(one.high() - one.estimate()) + square(two.estimate() - two.low()));
    return new Interval(d, d - below, d + above);
  }

  /**
   * The log interval for p1 / p2 - 1 (the relative uplift); null while either arm has no
   * conversion, where the ratio or its interval is undefined.
   */
  public static Interval relative(long converted1, long n1, long converted2, long n2) {
    if (converted1 == 0 || converted2 == 0) {
      return null;
    }
    double ratio = ((double) converted1 / n1) / ((double) converted2 / n2);
    double se = Math.sqrt(1.0 / converted1 - 1.0 / n1 + 1.0 / converted2 - 1.0 / n2);
    return new Interval(ratio - 1, ratio * Math.exp(-Z * se) - 1, ratio * Math.exp(Z * se) - 1);
  }

  private static double square(double x) {
    return x * x;
  }
}
