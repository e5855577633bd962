package dev.sundae.gateway.analytics;

import java.time.Instant;
import java.util.List;

/**
 * How well the recommendations made in a window sold. A recommendation converts when a purchase
 * reported for it contains a flavour it recommended; by rank and by flavour, when it contains the
 * flavour recommended at that rank, or that flavour.
 *
 * @param from start of the window (inclusive), on the recommendations' creation time
 * @param to end of the window (exclusive)
 * @param overall all recommendations of the window
 * @param byRank ranks 1 to 3
 * @param byFlavour every flavour recommended in the window, by name
 * @param byModelVersion every model version that served a recommendation in the window (a candidate
 *     on trial beside the stable one), by version
 */
record Effectiveness(
    Instant from,
    Instant to,
    Conversion overall,
    List<RankConversion> byRank,
    List<FlavourConversion> byFlavour,
    List<ModelConversion> byModelVersion) {

  /**
   * @param recommendations how many recommendations
   * @param converted how many of them were followed by a purchase of the recommended flavour(s)
   * @param conversion converted / recommendations, 0 when there were none
   */
  record Conversion(long recommendations, long converted, double conversion) {
    static Conversion of(long recommendations, long converted) {
      return new Conversion(
          recommendations,
          converted,
          recommendations == 0 ? 0 : (double) converted / recommendations);
    }
  }

  record RankConversion(int rank, long recommendations, long converted, double conversion) {}

  record ModelConversion(
      String modelVersion, long recommendations, long converted, double conversion) {}

  record FlavourConversion(
      String flavour, long recommendations, long converted, double conversion) {}
}
