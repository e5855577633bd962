package dev.sundae.testing.bench;

import java.util.Locale;

/**
 * One row of the table {@code hack/bench.sh} prints: a figure beside its baseline measured in the
 * same run, and the target it is held to. Each benchmark prints its own report as before and, for
 * its headline figures, these rows (a line starting with {@link #PREFIX}, tab-separated), which the
 * script collects from every benchmark of one run.
 *
 * @param benchmark which benchmark
 * @param measure what was measured, with its unit
 * @param value the figure
 * @param baseline the same-run baseline it is compared with, or NaN when there is none
 * @param target the target, as text ({@code "<= 5x"}); empty for none
 * @param met whether the target is met; ignored without a target
 */
public record BenchRow(
    String benchmark, String measure, double value, double baseline, String target, boolean met) {

  public static final String PREFIX = "BENCH-ROW\t";

  public BenchRow {
    for (String text : new String[] {benchmark, measure, target}) {
      if (text.contains("\t") || text.contains("\n")) {
        throw new IllegalArgumentException("a tab or a line break in " + text);
      }
    }
  }

  /** The row as the line the script reads. */
  public String line() {
    return PREFIX
        + String.join(
            "\t",
            benchmark,
            measure,
            number(value),
            Double.isNaN(baseline) ? "" : number(baseline),
            Double.isNaN(baseline) || baseline == 0 ? "" : number(value / baseline),
            target,
            target.isEmpty() ? "" : (met ? "met" : "NOT met"));
  }

  /** Prints {@link #line()} to standard output. */
  public void print() {
    System.out.println(line());
  }

  private static String number(double value) {
    double magnitude = Math.abs(value);
    String format =
        magnitude >= 100
            ? "%.0f"
            : magnitude >= 10
                ? "%.1f"
                : magnitude >= 1 ? "%.2f" : magnitude >= 0.01 || value == 0 ? "%.3f" : "%.4f";
    return String.format(Locale.ROOT, format, value);
  }
}
